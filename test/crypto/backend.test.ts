import { beforeAll, describe, expect, it } from 'vitest';
import { backend, digest, sha256 } from '../../src/crypto/index.js';
import { COSE_ALG } from '../../src/cose/algorithms.js';
import { signWithTestKey, type TestKeyPair } from '../../src/testing/keys.js';
import { asyncErrorCode } from '../helpers/errors.js';
import { ALGORITHMS, hex, keyPairsFor, message, otherMessage, verifierInput } from './support.js';

let pairs: Map<number, TestKeyPair>;
beforeAll(async () => {
  pairs = await keyPairsFor(ALGORITHMS.map((a) => a.alg));
});

describe(`crypto backend (${backend.name}): every COSE algorithm`, () => {
  it.each(ALGORITHMS)('$name: a signature verifies over its data and not over other data', async ({ alg }) => {
    const pair = pairs.get(alg)!;
    const { scheme, key } = verifierInput(pair);
    const signature = await signWithTestKey(pair, message);
    expect(await backend.verify(scheme, key, message, signature)).toBe(true);
    expect(await backend.verify(scheme, key, otherMessage, signature)).toBe(false);
  });

  it.each(ALGORITHMS)('$name: another valid signature, by another key or over other data, is rejected', async ({ alg }) => {
    const pair = pairs.get(alg)!;
    const { scheme, key } = verifierInput(pair);
    // A well-formed signature over different data: it must not verify over `message`.
    const signature = await signWithTestKey(pair, otherMessage);
    expect(await backend.verify(scheme, key, message, signature)).toBe(false);
  });

  it.each(ALGORITHMS.filter((a) => a.alg !== COSE_ALG.ES256 && a.alg !== COSE_ALG.ES384 && a.alg !== COSE_ALG.ES512 && a.alg !== COSE_ALG.ES256K))(
    '$name: a raw signature with one bit flipped is rejected',
    async ({ alg }) => {
      const pair = pairs.get(alg)!;
      const { scheme, key } = verifierInput(pair);
      const signature = await signWithTestKey(pair, message);
      const flipped = signature.slice();
      flipped[10]! ^= 0x01;
      expect(await backend.verify(scheme, key, message, flipped)).toBe(false);
    },
  );

  it('answers false for fixed-size signatures one byte short or long (RFC 8017 8.2.2, RFC 8032 5.1.7)', async () => {
    for (const alg of [COSE_ALG.Ed25519, COSE_ALG.Ed448, COSE_ALG.RS256, COSE_ALG.PS256, COSE_ALG.ML_DSA_44]) {
      const pair = pairs.get(alg)!;
      const { scheme, key } = verifierInput(pair);
      const signature = await signWithTestKey(pair, message);
      expect(await backend.verify(scheme, key, message, signature.subarray(1))).toBe(false);
      expect(await backend.verify(scheme, key, message, new Uint8Array([...signature, 0]))).toBe(false);
    }
  });

  it('rejects a key of the wrong kind for the scheme with key_invalid', async () => {
    const ec = verifierInput(pairs.get(COSE_ALG.ES256)!);
    const rsa = verifierInput(pairs.get(COSE_ALG.RS256)!);
    const signature = await signWithTestKey(pairs.get(COSE_ALG.RS256)!, message);
    expect(await asyncErrorCode(() => backend.verify(rsa.scheme, ec.key, message, signature))).toBe('key_invalid');
  });

  it('rejects an unknown scheme or hash with unsupported_algorithm', async () => {
    const { key } = verifierInput(pairs.get(COSE_ALG.RS256)!);
    const signature = await signWithTestKey(pairs.get(COSE_ALG.RS256)!, message);
    const md5 = { name: 'RSASSA-PKCS1-v1_5', hash: 'MD5' } as never;
    const dsa = { name: 'DSA' } as never;
    expect(await asyncErrorCode(() => backend.verify(md5, key, message, signature))).toBe('unsupported_algorithm');
    expect(await asyncErrorCode(() => backend.verify(dsa, key, message, signature))).toBe('unsupported_algorithm');
  });

  it('rejects an RSA-PSS signature checked with the wrong salt length', async () => {
    const pair = pairs.get(COSE_ALG.PS256)!;
    const { key } = verifierInput(pair);
    const signature = await signWithTestKey(pair, message);
    expect(await backend.verify({ name: 'RSA-PSS', hash: 'SHA-256', saltLength: 20 }, key, message, signature)).toBe(false);
  });
});

describe(`crypto backend (${backend.name}): digests`, () => {
  it('computes SHA-1/256/384/512 (FIPS 180-4 "abc" test vectors)', async () => {
    const abc = new TextEncoder().encode('abc');
    expect(await digest('SHA-1', abc)).toEqual(hex('a9993e364706816aba3e25717850c26c9cd0d89d'));
    expect(await sha256(abc)).toEqual(hex('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'));
    expect((await digest('SHA-384', abc)).subarray(0, 8)).toEqual(hex('cb00753f45a35e8b'));
    expect((await digest('SHA-512', abc)).subarray(0, 8)).toEqual(hex('ddaf35a193617aba'));
    expect((await sha256(abc)).constructor).toBe(Uint8Array);
  });
});
