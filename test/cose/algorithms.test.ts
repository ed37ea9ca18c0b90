import { describe, expect, it } from 'vitest';
import { COSE_ALG, DEFAULT_SUPPORTED_ALGORITHMS, coseAlgorithm } from '../../src/cose/algorithms.js';

describe('COSE algorithm table', () => {
  it('maps each ECDSA alg to its curve and hash (RFC 9053 section 2.1, RFC 8812 section 3.2)', () => {
    expect(coseAlgorithm(-7)).toMatchObject({ name: 'ES256', scheme: { name: 'ECDSA', hash: 'SHA-256' }, key: { kind: 'ec', curve: 'P-256' } });
    expect(coseAlgorithm(-35)).toMatchObject({ name: 'ES384', scheme: { name: 'ECDSA', hash: 'SHA-384' }, key: { kind: 'ec', curve: 'P-384' } });
    expect(coseAlgorithm(-36)).toMatchObject({ name: 'ES512', scheme: { name: 'ECDSA', hash: 'SHA-512' }, key: { kind: 'ec', curve: 'P-521' } });
    expect(coseAlgorithm(-47)).toMatchObject({ name: 'ES256K', scheme: { name: 'ECDSA', hash: 'SHA-256' }, key: { kind: 'ec', curve: 'secp256k1' } });
  });

  it('uses a PSS salt as long as the hash (RFC 8230 section 2)', () => {
    expect(coseAlgorithm(-37)!.scheme).toEqual({ name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 });
    expect(coseAlgorithm(-38)!.scheme).toEqual({ name: 'RSA-PSS', hash: 'SHA-384', saltLength: 48 });
    expect(coseAlgorithm(-39)!.scheme).toEqual({ name: 'RSA-PSS', hash: 'SHA-512', saltLength: 64 });
  });

  it('maps PKCS#1 v1.5, EdDSA and ML-DSA algs', () => {
    expect(coseAlgorithm(-257)!.scheme).toEqual({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' });
    expect(coseAlgorithm(-258)!.scheme).toEqual({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384' });
    expect(coseAlgorithm(-259)!.scheme).toEqual({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' });
    expect(coseAlgorithm(-65535)!.scheme).toEqual({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-1' });
    expect(coseAlgorithm(-8)!.key).toEqual({ kind: 'okp', curves: ['Ed25519'] });
    expect(coseAlgorithm(-19)!.key).toEqual({ kind: 'okp', curves: ['Ed25519'] });
    expect(coseAlgorithm(-53)!.key).toEqual({ kind: 'okp', curves: ['Ed448'] });
    expect([-48, -49, -50].map((alg) => coseAlgorithm(alg)!.key)).toEqual([
      { kind: 'ml-dsa', variant: 'ML-DSA-44' },
      { kind: 'ml-dsa', variant: 'ML-DSA-65' },
      { kind: 'ml-dsa', variant: 'ML-DSA-87' },
    ]);
  });

  it('knows nothing else', () => {
    for (const alg of [0, -1, -6, -9, -260, -65534, 1, 7]) expect(coseAlgorithm(alg)).toBeUndefined();
  });

  it('supports every table alg by default except RS1 (SHA-1)', () => {
    const all = Object.values(COSE_ALG);
    expect([...DEFAULT_SUPPORTED_ALGORITHMS].sort()).toEqual(all.filter((alg) => alg !== COSE_ALG.RS1).sort());
    expect(Object.isFrozen(DEFAULT_SUPPORTED_ALGORITHMS)).toBe(true);
  });
});
