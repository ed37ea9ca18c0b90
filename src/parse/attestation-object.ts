import { WebAuthnError } from '../errors.js';
import { decodeCbor, type CborMap } from '../encoding/cbor.js';

/** The attestation object (WebAuthn L3 section 6.5): fmt, attStmt, authData. */
export interface AttestationObject {
  fmt: string;
  /** A map for every format but "compound", whose attStmt is an array of {fmt, attStmt} maps (L3 section 8.9). */
  attStmt: CborMap | unknown[];
  authData: Uint8Array;
}

function bad(message: string): never {
  throw new WebAuthnError('malformed_attestation_object', `attestationObject ${message}`);
}

export function parseAttestationObject(bytes: Uint8Array): AttestationObject {
  const value = decodeCbor(bytes);
  if (!(value instanceof Map)) bad('is not a CBOR map');
  const fmt = value.get('fmt');
  const attStmt = value.get('attStmt');
  const authData = value.get('authData');
  if (typeof fmt !== 'string' || fmt.length === 0 || fmt.length > 32) bad('has no valid "fmt"');
  if (!(authData instanceof Uint8Array)) bad('has no "authData" byte string');
  if (fmt === 'compound' && Array.isArray(attStmt)) return { fmt, attStmt, authData };
  if (!(attStmt instanceof Map)) bad('has no "attStmt" map');
  for (const key of attStmt.keys()) if (typeof key !== 'string') bad('"attStmt" keys must be text');
  return { fmt, attStmt, authData };
}
