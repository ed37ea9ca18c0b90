import type { MlDsaKey } from './input.js';
import { WebAuthnError } from '../errors.js';

/**
 * ML-DSA (FIPS 204) through @noble/post-quantum, for both backends: neither Web Crypto nor
 * node:crypto in Node 20 has it. Loaded on first use, as few credentials need it, and the promise
 * kept: under a module-hook loader every import() call is a round trip (about 90 µs).
 * COSE uses pure ML-DSA with an empty context string (draft-ietf-cose-dilithium section 4).
 */
let mlDsaModule: Promise<typeof import('@noble/post-quantum/ml-dsa.js')> | undefined;

export async function verifyMlDsa(key: MlDsaKey, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
  const { ml_dsa44, ml_dsa65, ml_dsa87 } = await (mlDsaModule ??= import('@noble/post-quantum/ml-dsa.js'));
  const impl = key.variant === 'ML-DSA-44' ? ml_dsa44 : key.variant === 'ML-DSA-65' ? ml_dsa65 : ml_dsa87;
  if (!(key.pub instanceof Uint8Array) || key.pub.length !== impl.lengths.publicKey) {
    throw new WebAuthnError('key_invalid', `${key.variant} public key must be ${impl.lengths.publicKey} bytes`);
  }
  try {
    return impl.verify(signature, data, key.pub);
  } catch {
    return false;
  }
}
