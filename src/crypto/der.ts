import type { EcCurve } from './types.js';
import { WebAuthnError } from '../errors.js';

/**
 * ECDSA signatures as WebAuthn carries them: a DER Ecdsa-Sig-Value (RFC 3279 section 2.2.3,
 * required by WebAuthn L3 section 6.5.6), and the IEEE P1363 r||s form Web Crypto takes.
 */

/** Group orders, big-endian; their length is the size of r and s in the r||s form. */
const ORDERS: Record<EcCurve, Uint8Array> = {
  'P-256': hex('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551'),
  'P-384': hex(
    'ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973',
  ),
  'P-521': hex(
    '01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409',
  ),
  secp256k1: hex('fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141'),
};

function hex(text: string): Uint8Array {
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Size in bytes of r and s (and of the curve order) in the r||s form. */
export function ecdsaScalarSize(curve: EcCurve): number {
  return ORDERS[curve].length;
}

export interface EcdsaSignatureParts {
  /** r and s as unsigned big-endian magnitudes without leading zeros (views into the input). */
  r: Uint8Array;
  s: Uint8Array;
}

function bad(message: string): never {
  throw new WebAuthnError('malformed_signature', `ECDSA signature ${message}`);
}

/** a < b for unsigned big-endian magnitudes without leading zeros (b may have them). */
function lessThan(a: Uint8Array, b: Uint8Array): boolean {
  let start = 0;
  while (start < b.length && b[start] === 0) start++;
  const bLength = b.length - start;
  if (a.length !== bLength) return a.length < bLength;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[start + i]) return a[i]! < b[start + i]!;
  }
  return false;
}

/** Reads one DER INTEGER at `pos`; returns its magnitude and where it ends. */
function readInteger(der: Uint8Array, pos: number, order: Uint8Array, name: string): [Uint8Array, number] {
  if (der[pos] !== 0x02) bad(`${name} is not an INTEGER`);
  const length = der[pos + 1];
  // r and s are below the order, so they always fit a short-form length (at most 67 bytes).
  if (length === undefined || length === 0 || length > 0x7f) bad(`${name} has an invalid length`);
  const start = pos + 2;
  const end = start + length;
  if (end > der.length) bad(`${name} runs past the end`);
  if ((der[start]! & 0x80) !== 0) bad(`${name} is negative`);
  let value = der.subarray(start, end);
  if (value[0] === 0) {
    // X.690 8.3.2: a leading zero octet is only allowed when the next octet has its top bit set.
    if (value.length === 1) bad(`${name} is zero`);
    if ((value[1]! & 0x80) === 0) bad(`${name} has a superfluous leading zero`);
    value = value.subarray(1);
  }
  // SEC 1 section 4.1.4 step 1: r and s must lie in [1, n-1].
  if (!lessThan(value, order)) bad(`${name} is not below the curve order`);
  return [value, end];
}

/**
 * Parses a DER Ecdsa-Sig-Value strictly: a SEQUENCE of exactly two positive, minimally encoded
 * INTEGERs with minimal lengths and nothing after it, each in [1, n-1]. High S values are valid
 * (WebAuthn does not require low-S, and authenticators produce both), so they are not rejected.
 * Throws 'malformed_signature'.
 */
export function parseEcdsaSignature(der: Uint8Array, curve: EcCurve): EcdsaSignatureParts {
  const order = ORDERS[curve];
  if (der.length < 8) bad('is too short');
  if (der[0] !== 0x30) bad('is not a SEQUENCE');
  let pos: number;
  let length: number;
  if (der[1]! < 0x80) {
    length = der[1]!;
    pos = 2;
  } else if (der[1] === 0x81 && der[2]! >= 0x80) {
    // One length octet is enough for every curve here (P-521's longest is 139 bytes), and
    // X.690 10.1 wants the short form whenever it fits.
    length = der[2]!;
    pos = 3;
  } else {
    bad('has a non-minimal or unsupported length');
  }
  if (pos + length !== der.length) bad(pos + length < der.length ? 'has trailing bytes' : 'runs past the end');
  const [r, afterR] = readInteger(der, pos, order, 'r');
  const [s, afterS] = readInteger(der, afterR, order, 's');
  if (afterS !== der.length) bad('has more than two INTEGERs');
  return { r, s };
}

/** The strictly parsed signature in the r||s form, each half left-padded to the curve size. */
export function ecdsaDerToRaw(der: Uint8Array, curve: EcCurve): Uint8Array {
  const { r, s } = parseEcdsaSignature(der, curve);
  const size = ecdsaScalarSize(curve);
  const raw = new Uint8Array(size * 2);
  raw.set(r, size - r.length);
  raw.set(s, size * 2 - s.length);
  return raw;
}

function integer(magnitude: Uint8Array): Uint8Array {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const value = magnitude.subarray(start);
  const pad = (value[0]! & 0x80) !== 0 ? 1 : 0;
  const out = new Uint8Array(2 + pad + value.length);
  out[0] = 0x02;
  out[1] = pad + value.length;
  out.set(value, 2 + pad);
  return out;
}

/** Encodes an r||s signature (two equal halves) as a DER Ecdsa-Sig-Value. */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  const r = integer(raw.subarray(0, half));
  const s = integer(raw.subarray(half));
  const length = r.length + s.length;
  const head = length < 0x80 ? [0x30, length] : [0x30, 0x81, length];
  const out = new Uint8Array(head.length + length);
  out.set(head);
  out.set(r, head.length);
  out.set(s, head.length + r.length);
  return out;
}
