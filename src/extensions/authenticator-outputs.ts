import { WebAuthnError } from '../errors.js';
import type { CborMap } from '../encoding/cbor.js';
import type { AuthenticationExtensionsClientInputsJSON } from '../types.js';
import { credProtectLevel, type CredProtectLevel } from './cred-protect.js';
import { checkPolicy, inputOf, isRecord, setOwn, unsolicited, type UnsolicitedExtensionPolicy } from './policy.js';

/**
 * Authenticator extension outputs: the CBOR map in authenticator data when the ED flag is set
 * (WebAuthn L3 §6.1), keyed by extension identifier. Unlike client outputs these are signed by
 * the authenticator. The large blob key (CTAP 2.1 §12.3) is not among them: CTAP returns it
 * beside the authenticator data, and clients never forward it.
 */
export interface AuthenticatorExtensionOutputs {
  /** credProtect (CTAP 2.1 §12.1): the protection level the new credential got. */
  credProtect?: CredProtectLevel;
  /** hmac-secret at registration (CTAP 2.1 §12.5): the credential has an HMAC secret. */
  hmacSecret?: boolean;
  /** hmac-secret at sign-in: the HMAC outputs, encrypted for the client (opaque to the RP). */
  hmacGetSecret?: Uint8Array;
  /** hmac-secret-mc (CTAP 2.2): HMAC outputs computed at registration, encrypted for the client. */
  hmacSecretMc?: Uint8Array;
  /** minPinLength (CTAP 2.1 §12.4): the authenticator's current minimum PIN length. */
  minPinLength?: number;
  /** credBlob at registration (CTAP 2.1 §12.2): whether the blob was stored. */
  credBlobStored?: boolean;
  /** credBlob at sign-in: the blob stored with the credential. */
  credBlob?: Uint8Array;
  /** Outputs of requested extensions this library does not model, as decoded from CBOR. */
  unknown: Record<string, unknown>;
  /** Identifiers of unsolicited outputs dropped under the 'ignore' policy. */
  ignored: string[];
}

// Encrypted hmac-secret outputs: one or two 32-byte values, plus a 16-byte IV with PIN/UV protocol 2.
const HMAC_OUTPUT_LENGTHS = new Set([32, 48, 64, 80]);
// CTAP 2.1 §6.5.1: PINs are 4 to 63 bytes long.
const MIN_PIN = 4;
const MAX_PIN = 63;

// Client extension inputs with no authenticator output of the same name (WebAuthn L3 §10.1: appid,
// appidExclude, credProps, prf, largeBlob; CTAP 2.1 §12: the client-side names of credProtect,
// credBlob and hmac-secret). An authData output under one of them was never asked for.
const CLIENT_ONLY_INPUTS = new Set([
  'appid',
  'appidExclude',
  'credProps',
  'prf',
  'largeBlob',
  'credentialProtectionPolicy',
  'enforceCredentialProtectionPolicy',
  'getCredBlob',
  'hmacCreateSecret',
  'hmacGetSecret',
]);

function invalid(message: string): never {
  throw new WebAuthnError('extension_invalid', `authenticator extension ${message}`);
}

function encrypted(value: unknown, id: string): Uint8Array {
  if (!(value instanceof Uint8Array) || !HMAC_OUTPUT_LENGTHS.has(value.length)) {
    invalid(`"${id}" must be the encrypted HMAC output (32, 48, 64 or 80 bytes)`);
  }
  return value;
}

/** Whether the client extension inputs lead to this authenticator extension. */
function wasRequested(requested: unknown, id: string): boolean {
  switch (id) {
    case 'credProtect':
      return credProtectLevel(inputOf(requested, 'credentialProtectionPolicy')) !== undefined;
    case 'hmac-secret':
      // prf is implemented over hmac-secret (§10.1.4), so it asks for it too.
      return inputOf(requested, 'hmacCreateSecret') === true || isRecord(inputOf(requested, 'prf')) || isRecord(inputOf(requested, 'hmacGetSecret'));
    case 'hmac-secret-mc': {
      const prf = inputOf(requested, 'prf');
      return (isRecord(prf) && isRecord(prf.eval)) || isRecord(inputOf(requested, 'hmacGetSecret'));
    }
    case 'minPinLength':
      return inputOf(requested, 'minPinLength') === true;
    case 'credBlob':
      return typeof inputOf(requested, 'credBlob') === 'string' || inputOf(requested, 'getCredBlob') === true;
    default:
      return !CLIENT_ONLY_INPUTS.has(id) && inputOf(requested, id) !== undefined;
  }
}

/** Which ceremony the outputs come from, when known: some extensions answer each with another type. */
export type ExtensionCeremony = 'registration' | 'authentication';

function readOutput(out: AuthenticatorExtensionOutputs, id: string, value: unknown, ceremony: ExtensionCeremony | undefined): void {
  switch (id) {
    case 'credProtect':
      if (value !== 1 && value !== 2 && value !== 3) invalid('"credProtect" must be 1, 2 or 3');
      out.credProtect = value;
      return;
    case 'hmac-secret':
      // CTAP 2.1 §12.5: makeCredential answers with a boolean, getAssertion with the encrypted outputs.
      if (ceremony === 'registration' && typeof value !== 'boolean') invalid('"hmac-secret" must be a boolean at registration');
      if (ceremony !== 'authentication' && typeof value === 'boolean') out.hmacSecret = value;
      else out.hmacGetSecret = encrypted(value, id);
      return;
    case 'hmac-secret-mc':
      out.hmacSecretMc = encrypted(value, id);
      return;
    case 'minPinLength':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < MIN_PIN || value > MAX_PIN) {
        invalid(`"minPinLength" must be an integer from ${MIN_PIN} to ${MAX_PIN}`);
      }
      out.minPinLength = value;
      return;
    case 'credBlob':
      // CTAP 2.1 §12.2: makeCredential answers with a boolean, getAssertion with the blob.
      if (ceremony === 'registration' && typeof value !== 'boolean') invalid('"credBlob" must be a boolean at registration');
      if (ceremony === 'authentication' && typeof value === 'boolean') invalid('"credBlob" must be bytes at sign-in');
      if (typeof value === 'boolean') out.credBlobStored = value;
      else if (value instanceof Uint8Array) out.credBlob = value;
      else invalid('"credBlob" must be a boolean or bytes');
      return;
    default:
      setOwn(out.unknown, id, value);
  }
}

/**
 * credProtect with `enforceCredentialProtectionPolicy` (CTAP 2.1 §12.1): the client must not
 * create a credential below the requested level, so a lower or missing level (missing means
 * level 1) fails the ceremony with 'extension_invalid'. Without enforcement any level is reported.
 */
function checkEnforcedCredProtect(out: AuthenticatorExtensionOutputs, requested: unknown): void {
  if (inputOf(requested, 'enforceCredentialProtectionPolicy') !== true) return;
  const policy = inputOf(requested, 'credentialProtectionPolicy');
  if (policy === undefined) return;
  const required = credProtectLevel(policy);
  if (required === undefined) throw new WebAuthnError('invalid_options', 'extensions.credentialProtectionPolicy is not a known policy');
  const got = out.credProtect ?? 1;
  if (got < required) {
    invalid(`"credProtect" is ${got} but policy ${String(policy)} (level ${required}) was requested with enforcement`);
  }
}

/**
 * Parses the authenticator extension outputs against the extensions requested in the options
 * (WebAuthn L3 §7.1 step 18, §7.2 step 17). Malformed values throw 'extension_invalid', and so do
 * values of the other ceremony's type when `ceremony` is given;
 * unsolicited outputs are dropped and listed in `ignored`, or throw 'extension_not_requested'
 * under the 'reject' policy.
 */
export function parseAuthenticatorExtensions(
  map: CborMap | undefined,
  requested: AuthenticationExtensionsClientInputsJSON | undefined,
  policy: UnsolicitedExtensionPolicy = 'ignore',
  ceremony?: ExtensionCeremony,
): AuthenticatorExtensionOutputs {
  checkPolicy(policy);
  if (ceremony !== undefined && ceremony !== 'registration' && ceremony !== 'authentication') {
    throw new WebAuthnError('invalid_options', 'the ceremony must be "registration" or "authentication"');
  }
  const out: AuthenticatorExtensionOutputs = { unknown: {}, ignored: [] };
  if (map !== undefined) {
    if (!(map instanceof Map)) invalid('outputs must be a CBOR map');
    for (const [key, value] of map) {
      if (typeof key !== 'string') invalid('identifiers must be text');
      if (wasRequested(requested, key)) readOutput(out, key, value, ceremony);
      else unsolicited(key, 'authenticator extension outputs', policy, out.ignored);
    }
  }
  checkEnforcedCredProtect(out, requested);
  return out;
}
