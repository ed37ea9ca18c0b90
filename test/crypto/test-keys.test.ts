import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { backend } from '../../src/crypto/index.js';
import { COSE_ALG } from '../../src/cose/algorithms.js';
import { decodeCoseKey } from '../../src/cose/key.js';
import {
  exportTestKeyPair,
  generateTestKeyPair,
  importTestKeyPair,
  signWithTestKey,
  type TestKeyPair,
} from '../../src/testing/keys.js';
import { ALGORITHMS, keyPairsFor, message, verifierInput } from './support.js';

let pairs: Map<number, TestKeyPair>;
beforeAll(async () => {
  pairs = await keyPairsFor(ALGORITHMS.map((a) => a.alg));
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('testing/keys', () => {
  it.each(ALGORITHMS)('$name: exports to JSON and imports back to a pair that signs for the same public key', async ({ alg }) => {
    const pair = pairs.get(alg)!;
    const json = JSON.parse(JSON.stringify(await exportTestKeyPair(pair)));
    const imported = await importTestKeyPair(json);
    expect(imported.alg).toBe(alg);
    expect(imported.cosePublicKey).toEqual(pair.cosePublicKey);
    const { scheme, key } = verifierInput(pair);
    expect(await backend.verify(scheme, key, message, await signWithTestKey(imported, message))).toBe(true);
  });

  it('honours modulusLength for RSA keys', async () => {
    const pair = await generateTestKeyPair(COSE_ALG.RS256, { modulusLength: 3072 });
    const key = decodeCoseKey(pair.cosePublicKey).key;
    expect(key.kind === 'rsa' && key.n.length).toBe(384);
  });

  it('gives EdDSA (-8) an Ed25519 key and Ed448 (-53) an Ed448 key', () => {
    expect(decodeCoseKey(pairs.get(COSE_ALG.EdDSA)!.cosePublicKey).key).toMatchObject({ kind: 'okp', curve: 'Ed25519' });
    expect(decodeCoseKey(pairs.get(COSE_ALG.Ed448)!.cosePublicKey).key).toMatchObject({ kind: 'okp', curve: 'Ed448' });
  });

  it('refuses ECDSA-only options for other algorithms, and unknown algorithms', async () => {
    await expect(signWithTestKey(pairs.get(COSE_ALG.RS256)!, message, { highS: true })).rejects.toThrow(/ECDSA/);
    await expect(generateTestKeyPair(-999)).rejects.toThrow(/-999/);
  });
});

describe('Ed25519 where Web Crypto lacks it', () => {
  /** Makes this runtime's Web Crypto refuse Ed25519, as some browsers' does. */
  function withoutNativeEd25519() {
    const subtle = globalThis.crypto.subtle;
    const refuses = (algorithm: unknown) => (typeof algorithm === 'string' ? algorithm : (algorithm as Algorithm).name) === 'Ed25519';
    const notSupported = () => Promise.reject(new DOMException('Ed25519 is not supported', 'NotSupportedError'));
    const importKey = subtle.importKey.bind(subtle);
    const generateKey = subtle.generateKey.bind(subtle);
    vi.spyOn(subtle, 'importKey').mockImplementation(((...args: Parameters<typeof importKey>) =>
      refuses(args[2]) ? notSupported() : importKey(...args)) as typeof importKey);
    vi.spyOn(subtle, 'generateKey').mockImplementation(((...args: Parameters<typeof generateKey>) =>
      refuses(args[0]) ? notSupported() : generateKey(...args)) as typeof generateKey);
  }

  it('the webcrypto backend verifies with @noble instead', async () => {
    const pair = pairs.get(COSE_ALG.Ed25519)!;
    const signature = await signWithTestKey(pair, message);
    const { scheme, key } = verifierInput(pair);
    withoutNativeEd25519();
    vi.resetModules(); // a fresh module, so its one-time feature detection runs under the stub
    const { backend: fresh } = await import('../../src/crypto/webcrypto.js');
    expect(await fresh.verify(scheme, key, message, signature)).toBe(true);
    expect(await fresh.verify(scheme, key, message.subarray(1), signature)).toBe(false);
    expect(vi.mocked(globalThis.crypto.subtle.importKey)).toHaveBeenCalled();
  });

  it('test keys are made, exported and imported with @noble instead', async () => {
    withoutNativeEd25519();
    const pair = await generateTestKeyPair(COSE_ALG.Ed25519);
    const imported = await importTestKeyPair(await exportTestKeyPair(pair));
    // Web Crypto was asked and refused both times, so @noble made and loaded the key.
    expect(vi.mocked(globalThis.crypto.subtle.generateKey)).toHaveBeenCalledWith({ name: 'Ed25519' }, true, ['sign', 'verify']);
    expect(vi.mocked(globalThis.crypto.subtle.importKey).mock.calls.some((call) => (call[2] as Algorithm).name === 'Ed25519')).toBe(true);
    vi.restoreAllMocks();
    const { scheme, key } = verifierInput(pair);
    expect(await backend.verify(scheme, key, message, await signWithTestKey(imported, message))).toBe(true);
  });
});
