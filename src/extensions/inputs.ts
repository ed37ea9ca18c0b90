import { WebAuthnError } from '../errors.js';
import { fromBase64url, toBase64url } from '../encoding/base64url.js';
import type { AuthenticationExtensionsClientInputsJSON, Base64URLString } from '../types.js';
import { checkAppId } from './appid.js';
import { credProtectLevel, type CredentialProtectionPolicy } from './cred-protect.js';
import { isRecord } from './policy.js';

/**
 * Typed extension inputs for the two option builders, turned into the JSON members browsers
 * read (`PublicKeyCredential.parseCreationOptionsFromJSON` / `parseRequestOptionsFromJSON`).
 * Inputs a client would refuse (a DOMException) are refused here, with 'invalid_options'.
 */

/** Bytes, or their base64url encoding. */
export type BinaryInput = Uint8Array | Base64URLString;

/** PRF inputs (WebAuthn L3 §10.1.4): any length; the client hashes them into hmac-secret salts. */
export interface PrfInputValues {
  first: BinaryInput;
  second?: BinaryInput;
}

export interface RegistrationExtensionInputs {
  /** credProps (§10.1.3): learn whether a discoverable credential was created (`rk`). */
  credProps?: boolean;
  /** prf (§10.1.4): `true` asks whether a PRF is available; `eval` also evaluates it if the authenticator can. */
  prf?: true | { eval?: PrfInputValues };
  /** largeBlob (§10.1.5): ask for large blob storage. */
  largeBlob?: 'required' | 'preferred';
  /** credProtect (CTAP 2.1 §12.1); with `enforce`, the client fails rather than create a weaker credential. */
  credProtect?: { policy: CredentialProtectionPolicy; enforce?: boolean };
  /** appidExclude (§10.1.2): the U2F AppID whose credentials `excludeCredentials` may also name. */
  appidExclude?: string;
  /** minPinLength (CTAP 2.1 §12.4): ask for the authenticator's minimum PIN length. */
  minPinLength?: boolean;
  /** hmac-secret (CTAP 2.1 §12.5) as `hmacCreateSecret`; prefer prf in browsers. */
  hmacCreateSecret?: boolean;
}

export interface AuthenticationExtensionInputs {
  /** appid (§10.1.1): the AppID the RP used with U2F, for credentials registered there. */
  appid?: string;
  /** prf (§10.1.4): values for every credential, or per credential ID (base64url) in allowCredentials. */
  prf?: { eval?: PrfInputValues; evalByCredential?: Readonly<Record<Base64URLString, PrfInputValues>> };
  /** largeBlob (§10.1.5): read the blob, or write one (then allowCredentials must name exactly one credential). */
  largeBlob?: { read: true } | { write: BinaryInput };
}

function bad(message: string): never {
  throw new WebAuthnError('invalid_options', message);
}

function binary(value: unknown, what: string): Base64URLString {
  if (value instanceof Uint8Array) return toBase64url(value);
  if (typeof value === 'string') {
    try {
      fromBase64url(value);
      return value;
    } catch {
      bad(`${what} is not base64url`);
    }
  }
  return bad(`${what} must be bytes or a base64url string`);
}

function isBase64url(text: string): boolean {
  try {
    fromBase64url(text);
    return true;
  } catch {
    return false;
  }
}

function prfValues(value: unknown, what: string): { first: Base64URLString; second?: Base64URLString } {
  if (!isRecord(value)) bad(`${what} must be { first, second? }`);
  const out: { first: Base64URLString; second?: Base64URLString } = { first: binary(value.first, `${what}.first`) };
  if (value.second !== undefined) out.second = binary(value.second, `${what}.second`);
  return out;
}

function flag(value: unknown, what: string): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') bad(`${what} must be a boolean`);
  return value;
}

/** Client extension inputs for registration options (`extensions` of the creation options). */
export function registrationExtensions(inputs: RegistrationExtensionInputs): AuthenticationExtensionsClientInputsJSON {
  if (!isRecord(inputs)) bad('registration extensions must be an object');
  const out: AuthenticationExtensionsClientInputsJSON = {};
  if (flag(inputs.credProps, 'credProps')) out.credProps = true;
  if (inputs.prf !== undefined) {
    if (inputs.prf === true) out.prf = {};
    else if (!isRecord(inputs.prf)) bad('prf must be true or { eval? }');
    // §10.1.4 registration: evalByCredential makes the client fail with NotSupportedError.
    else if ('evalByCredential' in inputs.prf) bad('prf.evalByCredential is only for authentication; use prf.eval');
    else out.prf = inputs.prf.eval === undefined ? {} : { eval: prfValues(inputs.prf.eval, 'prf.eval') };
  }
  if (inputs.largeBlob !== undefined) {
    if (inputs.largeBlob !== 'required' && inputs.largeBlob !== 'preferred') bad('largeBlob must be "required" or "preferred"');
    out.largeBlob = { support: inputs.largeBlob };
  }
  if (inputs.credProtect !== undefined) {
    const credProtect: unknown = inputs.credProtect;
    if (!isRecord(credProtect) || credProtectLevel(credProtect.policy) === undefined) {
      bad('credProtect.policy must be userVerificationOptional, userVerificationOptionalWithCredentialIDList or userVerificationRequired');
    }
    out.credentialProtectionPolicy = credProtect.policy as CredentialProtectionPolicy;
    if (flag(credProtect.enforce, 'credProtect.enforce')) out.enforceCredentialProtectionPolicy = true;
  }
  if (inputs.appidExclude !== undefined) out.appidExclude = checkAppId(inputs.appidExclude, 'appidExclude');
  if (flag(inputs.minPinLength, 'minPinLength')) out.minPinLength = true;
  if (flag(inputs.hmacCreateSecret, 'hmacCreateSecret')) out.hmacCreateSecret = true;
  return out;
}

/**
 * Client extension inputs for authentication options. `allowCredentials` are the credential IDs
 * (base64url) of the same request: prf.evalByCredential keys must be among them, and a largeBlob
 * write needs exactly one.
 */
export function authenticationExtensions(
  inputs: AuthenticationExtensionInputs,
  allowCredentials: readonly Base64URLString[] = [],
): AuthenticationExtensionsClientInputsJSON {
  if (!isRecord(inputs)) bad('authentication extensions must be an object');
  if (!Array.isArray(allowCredentials) || !allowCredentials.every((id) => typeof id === 'string')) {
    bad('allowCredentials must be a list of base64url credential IDs');
  }
  const out: AuthenticationExtensionsClientInputsJSON = {};
  if (inputs.appid !== undefined) out.appid = checkAppId(inputs.appid, 'appid');
  if (inputs.prf !== undefined) {
    if (!isRecord(inputs.prf)) bad('prf must be { eval?, evalByCredential? }');
    const prf: NonNullable<AuthenticationExtensionsClientInputsJSON['prf']> = {};
    if (inputs.prf.eval !== undefined) prf.eval = prfValues(inputs.prf.eval, 'prf.eval');
    const byCredential = inputs.prf.evalByCredential;
    if (byCredential !== undefined) {
      if (!isRecord(byCredential)) bad('prf.evalByCredential must map credential IDs to { first, second? }');
      const ids = Object.keys(byCredential);
      // §10.1.4 authentication: a non-empty evalByCredential needs allowCredentials (NotSupportedError),
      // and every key must be the base64url ID of one of them (SyntaxError).
      if (ids.length > 0 && allowCredentials.length === 0) bad('prf.evalByCredential needs the allowCredentials of the same request');
      const entries: Record<Base64URLString, { first: Base64URLString; second?: Base64URLString }> = {};
      for (const id of ids) {
        if (id.length === 0 || !isBase64url(id) || !allowCredentials.includes(id)) bad(`prf.evalByCredential key ${JSON.stringify(id.slice(0, 64))} is not a credential ID in allowCredentials`);
        Object.defineProperty(entries, id, { value: prfValues(byCredential[id], `prf.evalByCredential[${id}]`), enumerable: true });
      }
      prf.evalByCredential = entries;
    }
    out.prf = prf;
  }
  if (inputs.largeBlob !== undefined) {
    const largeBlob: unknown = inputs.largeBlob;
    if (!isRecord(largeBlob)) bad('largeBlob must be { read: true } or { write }');
    // §10.1.5 authentication: support is for registration; read and write together, or a write
    // with other than exactly one allowed credential, make the client fail.
    if ('support' in largeBlob) bad('largeBlob.support is only for registration');
    if (largeBlob.read !== undefined && largeBlob.write !== undefined) bad('largeBlob cannot both read and write');
    if (largeBlob.read === true) out.largeBlob = { read: true };
    else if (largeBlob.write !== undefined) {
      if (allowCredentials.length !== 1) bad('a largeBlob write needs allowCredentials naming exactly one credential');
      out.largeBlob = { write: binary(largeBlob.write, 'largeBlob.write') };
    } else bad('largeBlob must be { read: true } or { write }');
  }
  return out;
}
