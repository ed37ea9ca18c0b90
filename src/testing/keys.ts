import { p256, p384, p521 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { ed448 } from '@noble/curves/ed448.js';
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import type { EcCurve, MlDsaVariant, PublicKeyMaterial } from '../crypto/types.js';
import { coseAlgorithm, type CoseAlgorithm } from '../cose/algorithms.js';
import { encodeCoseKey } from '../cose/encode.js';
import { ecdsaRawToDer, ecdsaScalarSize } from '../crypto/der.js';
import { fromBase64url, toBase64url } from '../encoding/base64url.js';

/**
 * Key pairs and signatures for every algorithm passkey-rp verifies, for tests and the software
 * authenticator. Web Crypto signs where it can (ECDSA on the NIST curves, RSA, Ed25519 where the
 * runtime has it); @noble signs the rest (secp256k1, Ed448, ML-DSA). Signatures come out the
 * way WebAuthn carries them (L3 section 6.5.6): ECDSA as DER, the others raw.
 *
 * Not for production: private keys are extractable and live in plain memory.
 */

declare const opaque: unique symbol;
/** The private half; only this module can use it. */
export interface TestPrivateKey {
  readonly [opaque]: true;
}

export interface TestKeyPair {
  readonly alg: number;
  /** The public key as a COSE_Key, exactly as an authenticator would put it in authData. */
  readonly cosePublicKey: Uint8Array;
  readonly privateKey: TestPrivateKey;
}

/** A private JWK (RFC 7517); ML-DSA uses the AKP form with the 32-byte seed as `priv`. */
export interface TestJwk {
  kty: string;
  [member: string]: unknown;
}

/** A JSON-safe test key pair, to store with recorded fixtures. */
export interface TestKeyPairJSON {
  alg: number;
  privateKey: TestJwk;
}

export interface GenerateTestKeyOptions {
  /** RSA modulus size in bits (default 2048). */
  modulusLength?: number;
}

export interface SignWithTestKeyOptions {
  /** ECDSA only: return the high-S twin (r, n - s) of the signature when S is low. */
  highS?: boolean;
  /** ECDSA only: sign again until r or s is shorter than the curve size (a leading zero octet). */
  shortRS?: boolean;
}

interface PrivateKeyImpl {
  /** Signs as the algorithm defines; ECDSA gives r||s. */
  sign(data: Uint8Array): Promise<Uint8Array>;
  toJwk(): Promise<TestJwk>;
}

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;
/** A type-level cast: TypeScript's BufferSource excludes SharedArrayBuffer views. */
const view = (bytes: Uint8Array) => bytes as Uint8Array<ArrayBuffer>;

const EC_ORDERS: Record<EcCurve, bigint> = {
  'P-256': p256.Point.Fn.ORDER,
  'P-384': p384.Point.Fn.ORDER,
  'P-521': p521.Point.Fn.ORDER,
  secp256k1: secp256k1.Point.Fn.ORDER,
};
const ML_DSA = { 'ML-DSA-44': ml_dsa44, 'ML-DSA-65': ml_dsa65, 'ML-DSA-87': ml_dsa87 } as const;
/** With P(short) >= 1/128 per signature, failing this many times in a row is practically impossible. */
const MAX_SHORT_RS_TRIES = 4096;

function algorithmOf(alg: number): CoseAlgorithm {
  const algorithm = coseAlgorithm(alg);
  if (!algorithm) throw new Error(`no test keys for COSE algorithm ${alg}`);
  return algorithm;
}

function toImpl(key: TestPrivateKey): PrivateKeyImpl {
  return key as unknown as PrivateKeyImpl;
}

function toOpaque(impl: PrivateKeyImpl): TestPrivateKey {
  return impl as unknown as TestPrivateKey;
}

function makePair(alg: number, publicKey: PublicKeyMaterial, impl: PrivateKeyImpl): TestKeyPair {
  return { alg, cosePublicKey: encodeCoseKey(publicKey, alg), privateKey: toOpaque(impl) };
}

/** Web Crypto key pairs: sign with the CryptoKey, export it as its own JWK. */
function webCryptoImpl(privateKey: CryptoKey, params: AlgorithmIdentifier | EcdsaParams | RsaPssParams): PrivateKeyImpl {
  return {
    sign: async (data) => new Uint8Array(await subtle().sign(params, privateKey, view(data))),
    toJwk: async () => (await subtle().exportKey('jwk', privateKey)) as TestJwk,
  };
}

function webCryptoParams(algorithm: CoseAlgorithm): {
  key: EcKeyImportParams | RsaHashedImportParams | Algorithm;
  sign: AlgorithmIdentifier | EcdsaParams | RsaPssParams;
} {
  const { scheme, key } = algorithm;
  switch (scheme.name) {
    case 'ECDSA':
      return { key: { name: 'ECDSA', namedCurve: (key as { curve: EcCurve }).curve }, sign: { name: 'ECDSA', hash: scheme.hash } };
    case 'RSASSA-PKCS1-v1_5':
      return { key: { name: scheme.name, hash: scheme.hash }, sign: { name: scheme.name } };
    case 'RSA-PSS':
      return { key: { name: scheme.name, hash: scheme.hash }, sign: { name: scheme.name, saltLength: scheme.saltLength } };
    default:
      return { key: { name: 'Ed25519' }, sign: { name: 'Ed25519' } };
  }
}

/** ES256K, the one secp256k1 algorithm, hashes with SHA-256 (RFC 8812 section 3.2). */
function secp256k1Impl(secret: Uint8Array): PrivateKeyImpl {
  const point = secp256k1.getPublicKey(secret, false);
  return {
    async sign(data) {
      const digest = new Uint8Array(await subtle().digest('SHA-256', view(data)));
      // extraEntropy: fresh randomness per signature, so retries (shortRS) give new signatures.
      return secp256k1.sign(digest, secret, { prehash: false, lowS: false, format: 'compact', extraEntropy: true });
    },
    toJwk: async () => ({ kty: 'EC', crv: 'secp256k1', x: toBase64url(point.subarray(1, 33)), y: toBase64url(point.subarray(33)), d: toBase64url(secret) }),
  };
}

function edwardsImpl(curve: 'Ed25519' | 'Ed448', secret: Uint8Array): PrivateKeyImpl {
  const impl = curve === 'Ed25519' ? ed25519 : ed448;
  const x = impl.getPublicKey(secret);
  return {
    sign: async (data) => impl.sign(data, secret),
    toJwk: async () => ({ kty: 'OKP', crv: curve, x: toBase64url(x), d: toBase64url(secret) }),
  };
}

/** ML-DSA keys are kept as their FIPS 204 seed, the form draft-ietf-cose-dilithium serialises. */
function mlDsaImpl(variant: MlDsaVariant, seed: Uint8Array): { impl: PrivateKeyImpl; pub: Uint8Array } {
  const { secretKey, publicKey } = ML_DSA[variant].keygen(seed);
  const impl: PrivateKeyImpl = {
    sign: async (data) => ML_DSA[variant].sign(data, secretKey),
    toJwk: async () => ({ kty: 'AKP', alg: variant, pub: toBase64url(publicKey), priv: toBase64url(seed) }),
  };
  return { impl, pub: publicKey };
}

async function generateEd25519(alg: number): Promise<TestKeyPair> {
  let keys: CryptoKeyPair;
  try {
    keys = (await subtle().generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  } catch {
    const secret = ed25519.utils.randomSecretKey();
    return makePair(alg, { kind: 'okp', curve: 'Ed25519', x: ed25519.getPublicKey(secret) }, edwardsImpl('Ed25519', secret));
  }
  const x = new Uint8Array(await subtle().exportKey('raw', keys.publicKey));
  return makePair(alg, { kind: 'okp', curve: 'Ed25519', x }, webCryptoImpl(keys.privateKey, { name: 'Ed25519' }));
}

/** A fresh key pair for a COSE algorithm. RSA key generation takes a while: reuse pairs in tests. */
export async function generateTestKeyPair(alg: number, options: GenerateTestKeyOptions = {}): Promise<TestKeyPair> {
  const algorithm = algorithmOf(alg);
  const expectation = algorithm.key;
  switch (expectation.kind) {
    case 'ec': {
      if (expectation.curve === 'secp256k1') {
        const secret = secp256k1.utils.randomSecretKey();
        const point = secp256k1.getPublicKey(secret, false);
        const publicKey: PublicKeyMaterial = { kind: 'ec', curve: 'secp256k1', x: point.slice(1, 33), y: point.slice(33) };
        return makePair(alg, publicKey, secp256k1Impl(secret));
      }
      const params = webCryptoParams(algorithm);
      const keys = (await subtle().generateKey(params.key as EcKeyGenParams, true, ['sign', 'verify'])) as CryptoKeyPair;
      const point = new Uint8Array(await subtle().exportKey('raw', keys.publicKey));
      const size = (point.length - 1) / 2;
      const publicKey: PublicKeyMaterial = { kind: 'ec', curve: expectation.curve, x: point.slice(1, 1 + size), y: point.slice(1 + size) };
      return makePair(alg, publicKey, webCryptoImpl(keys.privateKey, params.sign));
    }
    case 'rsa': {
      const params = webCryptoParams(algorithm);
      const generate: RsaHashedKeyGenParams = {
        ...(params.key as RsaHashedImportParams),
        modulusLength: options.modulusLength ?? 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
      };
      const keys = (await subtle().generateKey(generate, true, ['sign', 'verify'])) as CryptoKeyPair;
      const jwk = await subtle().exportKey('jwk', keys.publicKey);
      const publicKey: PublicKeyMaterial = { kind: 'rsa', n: fromBase64url(jwk.n, 'n'), e: fromBase64url(jwk.e, 'e') };
      return makePair(alg, publicKey, webCryptoImpl(keys.privateKey, params.sign));
    }
    case 'okp': {
      // EdDSA (-8) and Ed25519 (-19) get Ed25519 keys; Ed448 (-53) gets Ed448.
      if (expectation.curves[0] === 'Ed25519') return generateEd25519(alg);
      const secret = ed448.utils.randomSecretKey();
      return makePair(alg, { kind: 'okp', curve: 'Ed448', x: ed448.getPublicKey(secret) }, edwardsImpl('Ed448', secret));
    }
    case 'ml-dsa': {
      const seed = globalThis.crypto.getRandomValues(new Uint8Array(32));
      const { impl, pub } = mlDsaImpl(expectation.variant, seed);
      return makePair(alg, { kind: 'ml-dsa', variant: expectation.variant, pub }, impl);
    }
  }
}

function bytesToBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  return value;
}

function bigIntToBytes(value: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = size - 1; i >= 0; i--, value >>= 8n) out[i] = Number(value & 0xffn);
  return out;
}

/** Both (r, s) and (r, n - s) are valid ECDSA signatures; this picks the one with S > n/2. */
function withHighS(raw: Uint8Array, curve: EcCurve): Uint8Array {
  const size = raw.length / 2;
  const n = EC_ORDERS[curve];
  const s = bytesToBigInt(raw.subarray(size));
  if (s > n >> 1n) return raw;
  const out = raw.slice();
  out.set(bigIntToBytes(n - s, size), size);
  return out;
}

async function signEcdsa(impl: PrivateKeyImpl, curve: EcCurve, data: Uint8Array, options: SignWithTestKeyOptions): Promise<Uint8Array> {
  const size = ecdsaScalarSize(curve);
  for (let attempt = 0; attempt < MAX_SHORT_RS_TRIES; attempt++) {
    let raw = await impl.sign(data);
    if (options.highS) raw = withHighS(raw, curve);
    if (!options.shortRS || raw[0] === 0 || raw[size] === 0) return ecdsaRawToDer(raw);
  }
  throw new Error(`no ${curve} signature with a short r or s after ${MAX_SHORT_RS_TRIES} tries`);
}

/** Signs `data` with the pair's private key, in the signature format WebAuthn uses for its alg. */
export async function signWithTestKey(
  pair: TestKeyPair,
  data: Uint8Array,
  options: SignWithTestKeyOptions = {},
): Promise<Uint8Array> {
  const algorithm = algorithmOf(pair.alg);
  const impl = toImpl(pair.privateKey);
  if (algorithm.key.kind === 'ec') return signEcdsa(impl, algorithm.key.curve, data, options);
  if (options.highS || options.shortRS) throw new Error(`highS and shortRS apply to ECDSA, not ${algorithm.name}`);
  return impl.sign(data);
}

/** The pair as JSON-safe data (the private key as a JWK), for recorded fixtures. */
export async function exportTestKeyPair(pair: TestKeyPair): Promise<TestKeyPairJSON> {
  return { alg: pair.alg, privateKey: await toImpl(pair.privateKey).toJwk() };
}

/** Rebuilds a pair from exportTestKeyPair's output; its public key is derived from the private key. */
export async function importTestKeyPair(json: TestKeyPairJSON): Promise<TestKeyPair> {
  const algorithm = algorithmOf(json.alg);
  const jwk = json.privateKey;
  const expectation = algorithm.key;
  switch (expectation.kind) {
    case 'ec': {
      const publicKey: PublicKeyMaterial = { kind: 'ec', curve: expectation.curve, x: fromBase64url(jwk.x, 'x'), y: fromBase64url(jwk.y, 'y') };
      if (expectation.curve === 'secp256k1') return makePair(json.alg, publicKey, secp256k1Impl(fromBase64url(jwk.d, 'd')));
      return makePair(json.alg, publicKey, await importWebCrypto(algorithm, jwk));
    }
    case 'rsa': {
      const publicKey: PublicKeyMaterial = { kind: 'rsa', n: fromBase64url(jwk.n, 'n'), e: fromBase64url(jwk.e, 'e') };
      return makePair(json.alg, publicKey, await importWebCrypto(algorithm, jwk));
    }
    case 'okp': {
      const curve = jwk.crv === 'Ed448' ? 'Ed448' : 'Ed25519';
      const publicKey: PublicKeyMaterial = { kind: 'okp', curve, x: fromBase64url(jwk.x, 'x') };
      if (curve === 'Ed25519') {
        try {
          return makePair(json.alg, publicKey, await importWebCrypto(algorithm, jwk));
        } catch {
          // No Ed25519 in this runtime's Web Crypto: the JWK's d is the RFC 8032 secret noble takes.
        }
      }
      return makePair(json.alg, publicKey, edwardsImpl(curve, fromBase64url(jwk.d, 'd')));
    }
    case 'ml-dsa': {
      const { impl, pub } = mlDsaImpl(expectation.variant, fromBase64url(jwk.priv, 'priv'));
      return makePair(json.alg, { kind: 'ml-dsa', variant: expectation.variant, pub }, impl);
    }
  }
}

async function importWebCrypto(algorithm: CoseAlgorithm, jwk: TestJwk): Promise<PrivateKeyImpl> {
  const params = webCryptoParams(algorithm);
  const key = await subtle().importKey('jwk', jwk as JsonWebKey, params.key, true, ['sign']);
  return webCryptoImpl(key, params.sign);
}
