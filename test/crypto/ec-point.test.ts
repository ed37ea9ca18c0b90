import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { isOnCurve, uncompressedPoint } from '../../src/crypto/ec-point.js';
import type { EcCurve } from '../../src/crypto/types.js';
import { hex } from './support.js';

// @noble/curves is the reference: its curve constants and point decoding are independently sourced.
const CURVES = [
  { curve: 'P-256', noble: p256, size: 32 },
  { curve: 'P-384', noble: p384, size: 48 },
  { curve: 'P-521', noble: p521, size: 66 },
  { curve: 'secp256k1', noble: secp256k1, size: 32 },
] as const satisfies readonly { curve: EcCurve; noble: unknown; size: number }[];

const bytesOf = (value: bigint, size: number) => hex(value.toString(16).padStart(size * 2, '0'));
const toBigInt = (bytes: Uint8Array) => bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);

/** Whether @noble/curves accepts (x, y) as a point of the curve. */
function nobleAccepts(noble: (typeof CURVES)[number]['noble'], x: Uint8Array, y: Uint8Array): boolean {
  try {
    noble.Point.fromBytes(uncompressedPoint({ x, y }));
    return true;
  } catch {
    return false;
  }
}

/** The valid point with the smallest x (its y^2 = x^3 + ax + b is a square mod p). */
function pointWithSmallX(noble: (typeof CURVES)[number]['noble']): { x: bigint; y: bigint } {
  const { Fp } = noble.Point;
  const { a, b } = noble.Point.CURVE();
  for (let x = 0n; ; x++) {
    try {
      return { x, y: Fp.sqrt(Fp.add(Fp.mul(Fp.add(Fp.sqr(x), a), x), b)) };
    } catch {
      // Not a square: no point has this x.
    }
  }
}

describe.each(CURVES)('isOnCurve on $curve, against @noble/curves', ({ curve, noble, size }) => {
  it('accepts random valid public keys', () => {
    for (let i = 0; i < 40; i++) {
      const point = noble.getPublicKey(noble.utils.randomSecretKey(), false);
      expect(isOnCurve(curve, point.subarray(1, 1 + size), point.subarray(1 + size))).toBe(true);
    }
  });

  it('agrees on random coordinates and on valid points with y moved by one', () => {
    const p = noble.Point.Fp.ORDER;
    const coordinate = fc.bigInt({ min: 0n, max: p - 1n }).map((v) => bytesOf(v, size));
    fc.assert(
      fc.property(coordinate, coordinate, (x, y) => {
        expect(isOnCurve(curve, x, y)).toBe(nobleAccepts(noble, x, y));
      }),
      { seed: 20261125, numRuns: 200 },
    );
    for (let i = 0; i < 20; i++) {
      const point = noble.getPublicKey(noble.utils.randomSecretKey(), false);
      const x = point.subarray(1, 1 + size);
      const y = bytesOf((toBigInt(point.subarray(1 + size)) + 1n) % p, size);
      expect(nobleAccepts(noble, x, y)).toBe(false);
      expect(isOnCurve(curve, x, y)).toBe(false);
    }
  });

  it('rejects x or y at or above p, even where the equation holds mod p', () => {
    const p = noble.Point.Fp.ORDER;
    const { x, y } = pointWithSmallX(noble);
    expect(isOnCurve(curve, bytesOf(x, size), bytesOf(y, size))).toBe(true);
    // x + p still fits the coordinate size, as x is small: only the range check can refuse it.
    expect(isOnCurve(curve, bytesOf(x + p, size), bytesOf(y, size))).toBe(false);
    expect(nobleAccepts(noble, bytesOf(x + p, size), bytesOf(y, size))).toBe(false);
    expect(isOnCurve(curve, bytesOf(x, size), bytesOf(y + p, size + 1))).toBe(false);
    expect(isOnCurve(curve, bytesOf(p, size), bytesOf(y, size))).toBe(false);
  });
});

describe('uncompressedPoint', () => {
  it('is 0x04 || x || y', () => {
    expect(uncompressedPoint({ x: hex('0102'), y: hex('0304') })).toEqual(hex('0401020304'));
  });
});
