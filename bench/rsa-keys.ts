import { generatePrime } from 'node:crypto';
import type { TestJwk } from 'passkey-rp/testing';

/**
 * Many distinct RSA-2048 private keys, fast: a few dozen 1024-bit primes, and every pair of them
 * as a modulus (k primes give k(k-1)/2 keys). Generating 1,000 key pairs the usual way takes
 * minutes on two cores; this takes seconds, and each modulus is still a real, distinct key.
 */

const E = 65537n;

function primeOf1024Bits(): Promise<bigint> {
  return new Promise((resolve, reject) => {
    generatePrime(1024, { bigint: true }, (error, prime) => (error ? reject(error) : resolve(prime)));
  });
}

function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new Error('not invertible');
  return ((oldS % m) + m) % m;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function toBytes(value: bigint): Uint8Array {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));
}

const b64u = (value: bigint) => Buffer.from(toBytes(value)).toString('base64url');

function jwkOf(p: bigint, q: bigint): TestJwk {
  const n = p * q;
  const lambda = ((p - 1n) * (q - 1n)) / gcd(p - 1n, q - 1n);
  const d = modInverse(E, lambda);
  return {
    kty: 'RSA',
    n: b64u(n),
    e: b64u(E),
    d: b64u(d),
    p: b64u(p),
    q: b64u(q),
    dp: b64u(d % (p - 1n)),
    dq: b64u(d % (q - 1n)),
    qi: b64u(modInverse(q, p)),
  };
}

/** `count` private JWKs of distinct 2048-bit moduli. */
export async function rsaPrivateJwks(count: number): Promise<TestJwk[]> {
  let k = 2;
  while ((k * (k - 1)) / 2 < count) k++;
  const primes: bigint[] = [];
  // OpenSSL sets the top two bits of a generated prime, so every product has exactly 2048 bits;
  // the filter only guards that assumption.
  while (primes.length < k) {
    const batch = await Promise.all(Array.from({ length: k - primes.length }, primeOf1024Bits));
    for (const p of batch) if (p >> 1022n === 3n && (p - 1n) % E !== 0n && !primes.includes(p)) primes.push(p);
  }
  const jwks: TestJwk[] = [];
  for (let i = 0; i < k && jwks.length < count; i++) {
    for (let j = i + 1; j < k && jwks.length < count; j++) jwks.push(jwkOf(primes[i]!, primes[j]!));
  }
  return jwks;
}
