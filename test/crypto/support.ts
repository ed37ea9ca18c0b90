import { COSE_ALG, coseAlgorithm } from '../../src/cose/algorithms.js';
import { decodeCoseKey } from '../../src/cose/key.js';
import type { PublicKeyMaterial, SignatureScheme } from '../../src/crypto/types.js';
import { generateTestKeyPair, type TestKeyPair } from '../../src/testing/keys.js';

/** Every algorithm in the table, by name. */
export const ALGORITHMS = Object.entries(COSE_ALG).map(([name, alg]) => ({ name, alg }));

export const ECDSA_ALGORITHMS = [
  { name: 'ES256 (P-256)', alg: COSE_ALG.ES256 },
  { name: 'ES384 (P-384)', alg: COSE_ALG.ES384 },
  { name: 'ES512 (P-521)', alg: COSE_ALG.ES512 },
  { name: 'ES256K (secp256k1)', alg: COSE_ALG.ES256K },
];

/** One key pair per algorithm, made concurrently (RSA generation dominates; do this once per file). */
export async function keyPairsFor(algs: readonly number[]): Promise<Map<number, TestKeyPair>> {
  const pairs = await Promise.all(algs.map((alg) => generateTestKeyPair(alg)));
  return new Map(pairs.map((pair) => [pair.alg, pair]));
}

/** The scheme and key material a backend needs to verify with a test pair. */
export function verifierInput(pair: TestKeyPair): { scheme: SignatureScheme; key: PublicKeyMaterial } {
  return { scheme: coseAlgorithm(pair.alg)!.scheme, key: decodeCoseKey(pair.cosePublicKey).key };
}

export const hex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));

export const message = new TextEncoder().encode('authenticatorData || clientDataHash');
export const otherMessage = new TextEncoder().encode('authenticatorData || clientDataHasH');
