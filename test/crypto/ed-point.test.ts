import { describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { ed448 } from '@noble/curves/ed448.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { shake256 } from '@noble/hashes/sha3.js';
import { backend as nodeBackend } from '../../src/crypto/node.js';
import { backend as webBackend } from '../../src/crypto/webcrypto.js';
import { isCanonicalEncoding, isSmallOrderEncoding, SMALL_ORDER_ENCODINGS } from '../../src/crypto/ed-point.js';
import { verifyEd25519, verifyEd448 } from '../../src/crypto/noble.js';
import type { EdCurve, PublicKeyMaterial } from '../../src/crypto/types.js';
import { concat, toHex, utf8 } from '../../src/encoding/bytes.js';
import { message, otherMessage } from './support.js';

// Both backends imported directly: a small-order key or R must get the same answer from both.
const backends = [nodeBackend, webBackend];
const scheme = { name: 'EdDSA' } as const;

const CURVES = [
  { curve: 'Ed25519' as const, lib: ed25519, cofactor: 8, length: 32, yBits: 255n },
  // RFC 8032 section 5.2.2: y fills 448 of the 455 bits below the sign bit; the 7 left over are 0.
  { curve: 'Ed448' as const, lib: ed448, cofactor: 4, length: 57, yBits: 448n },
];

const le = (value: bigint, length: number) => {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++, value >>= 8n) out[i] = Number(value & 0xffn);
  return out;
};
const fromLe = (bytes: Uint8Array) => bytes.reduceRight((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
const withSign = (bytes: Uint8Array) => {
  const out = bytes.slice();
  out[out.length - 1]! |= 0x80;
  return out;
};

/** The torsion subgroup, found independently of the list: L times a point with a full torsion component. */
function torsionPoints({ lib, cofactor }: (typeof CURVES)[number]) {
  const { Point } = lib;
  const L = Point.Fn.ORDER;
  for (let counter = 0; ; counter++) {
    const bytes = sha512(utf8(`torsion ${counter}`)).slice(0, lib.lengths.publicKey);
    bytes[bytes.length - 1] = 0; // y < p, so only a y off the curve fails to decode
    let point;
    try {
      point = Point.fromBytes(bytes);
    } catch {
      continue;
    }
    const t = point.multiplyUnsafe(L - 1n).add(point); // L * point
    const points = [Point.ZERO];
    for (let i = 1; i < cofactor; i++) points.push(points[i - 1]!.add(t));
    if (new Set(points.map((p) => toHex(p.toBytes()))).size === cofactor) return points;
  }
}

/** Every encoding of each torsion point: canonical, y + p where it fits, and x = -0. */
function expectedEncodings(spec: (typeof CURVES)[number]): string[] {
  const p = spec.lib.Point.Fp.ORDER;
  const out: string[] = [];
  for (const point of torsionPoints(spec)) {
    const { x, y } = point.toAffine();
    const sign = (bytes: Uint8Array) => (x & 1n ? withSign(bytes) : bytes);
    for (const alias of [y, y + p]) {
      if (alias >= 2n ** spec.yBits) continue;
      const bytes = sign(le(alias, spec.length));
      out.push(toHex(bytes));
      if (x === 0n) out.push(toHex(withSign(bytes)));
    }
  }
  return out.sort();
}

/** A signature with R = `r` that satisfies RFC 8032's verification equation: S = k * a. */
function signatureWithR(curve: EdCurve, r: Uint8Array, data: Uint8Array) {
  if (curve === 'Ed25519') {
    const { scalar, pointBytes } = ed25519.utils.getExtendedPublicKey(ed25519.utils.randomSecretKey());
    const L = ed25519.Point.Fn.ORDER;
    const k = fromLe(sha512(concat(r, pointBytes, data))) % L;
    return { x: pointBytes, signature: concat(r, le((k * scalar) % L, 32)) };
  }
  const { scalar, pointBytes } = ed448.utils.getExtendedPublicKey(ed448.utils.randomSecretKey());
  const L = ed448.Point.Fn.ORDER;
  // RFC 8032 section 5.2.6: dom4(0, "") || R || A || M, hashed with SHAKE256 to 114 octets.
  const dom4 = concat(utf8('SigEd448'), new Uint8Array([0, 0]));
  const k = fromLe(shake256(concat(dom4, r, pointBytes, data), { dkLen: 114 })) % L;
  return { x: pointBytes, signature: concat(r, le((k * scalar) % L, 57)) };
}

describe('SMALL_ORDER_ENCODINGS', () => {
  it.each(CURVES)('$curve: is exactly the encodings of the $cofactor torsion points, canonical or not', (spec) => {
    const expected = expectedEncodings(spec);
    expect(SMALL_ORDER_ENCODINGS[spec.curve].map(toHex).sort()).toEqual(expected);
    // Ed25519: 8 points plus 6 alternative encodings (C2SP/CCTV); Ed448: 4 plus 6.
    expect(expected.length).toBe(spec.cofactor + 6);
  });

  it.each(CURVES)('$curve: each entry decodes (leniently) to a point that the cofactor sends to the identity', ({ lib, curve, cofactor }) => {
    for (const encoding of SMALL_ORDER_ENCODINGS[curve]) {
      const point = lib.Point.fromBytes(encoding, true);
      expect(point.isSmallOrder()).toBe(true);
      expect(point.multiplyUnsafe(BigInt(cofactor)).is0()).toBe(true);
    }
  });
});

describe('isCanonicalEncoding', () => {
  it.each(CURVES)('$curve: y below p passes, y = p and above fails, whatever the sign bit', ({ curve, lib, length }) => {
    const p = lib.Point.Fp.ORDER;
    const key = lib.getPublicKey(lib.utils.randomSecretKey());
    expect(isCanonicalEncoding(curve, key)).toBe(true);
    expect(isCanonicalEncoding(curve, le(p - 1n, length))).toBe(true);
    expect(isCanonicalEncoding(curve, withSign(le(p - 1n, length)))).toBe(true);
    for (const y of [p, p + 1n, p + 2n]) {
      expect(isCanonicalEncoding(curve, le(y, length))).toBe(false);
      expect(isCanonicalEncoding(curve, withSign(le(y, length)))).toBe(false);
    }
    expect(isCanonicalEncoding(curve, key.subarray(1))).toBe(false);
  });

  it('Ed448: a set bit among the 7 unused bits of the last octet fails', () => {
    const key = ed448.getPublicKey(ed448.utils.randomSecretKey());
    const spare = key.slice();
    spare[56]! |= 0x01;
    expect(isCanonicalEncoding('Ed448', spare)).toBe(false);
  });

  it('agrees with @noble/curves strict decoding on y around p', () => {
    for (const { curve, lib, length } of CURVES) {
      const p = lib.Point.Fp.ORDER;
      // Up to p + 18: for Ed25519, p + 19 is 2^255, the sign bit.
      for (let y = p - 20n; y < p + 19n; y++) {
        let decodes = true;
        try {
          lib.Point.fromBytes(le(y, length), false);
        } catch {
          decodes = false;
        }
        // Every y below p that decodes is canonical; none at p or above decodes.
        if (decodes) expect(isCanonicalEncoding(curve, le(y, length))).toBe(true);
        if (y >= p) expect(decodes).toBe(false);
        expect(isCanonicalEncoding(curve, le(y, length))).toBe(y < p);
      }
    }
  });
});

describe('EdDSA verification refuses small-order and non-canonical points on both backends', () => {
  it.each(CURVES)('$curve: a key from the list verifies nothing, not even the all-message forgery R = identity, S = 0', async ({ curve, length }) => {
    const identityForgery = concat(le(1n, length), new Uint8Array(length));
    for (const x of SMALL_ORDER_ENCODINGS[curve]) {
      const key: PublicKeyMaterial = { kind: 'okp', curve, x };
      expect(isSmallOrderEncoding(curve, x)).toBe(true);
      for (const b of backends) {
        for (const signature of [identityForgery, concat(x, new Uint8Array(length))]) {
          expect(await b.verify(scheme, key, message, signature)).toBe(false);
          expect(await b.verify(scheme, key, otherMessage, signature)).toBe(false);
        }
      }
    }
  });

  it.each(CURVES)('$curve: R = identity with S = k * a satisfies the equation (raw @noble says true), and both backends answer false', async ({ curve }) => {
    const { x, signature } = signatureWithR(curve, le(1n, curve === 'Ed25519' ? 32 : 57), message);
    const key = { kind: 'okp' as const, curve, x };
    expect(await (curve === 'Ed25519' ? verifyEd25519 : verifyEd448)(key, message, signature)).toBe(true);
    for (const b of backends) expect(await b.verify(scheme, key, message, signature)).toBe(false);
  });

  it.each(CURVES)('$curve: every small-order R, in any encoding, gives false', async ({ curve }) => {
    for (const r of SMALL_ORDER_ENCODINGS[curve]) {
      const { x, signature } = signatureWithR(curve, r, message);
      for (const b of backends) expect(await b.verify(scheme, { kind: 'okp', curve, x }, message, signature)).toBe(false);
    }
  });

  it('Ed25519: a non-canonical key (y = p + 2) gives false', async () => {
    const x = le(ed25519.Point.Fp.ORDER + 2n, 32);
    for (const b of backends) expect(await b.verify(scheme, { kind: 'okp', curve: 'Ed25519', x }, message, new Uint8Array(64))).toBe(false);
  });

  it.each(CURVES)('$curve: an ordinary signature still verifies, and only over its data', async ({ curve, lib }) => {
    const secret = lib.utils.randomSecretKey();
    const key: PublicKeyMaterial = { kind: 'okp', curve, x: lib.getPublicKey(secret) };
    const signature = lib.sign(message, secret);
    for (const b of backends) {
      expect(await b.verify(scheme, key, message, signature)).toBe(true);
      expect(await b.verify(scheme, key, otherMessage, signature)).toBe(false);
    }
  });
});
