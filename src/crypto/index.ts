import { backend } from '#crypto-backend';
import type { HashAlgorithm } from './types.js';

/**
 * The active crypto backend, chosen by the package.json "imports" map: node:crypto under the
 * "node" and "bun" conditions, Web Crypto (+ @noble) everywhere else.
 */
export { backend };
export type { CryptoBackend, HashAlgorithm, PublicKeyMaterial, SignatureScheme } from './types.js';

export function digest(hash: HashAlgorithm, data: Uint8Array): Promise<Uint8Array> {
  return backend.digest(hash, data);
}

export function sha256(data: Uint8Array): Promise<Uint8Array> {
  return backend.digest('SHA-256', data);
}
