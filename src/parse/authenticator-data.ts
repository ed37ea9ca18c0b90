import { WebAuthnError } from '../errors.js';
import { decodeCborPrefix, type CborMap } from '../encoding/cbor.js';
import { readUint16BE, readUint32BE } from '../encoding/bytes.js';

/** Authenticator data flags (WebAuthn L3 section 6.1). */
export interface AuthenticatorFlags {
  /** User Present (bit 0). */
  up: boolean;
  /** User Verified (bit 2). */
  uv: boolean;
  /** Backup Eligible (bit 3). */
  be: boolean;
  /** Backup State (bit 4). */
  bs: boolean;
  /** Attested credential data included (bit 6). */
  at: boolean;
  /** Extension data included (bit 7). */
  ed: boolean;
  /** The raw flags byte. */
  byte: number;
}

export interface AttestedCredentialData {
  /** 16 bytes. */
  aaguid: Uint8Array;
  credentialId: Uint8Array;
  /** The COSE_Key exactly as the authenticator encoded it. */
  credentialPublicKey: Uint8Array;
}

export interface AuthenticatorData {
  /** The whole structure, as signed. */
  bytes: Uint8Array;
  rpIdHash: Uint8Array;
  flags: AuthenticatorFlags;
  signCount: number;
  attestedCredentialData?: AttestedCredentialData;
  /** Authenticator extension outputs (ED flag): a CBOR map keyed by extension identifier. */
  extensions?: CborMap;
}

/**
 * Longest credential ID the spec allows (WebAuthn L3 section 4, "Credential ID"). The registration
 * ceremony enforces it (7.1 step 23); the parser only checks that the ID fits in the bytes present.
 */
export const MAX_CREDENTIAL_ID_LENGTH = 1023;
const MAX_AUTHENTICATOR_DATA = 64 * 1024;

function bad(message: string): never {
  throw new WebAuthnError('malformed_authenticator_data', `authenticatorData ${message}`);
}

/**
 * Parses authenticator data (WebAuthn L3 section 6.1): 32-byte rpIdHash, flags, 4-byte
 * signCount, then attested credential data when AT is set and an extensions map when ED is set.
 * Lengths are checked before every read and no trailing bytes are allowed.
 */
export function parseAuthenticatorData(bytes: Uint8Array): AuthenticatorData {
  if (!(bytes instanceof Uint8Array)) bad('must be bytes');
  if (bytes.length > MAX_AUTHENTICATOR_DATA) {
    throw new WebAuthnError('input_too_large', `authenticatorData is larger than ${MAX_AUTHENTICATOR_DATA} bytes`);
  }
  if (bytes.length < 37) bad(`is ${bytes.length} bytes; at least 37 are required`);

  const rpIdHash = bytes.subarray(0, 32);
  const byte = bytes[32]!;
  const flags: AuthenticatorFlags = {
    up: (byte & 0x01) !== 0,
    uv: (byte & 0x04) !== 0,
    be: (byte & 0x08) !== 0,
    bs: (byte & 0x10) !== 0,
    at: (byte & 0x40) !== 0,
    ed: (byte & 0x80) !== 0,
    byte,
  };
  const signCount = readUint32BE(bytes, 33);
  let offset = 37;

  let attestedCredentialData: AttestedCredentialData | undefined;
  if (flags.at) {
    if (bytes.length < offset + 18) bad('is too short for attested credential data');
    const aaguid = bytes.subarray(offset, offset + 16);
    const idLength = readUint16BE(bytes, offset + 16);
    offset += 18;
    if (bytes.length < offset + idLength) bad('ends inside the credential ID');
    const credentialId = bytes.subarray(offset, offset + idLength);
    offset += idLength;
    if (offset >= bytes.length) bad('has no credential public key');
    const { value, end } = decodeCborPrefix(bytes, offset);
    if (!(value instanceof Map)) bad('credential public key is not a CBOR map');
    const credentialPublicKey = bytes.subarray(offset, end);
    offset = end;
    attestedCredentialData = { aaguid, credentialId, credentialPublicKey };
  }

  let extensions: CborMap | undefined;
  if (flags.ed) {
    if (offset >= bytes.length) bad('has the ED flag but no extensions');
    const { value, end } = decodeCborPrefix(bytes, offset);
    if (!(value instanceof Map)) bad('extensions are not a CBOR map');
    for (const key of value.keys()) if (typeof key !== 'string') bad('extension identifiers must be text');
    extensions = value;
    offset = end;
  }

  if (offset !== bytes.length) bad(`has ${bytes.length - offset} trailing bytes`);

  const result: AuthenticatorData = { bytes, rpIdHash, flags, signCount };
  if (attestedCredentialData) result.attestedCredentialData = attestedCredentialData;
  if (extensions) result.extensions = extensions;
  return result;
}
