import type { EdCurve } from './types.js';
import { equalBytes } from '../encoding/bytes.js';

/**
 * Edwards point encodings (RFC 8032 sections 5.1.2 and 5.2.2) that no EdDSA verification may
 * accept, whatever library does the math: the Web Cryptography API (Ed25519 verify, steps 2 and 3;
 * Secure Curves in the Web Cryptography API for Ed448) answers false when the key or R is an
 * invalid point or a small-order element, and OpenSSL does not check either. Byte comparisons
 * only, so the sign-in path stays free of field arithmetic.
 */

const fromHex = (hex: string): Uint8Array => Uint8Array.from(hex.match(/../g)!, (b) => parseInt(b, 16));

/** p, little-endian, as long as the curve's encoding (RFC 8032 sections 5.1 and 5.2). */
const FIELD_PRIME: Record<EdCurve, Uint8Array> = {
  Ed25519: fromHex('ed' + 'ff'.repeat(30) + '7f'),
  Ed448: fromHex('ff'.repeat(28) + 'fe' + 'ff'.repeat(27) + '00'),
};

/**
 * Every encoding of a point of small order: the 8 points of edwards25519's torsion subgroup and
 * the 4 of edwards448's, each also in its non-canonical forms (y >= p, and x = 0 with the sign
 * bit set). Ed25519: the C2SP/CCTV ed25519 list. Ed448: y in {0, 1, p - 1, p, p + 1}, each with
 * either sign bit.
 */
export const SMALL_ORDER_ENCODINGS: Record<EdCurve, readonly Uint8Array[]> = {
  Ed25519: [
    '0000000000000000000000000000000000000000000000000000000000000000', // order 4
    '0000000000000000000000000000000000000000000000000000000000000080', // order 4
    '0100000000000000000000000000000000000000000000000000000000000000', // order 1
    '0100000000000000000000000000000000000000000000000000000000000080', // order 1, x = -0
    '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05', // order 8
    '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85', // order 8
    'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', // order 8
    'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa', // order 8
    'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // order 2
    'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff', // order 2, x = -0
    'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // order 4, y = p
    'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff', // order 4, y = p
    'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // order 1, y = p + 1
    'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff', // order 1, y = p + 1, x = -0
  ].map(fromHex),
  Ed448: [
    '00'.repeat(57), // order 4
    '00'.repeat(56) + '80', // order 4
    '01' + '00'.repeat(56), // order 1
    '01' + '00'.repeat(55) + '80', // order 1, x = -0
    'fe' + 'ff'.repeat(27) + 'fe' + 'ff'.repeat(27) + '00', // order 2
    'fe' + 'ff'.repeat(27) + 'fe' + 'ff'.repeat(27) + '80', // order 2, x = -0
    'ff'.repeat(28) + 'fe' + 'ff'.repeat(27) + '00', // order 4, y = p
    'ff'.repeat(28) + 'fe' + 'ff'.repeat(27) + '80', // order 4, y = p
    '00'.repeat(28) + 'ff'.repeat(28) + '00', // order 1, y = p + 1
    '00'.repeat(28) + 'ff'.repeat(28) + '80', // order 1, y = p + 1, x = -0
  ].map(fromHex),
};

/**
 * RFC 8032 sections 5.1.3 and 5.2.3, step 1: the encoding has the curve's length and its y (the
 * encoding without the top bit, the sign of x) is below p; decoding fails otherwise.
 */
export function isCanonicalEncoding(curve: EdCurve, point: Uint8Array): boolean {
  const p = FIELD_PRIME[curve];
  if (point.length !== p.length) return false;
  for (let i = p.length - 1; i >= 0; i--) {
    const byte = i === p.length - 1 ? point[i]! & 0x7f : point[i]!;
    if (byte !== p[i]) return byte < p[i]!;
  }
  return false;
}

/** True when `point` is an encoding (canonical or not) of a point of small order on `curve`. */
export function isSmallOrderEncoding(curve: EdCurve, point: Uint8Array): boolean {
  return SMALL_ORDER_ENCODINGS[curve].some((encoding) => equalBytes(encoding, point));
}
