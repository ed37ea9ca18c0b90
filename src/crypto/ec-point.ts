import type { EcCurve } from './types.js';
import { toHex } from '../encoding/bytes.js';

/**
 * Elliptic curve points as COSE_Key x and y carry them: whether one lies on its curve, checked
 * with native BigInt arithmetic (a few multiplications, where a curve library would cost tens of
 * milliseconds of loading on the sign-in path), and their uncompressed encoding.
 */

interface CurveEquation {
  /** The field prime. */
  p: bigint;
  /** y^2 = x^3 + a*x + b. */
  a: bigint;
  b: bigint;
}

// FIPS 186-4 appendix D.1.2.3-D.1.2.5 (P-256, P-384, P-521: a = -3) and SEC 2 v2 section 2.4.1
// (secp256k1: a = 0, b = 7).
const EQUATIONS: Record<EcCurve, CurveEquation> = {
  'P-256': {
    p: 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n,
    a: -3n,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
  },
  'P-384': {
    p: 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
    a: -3n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
  },
  'P-521': {
    p: 2n ** 521n - 1n,
    a: -3n,
    b: 0x051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
  },
  secp256k1: {
    p: 2n ** 256n - 2n ** 32n - 977n,
    a: 0n,
    b: 7n,
  },
};

const toBigInt = (bytes: Uint8Array): bigint => (bytes.length === 0 ? 0n : BigInt(`0x${toHex(bytes)}`));

/**
 * SEC 1 v2 section 3.2.2.1 steps 2 and 3: x and y (unsigned big-endian) are field elements, below
 * p, and satisfy the curve equation. Step 1 holds for any affine point (it is not the identity),
 * and step 4 (nQ = O) follows from step 3 here, as all four curves have cofactor 1.
 */
export function isOnCurve(curve: EcCurve, x: Uint8Array, y: Uint8Array): boolean {
  const { p, a, b } = EQUATIONS[curve];
  const X = toBigInt(x);
  const Y = toBigInt(y);
  if (X >= p || Y >= p) return false;
  return ((X * X + a) * X + b - Y * Y) % p === 0n;
}

/** The SEC 1 section 2.3.3 uncompressed encoding, 0x04 || x || y, that Web Crypto's "raw" format takes. */
export function uncompressedPoint(key: { x: Uint8Array; y: Uint8Array }): Uint8Array<ArrayBuffer> {
  const point = new Uint8Array(1 + key.x.length + key.y.length);
  point[0] = 0x04;
  point.set(key.x, 1);
  point.set(key.y, 1 + key.x.length);
  return point;
}
