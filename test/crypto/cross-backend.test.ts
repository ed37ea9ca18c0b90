import { beforeAll, describe, expect, it } from 'vitest';
import { backend as nodeBackend } from '../../src/crypto/node.js';
import { backend as webBackend } from '../../src/crypto/webcrypto.js';
import { COSE_ALG } from '../../src/cose/algorithms.js';
import { signWithTestKey, type TestKeyPair } from '../../src/testing/keys.js';
import { asyncErrorCode } from '../helpers/errors.js';
import type { PublicKeyMaterial } from '../../src/crypto/types.js';
import { ALGORITHMS, hex, keyPairsFor, message, otherMessage, verifierInput } from './support.js';

// Both backends imported directly (not through #crypto-backend): they must agree on every input.
const backends = [nodeBackend, webBackend];

let pairs: Map<number, TestKeyPair>;
beforeAll(async () => {
  pairs = await keyPairsFor(ALGORITHMS.map((a) => a.alg));
});

describe('node and webcrypto backends agree', () => {
  it('are the two backends', () => {
    expect(backends.map((b) => b.name)).toEqual(['node', 'webcrypto']);
  });

  it.each(ALGORITHMS)('$name: same verdicts on valid, high-S/short and wrong-data signatures', async ({ alg }) => {
    const pair = pairs.get(alg)!;
    const { scheme, key } = verifierInput(pair);
    const isEcdsa = scheme.name === 'ECDSA';
    const signatures = [await signWithTestKey(pair, message)];
    if (isEcdsa) signatures.push(await signWithTestKey(pair, message, { highS: true, shortRS: true }));
    for (const signature of signatures) {
      for (const b of backends) {
        expect(await b.verify(scheme, key, message, signature)).toBe(true);
        expect(await b.verify(scheme, key, otherMessage, signature)).toBe(false);
      }
    }
  });

  it('throw the same codes for malformed signatures and unusable keys, and answer false alike for wrong sizes', async () => {
    const es256 = verifierInput(pairs.get(COSE_ALG.ES256)!);
    const ed25519 = verifierInput(pairs.get(COSE_ALG.Ed25519)!);
    const rs256 = verifierInput(pairs.get(COSE_ALG.RS256)!);
    const rsaSignature = await signWithTestKey(pairs.get(COSE_ALG.RS256)!, message);
    const validDer = await signWithTestKey(pairs.get(COSE_ALG.ES256)!, message);
    const es256k = verifierInput(pairs.get(COSE_ALG.ES256K)!);
    const validDerK = await signWithTestKey(pairs.get(COSE_ALG.ES256K)!, message);
    const secp256k1P = hex('fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f');
    const cases: [string, Parameters<typeof nodeBackend.verify>][] = [
      ['malformed_signature', [es256.scheme, es256.key, message, new Uint8Array([0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x01])]],
      ['key_invalid', [es256.scheme, rs256.key, message, rsaSignature]],
      ['key_invalid', [rs256.scheme, { kind: 'rsa', n: new Uint8Array(0), e: new Uint8Array([1, 0, 1]) }, message, rsaSignature]],
      ['key_invalid', [ed25519.scheme, { kind: 'okp', curve: 'Ed25519', x: new Uint8Array(31) }, message, new Uint8Array(64)]],
      ['no error', [ed25519.scheme, ed25519.key, message, new Uint8Array(63)]],
      ['no error', [rs256.scheme, rs256.key, message, rsaSignature.subarray(2)]],
      ['key_invalid', [es256.scheme, { kind: 'ec', curve: 'P-256', x: new Uint8Array(32), y: new Uint8Array(32) }, message, validDer]],
      // Points off the curve, or with a coordinate of p or more, fail import (node:crypto, Web Crypto) or the check before @noble.
      ['key_invalid', [es256k.scheme, { kind: 'ec', curve: 'secp256k1', x: new Uint8Array(32), y: new Uint8Array(32) }, message, validDerK]],
      ['key_invalid', [es256k.scheme, { ...es256k.key, x: secp256k1P } as PublicKeyMaterial, message, validDerK]],
      ['unsupported_algorithm', [{ name: 'ECDSA', hash: 'SHA-224' } as never, es256.key, message, new Uint8Array(8)]],
    ];
    for (const [code, args] of cases) {
      for (const b of backends) expect(await asyncErrorCode(() => b.verify(...args))).toBe(code);
      if (code === 'no error') for (const b of backends) expect(await b.verify(...args)).toBe(false);
    }
  });

  it('compute the same digests, and refuse the same unknown hash', async () => {
    for (const hash of ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'] as const) {
      expect(await nodeBackend.digest(hash, message)).toEqual(await webBackend.digest(hash, message));
    }
    for (const b of backends) expect(await asyncErrorCode(() => b.digest('MD5' as never, message))).toBe('unsupported_algorithm');
  });
});
