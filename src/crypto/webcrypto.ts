import type { CryptoBackend, HashAlgorithm, PublicKeyMaterial, SignatureScheme } from './types.js';
import { WebAuthnError } from '../errors.js';
import { toBase64url } from '../encoding/base64url.js';
import { assertHash, prepareInput, type OkpKey } from './input.js';
import { uncompressedPoint } from './ec-point.js';
import { verifyMlDsa } from './ml-dsa.js';
import { verifyEd25519, verifyEd448, verifySecp256k1 } from './noble.js';

/**
 * The default backend, for every runtime: Web Crypto (globalThis.crypto.subtle) where it has the
 * algorithm, @noble where it does not (secp256k1, Ed448, Ed25519 on runtimes without it, and
 * ML-DSA). The @noble modules load on first use, so the sign-in path of ES256, RS256 and Ed25519
 * never loads them.
 */

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

/** A type-level cast: TypeScript's BufferSource excludes SharedArrayBuffer views, which our parsers never make. */
const view = (bytes: Uint8Array) => bytes as Uint8Array<ArrayBuffer>;

async function importKey(
  format: 'raw' | 'jwk',
  material: Uint8Array | JsonWebKey,
  algorithm: EcKeyImportParams | RsaHashedImportParams | Algorithm,
): Promise<CryptoKey> {
  try {
    return format === 'raw'
      ? await subtle().importKey('raw', view(material as Uint8Array), algorithm, false, ['verify'])
      : await subtle().importKey('jwk', material as JsonWebKey, algorithm, false, ['verify']);
  } catch (cause) {
    throw new WebAuthnError('key_invalid', `public key could not be imported (${algorithm.name})`, { cause });
  }
}

/** A refusal from verify() itself (not from import) means the signature does not verify. */
async function subtleVerify(
  algorithm: AlgorithmIdentifier | RsaPssParams | EcdsaParams,
  key: CryptoKey,
  signature: Uint8Array,
  data: Uint8Array,
): Promise<boolean> {
  try {
    return await subtle().verify(algorithm, key, view(signature), view(data));
  } catch {
    return false;
  }
}

// The Ed25519 base point: a valid key to probe whether this runtime's Web Crypto has Ed25519.
const ED25519_PROBE = new Uint8Array([0x58, ...new Array<number>(31).fill(0x66)]);
let nativeEd25519: Promise<boolean> | undefined;

function hasNativeEd25519(): Promise<boolean> {
  nativeEd25519 ??= subtle()
    .importKey('raw', ED25519_PROBE, { name: 'Ed25519' }, false, ['verify'])
    .then(
      () => true,
      () => false,
    );
  return nativeEd25519;
}

async function verifyEdDSA(key: OkpKey, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
  if (key.curve === 'Ed25519' && (await hasNativeEd25519())) {
    return subtleVerify({ name: 'Ed25519' }, await importKey('raw', key.x, { name: 'Ed25519' }), signature, data);
  }
  return key.curve === 'Ed25519' ? verifyEd25519(key, data, signature) : verifyEd448(key, data, signature);
}

export const backend: CryptoBackend = {
  name: 'webcrypto',

  async digest(hash: HashAlgorithm, data: Uint8Array): Promise<Uint8Array> {
    assertHash(hash);
    return new Uint8Array(await subtle().digest(hash, view(data)));
  },

  async verify(scheme: SignatureScheme, key: PublicKeyMaterial, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
    const input = prepareInput(scheme, key, signature);
    if (input === undefined) return false;
    switch (input.name) {
      case 'ECDSA': {
        if (input.key.curve === 'secp256k1') return verifySecp256k1(input.key, await backend.digest(input.hash, data), input.raw);
        const imported = await importKey('raw', uncompressedPoint(input.key), { name: 'ECDSA', namedCurve: input.key.curve });
        return subtleVerify({ name: 'ECDSA', hash: input.hash }, imported, input.raw, data);
      }
      case 'RSASSA-PKCS1-v1_5':
      case 'RSA-PSS': {
        const jwk: JsonWebKey = { kty: 'RSA', n: toBase64url(input.n), e: toBase64url(input.e) };
        const imported = await importKey('jwk', jwk, { name: input.name, hash: input.hash });
        const params = input.name === 'RSA-PSS' ? { name: 'RSA-PSS', saltLength: input.saltLength } : { name: input.name };
        return subtleVerify(params, imported, signature, data);
      }
      case 'EdDSA':
        return verifyEdDSA(input.key, data, signature);
      case 'ML-DSA':
        return verifyMlDsa(input.key, data, signature);
    }
  },
};
