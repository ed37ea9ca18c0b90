import { WebAuthnError } from '../errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

/** Encodes bytes as base64url without padding (RFC 4648 section 5), as WebAuthn's JSON uses. */
export function toBase64url(bytes: Uint8Array): string {
  if (!(bytes instanceof Uint8Array)) throw new WebAuthnError('invalid_options', 'toBase64url takes a Uint8Array');
  let out = '';
  const n = bytes.length;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63]! + ALPHABET[(v >> 6) & 63]! + ALPHABET[v & 63]!;
  }
  if (n - i === 1) {
    const v = bytes[i]! << 16;
    out += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63]!;
  } else if (n - i === 2) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63]! + ALPHABET[(v >> 6) & 63]!;
  }
  return out;
}

/**
 * Decodes unpadded base64url. Rejects padding, the standard alphabet's `+` and `/`, whitespace,
 * impossible lengths and non-zero trailing bits, so that one value has exactly one encoding.
 */
export function fromBase64url(text: unknown, what = 'value'): Uint8Array {
  if (typeof text !== 'string') {
    throw new WebAuthnError('malformed_base64url', `${what} must be a base64url string`);
  }
  const n = text.length;
  if (n % 4 === 1) throw new WebAuthnError('malformed_base64url', `${what} has an impossible base64url length`);
  const out = new Uint8Array(Math.floor((n * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? LOOKUP[c]! : -1;
    if (v < 0) throw new WebAuthnError('malformed_base64url', `${what} is not base64url (bad character at ${i})`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  if ((acc & ((1 << bits) - 1)) !== 0) {
    throw new WebAuthnError('malformed_base64url', `${what} has non-zero trailing bits`);
  }
  return out;
}

/**
 * Lenient decoding for values that real clients are known to send in standard base64 or with
 * padding (seen in userHandle from some platforms). Still rejects anything that is not base64.
 */
export function fromBase64urlLenient(text: unknown, what = 'value'): Uint8Array {
  if (typeof text !== 'string') {
    throw new WebAuthnError('malformed_base64url', `${what} must be a base64url string`);
  }
  const normal = text.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  const n = normal.length;
  if (n % 4 === 1) throw new WebAuthnError('malformed_base64url', `${what} has an impossible base64 length`);
  // Trailing bits may be non-zero in non-canonical encoders; mask them instead of rejecting.
  const out = new Uint8Array(Math.floor((n * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < n; i++) {
    const c = normal.charCodeAt(i);
    const v = c < 128 ? LOOKUP[c]! : -1;
    if (v < 0) throw new WebAuthnError('malformed_base64url', `${what} is not base64 (bad character at ${i})`);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

export function isBase64url(text: unknown): text is string {
  return typeof text === 'string' && /^[A-Za-z0-9_-]*$/.test(text) && text.length % 4 !== 1;
}
