import { WebAuthnError, fail, type ErrorCode } from '../errors.js';
import { fromBase64url, toBase64url } from '../encoding/base64url.js';
import { equalBytes, toUuid } from '../encoding/bytes.js';
import { decodeCoseKey } from '../cose/key.js';
import { DEFAULT_SUPPORTED_ALGORITHMS } from '../cose/algorithms.js';
import { parseAttestationObject } from '../parse/attestation-object.js';
import { MAX_CREDENTIAL_ID_LENGTH, parseAuthenticatorData, type AuthenticatorData } from '../parse/authenticator-data.js';
import { MAX_CLIENT_DATA_JSON, parseClientDataJSON } from '../parse/client-data.js';
import { DEFAULT_CBOR_LIMITS } from '../encoding/cbor.js';
import type { AuthenticatorAttachment, AuthenticatorTransport, Base64URLString, COSEAlgorithmIdentifier, CredentialRecord } from '../types.js';
import type { Clock } from './challenge-types.js';
import { checkClock, readClock } from './clock.js';
import { renamePasskey } from './manage.js';
import { knownTransports } from '../ceremony/transports.js';
import { MAX_USER_HANDLE_LENGTH } from '../ceremony/user-handle.js';

/**
 * A credential another relying party library registered, as its database holds it. Binary
 * members are bytes (a Uint8Array, Node's Buffer included) or unpadded base64url text; `null`
 * counts as absent, as a database column gives it. Members not listed here are refused, so
 * that a name from another library (`counter`, `deviceType`, `backedUp`) cannot slip through.
 */
export interface ImportCredentialInput {
  /** The credential ID. */
  id: Base64URLString | Uint8Array;
  /** The credential public key: the COSE_Key bytes from the attested credential data. */
  publicKey: Base64URLString | Uint8Array;
  /** The signature counter last stored (@simplewebauthn/server: `counter`). */
  signCount: number;
  /** BE. Required unless `attestationObject` is given, which carries it. */
  backupEligible?: boolean | null;
  /** BS at the last ceremony. Default: the attestation object's BS, else false. */
  backupState?: boolean | null;
  /** Transports reported at registration; unknown values are dropped, as at registration. */
  transports?: readonly string[] | null;
  /** Whether any ceremony with this credential had UV set. Default false (see the README). */
  uvInitialized?: boolean | null;
  /** The AAGUID: a UUID string or 16 bytes. Default: all zeros (unknown). */
  aaguid?: string | Uint8Array | null;
  /** The user handle (user.id) the credential was registered for, 1 to 64 bytes. */
  userHandle?: Base64URLString | Uint8Array | null;
  /** credProps.rk at registration. */
  discoverable?: boolean | null;
  authenticatorAttachment?: AuthenticatorAttachment | null;
  /** Registration time (ISO 8601 text or a Date). Default: the import time. */
  createdAt?: string | Date | null;
  lastUsedAt?: string | Date | null;
  /** The name the user gave the passkey; checked as `renamePasskey` checks it. */
  name?: string | null;
  /** The registration's attestation object, when the old library kept it. */
  attestationObject?: Base64URLString | Uint8Array | null;
  /** The registration's clientDataJSON; only with `attestationObject`. */
  attestationClientDataJSON?: Base64URLString | Uint8Array | null;
}

export interface ImportCredentialOptions {
  /** Algorithms the verifiers will accept for this key; default: every supported one but RS1. */
  supportedAlgorithmIDs?: readonly COSEAlgorithmIdentifier[];
  /** The clock for a missing `createdAt`. Default: Date.now. */
  now?: Clock;
}

const MEMBERS = new Set([
  'id',
  'publicKey',
  'signCount',
  'backupEligible',
  'backupState',
  'transports',
  'uvInitialized',
  'aaguid',
  'userHandle',
  'discoverable',
  'authenticatorAttachment',
  'createdAt',
  'lastUsedAt',
  'name',
  'attestationObject',
  'attestationClientDataJSON',
]);

const MAX_TRANSPORTS = 16;
const ATTACHMENTS = new Set(['platform', 'cross-platform']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ZERO_AAGUID = '00000000-0000-0000-0000-000000000000';
/** Room for the largest key the COSE decoder accepts (RSA-16384, ML-DSA-87), with margin. */
const MAX_PUBLIC_KEY_BYTES = 4096;

const invalid = (message: string): never => fail('invalid_options', `importCredentialRecord: ${message}`);

/** Longest unpadded base64url text for `bytes` bytes. */
const base64urlLength = (bytes: number): number => Math.ceil((bytes * 4) / 3);

/** Bytes from a Uint8Array or base64url text; the text length is bounded before it is decoded. */
function bytesMember(value: unknown, what: string, maxBytes: number, tooLong: ErrorCode): Uint8Array {
  let bytes: Uint8Array;
  if (value instanceof Uint8Array) {
    bytes = value;
  } else if (typeof value === 'string') {
    if (value.length > base64urlLength(maxBytes)) fail(tooLong, `${what} is longer than ${maxBytes} bytes`);
    bytes = fromBase64url(value, what);
  } else {
    return invalid(`${what} must be bytes or a base64url string`);
  }
  if (bytes.length === 0) invalid(`${what} is empty`);
  if (bytes.length > maxBytes) fail(tooLong, `${what} is longer than ${maxBytes} bytes`);
  return bytes;
}

function optionalBoolean(value: unknown, what: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') invalid(`${what} must be a boolean`);
  return value as boolean;
}

function isoTime(value: unknown, what: string): string {
  const t = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(t)) invalid(`${what} must be an ISO 8601 time or a Date`);
  return new Date(t).toISOString();
}

function aaguidMember(value: unknown): string {
  if (value instanceof Uint8Array) {
    if (value.length !== 16) invalid('aaguid must be 16 bytes');
    return toUuid(value);
  }
  if (typeof value !== 'string' || !UUID.test(value)) return invalid('aaguid must be a UUID');
  return value.toLowerCase();
}

function transportsMember(value: unknown): AuthenticatorTransport[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > MAX_TRANSPORTS) invalid(`transports must be an array of at most ${MAX_TRANSPORTS} strings`);
  const list = value as unknown[];
  if (!list.every((t) => typeof t === 'string')) invalid('transports must be strings');
  // Known values, once each, as at registration (7.1 step 25).
  return knownTransports(list);
}

/** What the registration's attestation object says about the credential. */
interface Attested {
  fmt: string;
  authData: AuthenticatorData;
}

/**
 * Parses a kept attestation object and checks that it attests this very credential: the same ID
 * and the same COSE_Key bytes (WebAuthn L3 section 6.5.1, attested credential data).
 */
function readAttestation(bytes: Uint8Array, id: Uint8Array, publicKey: Uint8Array): Attested {
  const { fmt, authData: authDataBytes } = parseAttestationObject(bytes);
  const authData = parseAuthenticatorData(authDataBytes);
  const attested = authData.attestedCredentialData;
  if (!authData.flags.at || attested === undefined) {
    throw new WebAuthnError('missing_attested_credential_data', 'the attestation object has no attested credential data');
  }
  if (!equalBytes(attested.credentialId, id)) {
    throw new WebAuthnError('credential_id_mismatch', 'the attestation object is for another credential ID');
  }
  if (!equalBytes(attested.credentialPublicKey, publicKey)) {
    throw new WebAuthnError('attestation_key_mismatch', 'publicKey is not the credential public key in the attestation object');
  }
  // Section 6.1.3: BS without BE cannot happen.
  if (authData.flags.bs && !authData.flags.be) {
    throw new WebAuthnError('backup_flags_invalid', 'the attestation object has the BS flag without the BE flag');
  }
  return { fmt, authData };
}

/**
 * Turns a credential stored by another relying party library (@simplewebauthn/server,
 * go-webauthn, webauthn4j, py_webauthn...) into a passkey-rp `CredentialRecord`, so that its
 * users sign in without registering again. Every member is checked as untrusted input: the key
 * is decoded and validated, and a kept attestation object must attest this very credential.
 * Throws a WebAuthnError; returns a new record that round-trips through JSON.
 */
export function importCredentialRecord(input: ImportCredentialInput, options: ImportCredentialOptions = {}): CredentialRecord {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) invalid('the input must be an object');
  for (const key of Object.keys(input)) if (!MEMBERS.has(key)) invalid(`unknown member "${key}" (see the migration mapping)`);
  if (typeof options !== 'object' || options === null) invalid('options must be an object');

  const id = bytesMember(input.id, 'id', MAX_CREDENTIAL_ID_LENGTH, 'credential_id_too_long');
  const publicKeyBytes = bytesMember(input.publicKey, 'publicKey', MAX_PUBLIC_KEY_BYTES, 'input_too_large');
  // Section 6.5.1.1: a COSE_Key with alg; off-curve points and weak RSA keys fail here, not at sign-in.
  const key = decodeCoseKey(publicKeyBytes);
  const allowed = options.supportedAlgorithmIDs ?? DEFAULT_SUPPORTED_ALGORITHMS;
  if (!Array.isArray(allowed)) invalid('supportedAlgorithmIDs must be an array');
  if (!allowed.includes(key.alg)) {
    throw new WebAuthnError('algorithm_not_allowed', `credential algorithm ${key.alg} is not in the allowed list: sign-in would refuse it`);
  }

  const signCount = input.signCount;
  if (!Number.isSafeInteger(signCount) || signCount < 0 || signCount > 0xffffffff) {
    invalid('signCount must be an integer from 0 to 2^32-1');
  }

  let attestationObject: Uint8Array | undefined;
  let attested: Attested | undefined;
  if (input.attestationObject !== undefined && input.attestationObject !== null) {
    attestationObject = bytesMember(input.attestationObject, 'attestationObject', DEFAULT_CBOR_LIMITS.maxBytes, 'input_too_large');
    attested = readAttestation(attestationObject, id, publicKeyBytes);
  }
  let clientDataJSON: Uint8Array | undefined;
  if (input.attestationClientDataJSON !== undefined && input.attestationClientDataJSON !== null) {
    if (attested === undefined) invalid('attestationClientDataJSON is only kept with attestationObject');
    clientDataJSON = bytesMember(input.attestationClientDataJSON, 'attestationClientDataJSON', MAX_CLIENT_DATA_JSON, 'input_too_large');
    const C = parseClientDataJSON(clientDataJSON);
    // 7.1 step 7: the clientDataJSON of a registration.
    if (C.type !== 'webauthn.create') {
      throw new WebAuthnError('type_mismatch', `attestationClientDataJSON.type is "${C.type}", expected "webauthn.create"`);
    }
  }

  // Section 6.1.3: BE is fixed when the credential is made; the attestation object, when kept, is its record.
  let backupEligible = optionalBoolean(input.backupEligible, 'backupEligible');
  let backupState = optionalBoolean(input.backupState, 'backupState');
  const flags = attested?.authData.flags;
  if (flags !== undefined) {
    if (backupEligible !== undefined && backupEligible !== flags.be) {
      throw new WebAuthnError('backup_eligibility_changed', 'backupEligible differs from the BE flag in the attestation object');
    }
    backupEligible = flags.be;
    backupState ??= flags.bs;
  }
  if (backupEligible === undefined) {
    return invalid('backupEligible is required (@simplewebauthn/server: deviceType === "multiDevice") unless attestationObject is given');
  }
  backupState ??= false;
  if (backupState && !backupEligible) {
    throw new WebAuthnError('backup_flags_invalid', 'a credential that is not backup eligible cannot be backed up');
  }

  // Section 4, credential record: signCount is the latest counter of any ceremony, never below the registration's.
  if (attested !== undefined && signCount < attested.authData.signCount) {
    throw new WebAuthnError('counter_regression', `signCount ${signCount} is below the ${attested.authData.signCount} of the registration`);
  }

  // Section 4: uvInitialized says whether any ceremony had UV. Unknown is false, so UV is not
  // relied upon as a factor until a verified sign-in sets it (as the spec asks of a false value).
  const uvInitialized = (optionalBoolean(input.uvInitialized, 'uvInitialized') ?? false) || flags?.uv === true;

  let aaguid = input.aaguid === undefined || input.aaguid === null ? undefined : aaguidMember(input.aaguid);
  if (attested !== undefined) {
    const fromAttestation = toUuid(attested.authData.attestedCredentialData!.aaguid);
    if (aaguid !== undefined && aaguid !== fromAttestation) {
      throw new WebAuthnError('attestation_aaguid_mismatch', 'aaguid differs from the AAGUID in the attestation object');
    }
    aaguid = fromAttestation;
  }

  let record: CredentialRecord = {
    id: toBase64url(id),
    publicKey: toBase64url(publicKeyBytes),
    algorithm: key.alg,
    signCount,
    transports: transportsMember(input.transports),
    uvInitialized,
    backupEligible,
    backupState,
    aaguid: aaguid ?? ZERO_AAGUID,
    // Without the attestation object there is no attestation evidence: "none" says exactly that.
    attestationFormat: attested?.fmt ?? 'none',
    attestationObject: attestationObject === undefined ? '' : toBase64url(attestationObject),
    attestationClientDataJSON: clientDataJSON === undefined ? '' : toBase64url(clientDataJSON),
    createdAt:
      input.createdAt === undefined || input.createdAt === null
        ? new Date(readClock(checkClock(options.now ?? Date.now))).toISOString()
        : isoTime(input.createdAt, 'createdAt'),
  };
  if (input.lastUsedAt !== undefined && input.lastUsedAt !== null) {
    record.lastUsedAt = isoTime(input.lastUsedAt, 'lastUsedAt');
    // A stored use before the stored registration is a corrupt row (a default createdAt is the import time, so no check then).
    const storedCreatedAt = input.createdAt !== undefined && input.createdAt !== null;
    if (storedCreatedAt && Date.parse(record.lastUsedAt) < Date.parse(record.createdAt)) invalid('lastUsedAt is before createdAt');
  }
  if (input.userHandle !== undefined && input.userHandle !== null) {
    record.userHandle = toBase64url(bytesMember(input.userHandle, 'userHandle', MAX_USER_HANDLE_LENGTH, 'invalid_options'));
  }
  const discoverable = optionalBoolean(input.discoverable, 'discoverable');
  if (discoverable !== undefined) record.discoverable = discoverable;
  if (input.authenticatorAttachment !== undefined && input.authenticatorAttachment !== null) {
    if (!ATTACHMENTS.has(input.authenticatorAttachment)) invalid('authenticatorAttachment must be "platform" or "cross-platform"');
    record.authenticatorAttachment = input.authenticatorAttachment;
  }
  if (input.name !== undefined && input.name !== null) record = renamePasskey(record, input.name);
  return record;
}
