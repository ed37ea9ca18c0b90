import { beforeAll, describe, expect, it } from 'vitest';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { backend } from '../../src/crypto/index.js';
import { ecdsaDerToRaw, ecdsaRawToDer, ecdsaScalarSize, parseEcdsaSignature } from '../../src/crypto/der.js';
import type { EcCurve } from '../../src/crypto/types.js';
import { COSE_ALG } from '../../src/cose/algorithms.js';
import { signWithTestKey, type TestKeyPair } from '../../src/testing/keys.js';
import { asyncErrorCode, errorCode } from '../helpers/errors.js';
import { ECDSA_ALGORITHMS, hex, keyPairsFor, message, verifierInput } from './support.js';

const ORDERS: Record<EcCurve, bigint> = {
  'P-256': p256.Point.Fn.ORDER,
  'P-384': p384.Point.Fn.ORDER,
  'P-521': p521.Point.Fn.ORDER,
  secp256k1: secp256k1.Point.Fn.ORDER,
};

const toBigInt = (bytes: Uint8Array) => bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);

/** A DER INTEGER TLV with exactly these content octets (which may be deliberately non-minimal). */
const integer = (content: number[] | Uint8Array) => [0x02, content.length, ...content];
const sequence = (...items: number[][]) => {
  const body = items.flat();
  return new Uint8Array([0x30, body.length, ...body]);
};
/** Minimal unsigned content octets for a magnitude. */
function content(magnitude: Uint8Array): number[] {
  let i = 0;
  while (i < magnitude.length - 1 && magnitude[i] === 0) i++;
  const value = [...magnitude.subarray(i)];
  return value[0]! & 0x80 ? [0, ...value] : value;
}
function bytesOf(value: bigint, size: number): Uint8Array {
  return hex(value.toString(16).padStart(size * 2, '0'));
}

let pairs: Map<number, TestKeyPair>;
beforeAll(async () => {
  pairs = await keyPairsFor(ECDSA_ALGORITHMS.map((a) => a.alg));
});

describe(`ECDSA on the ${backend.name} backend`, () => {
  it.each(ECDSA_ALGORITHMS)('$name: a high-S signature verifies (S is never normalised)', async ({ alg }) => {
    const pair = pairs.get(alg)!;
    const { scheme, key } = verifierInput(pair);
    const curve = (key as { curve: EcCurve }).curve;
    const signature = await signWithTestKey(pair, message, { highS: true });
    const { s } = parseEcdsaSignature(signature, curve);
    expect(toBigInt(s) > ORDERS[curve] / 2n).toBe(true);
    expect(await backend.verify(scheme, key, message, signature)).toBe(true);
  });

  it.each(ECDSA_ALGORITHMS)('$name: a signature with a short r or s verifies (left-padded for r||s)', async ({ alg }) => {
    const pair = pairs.get(alg)!;
    const { scheme, key } = verifierInput(pair);
    const curve = (key as { curve: EcCurve }).curve;
    const signature = await signWithTestKey(pair, message, { shortRS: true });
    const { r, s } = parseEcdsaSignature(signature, curve);
    expect(Math.min(r.length, s.length)).toBeLessThan(ecdsaScalarSize(curve));
    expect(await backend.verify(scheme, key, message, signature)).toBe(true);
  });

  it('verifies a P-521 signature, whose SEQUENCE needs the one-octet long-form length', async () => {
    const pair = pairs.get(COSE_ALG.ES512)!;
    const { scheme, key } = verifierInput(pair);
    const signature = await signWithTestKey(pair, message);
    expect(signature[1]).toBe(0x81);
    expect(await backend.verify(scheme, key, message, signature)).toBe(true);
  });
});

describe(`strict DER ECDSA signatures on the ${backend.name} backend`, () => {
  let scheme: ReturnType<typeof verifierInput>['scheme'];
  let key: ReturnType<typeof verifierInput>['key'];
  let r: Uint8Array;
  let s: Uint8Array;
  let valid: Uint8Array;

  beforeAll(async () => {
    const pair = pairs.get(COSE_ALG.ES256)!;
    ({ scheme, key } = verifierInput(pair));
    // A signature whose r has its top bit set, so that its DER form carries a 0x00 pad.
    for (let i = 0; i < 256; i++) {
      valid = await signWithTestKey(pair, message);
      ({ r, s } = parseEcdsaSignature(valid, 'P-256'));
      if (r.length === 32 && r[0]! >= 0x80) break;
    }
  });

  const verdict = (signature: Uint8Array) => asyncErrorCode(() => backend.verify(scheme, key, message, signature));

  it('re-encodes the valid signature byte for byte and verifies it', async () => {
    expect(sequence(integer(content(r)), integer(content(s)))).toEqual(valid);
    expect(r[0]).toBeGreaterThanOrEqual(0x80);
    expect(await backend.verify(scheme, key, message, valid)).toBe(true);
  });

  it('rejects extra bytes after the SEQUENCE', async () => {
    expect(await verdict(new Uint8Array([...valid, 0x00]))).toBe('malformed_signature');
  });

  it('rejects a third INTEGER inside the SEQUENCE', async () => {
    expect(await verdict(sequence(integer(content(r)), integer(content(s)), integer([1])))).toBe('malformed_signature');
  });

  it('rejects a long-form SEQUENCE length where the short form fits', async () => {
    const body = valid.subarray(2);
    expect(await verdict(new Uint8Array([0x30, 0x81, body.length, ...body]))).toBe('malformed_signature');
  });

  it('rejects a long-form INTEGER length', async () => {
    const rc = content(r);
    const body = [0x02, 0x81, rc.length, ...rc, ...integer(content(s))];
    expect(await verdict(new Uint8Array([0x30, body.length, ...body]))).toBe('malformed_signature');
  });

  it('rejects a SEQUENCE length that runs past the end', async () => {
    const truncated = valid.subarray(0, valid.length - 1);
    expect(await verdict(truncated)).toBe('malformed_signature');
  });

  it('rejects a negative INTEGER (r without the 0x00 its top bit needs)', async () => {
    expect(await verdict(sequence(integer(r), integer(content(s))))).toBe('malformed_signature');
  });

  it('rejects a superfluous leading zero', async () => {
    expect(await verdict(sequence(integer(content(r)), integer([0, ...content(s)])))).toBe('malformed_signature');
  });

  it('rejects r = 0 and s = 0', async () => {
    expect(await verdict(sequence(integer([0]), integer(content(s))))).toBe('malformed_signature');
    expect(await verdict(sequence(integer(content(r)), integer([0])))).toBe('malformed_signature');
  });

  it('rejects r = n (the curve order): r and s must be in [1, n-1]', async () => {
    expect(await verdict(sequence(integer(content(bytesOf(ORDERS['P-256'], 32))), integer(content(s))))).toBe('malformed_signature');
  });

  it('rejects a wrong outer tag, a wrong INTEGER tag, an empty INTEGER and the indefinite length', async () => {
    expect(await verdict(new Uint8Array([0x31, ...valid.subarray(1)]))).toBe('malformed_signature');
    expect(await verdict(sequence([0x03, ...integer(content(r)).slice(1)], integer(content(s))))).toBe('malformed_signature');
    expect(await verdict(sequence([0x02, 0x00], integer(content(s))))).toBe('malformed_signature');
    expect(await verdict(new Uint8Array([0x30, 0x80, ...valid.subarray(2), 0x00, 0x00]))).toBe('malformed_signature');
  });

  it('rejects a raw r||s signature where DER is required', async () => {
    expect(await verdict(ecdsaDerToRaw(valid, 'P-256'))).toBe('malformed_signature');
  });

  it('rejects r or s longer than the curve order allows', () => {
    const big = sequence(integer([0x01, ...new Uint8Array(32)]), integer(content(s)));
    expect(errorCode(() => parseEcdsaSignature(big, 'P-256'))).toBe('malformed_signature');
  });
});

describe('DER <-> r||s conversion', () => {
  it('knows each curve order and scalar size', () => {
    for (const curve of Object.keys(ORDERS) as EcCurve[]) {
      const size = ecdsaScalarSize(curve);
      const nMinus1 = bytesOf(ORDERS[curve] - 1n, size);
      const one = bytesOf(1n, size);
      const der = sequence(integer(content(nMinus1)), integer(content(one)));
      expect(ecdsaDerToRaw(der, curve)).toEqual(new Uint8Array([...nMinus1, ...one]));
      const n = sequence(integer(content(bytesOf(ORDERS[curve], size))), integer([1]));
      expect(errorCode(() => parseEcdsaSignature(n, curve))).toBe('malformed_signature');
    }
    expect([ecdsaScalarSize('P-256'), ecdsaScalarSize('P-384'), ecdsaScalarSize('P-521'), ecdsaScalarSize('secp256k1')]).toEqual([
      32, 48, 66, 32,
    ]);
  });

  it('left-pads short r and s, and ecdsaRawToDer writes minimal INTEGERs', () => {
    const raw = new Uint8Array(64);
    raw[31] = 0x05; // r = 5
    raw[32] = 0x80; // s has its top bit set
    raw[63] = 0x01;
    const der = ecdsaRawToDer(raw);
    expect(der).toEqual(sequence(integer([5]), integer([0, ...raw.subarray(32)])));
    expect(ecdsaDerToRaw(der, 'P-256')).toEqual(raw);
  });
});
