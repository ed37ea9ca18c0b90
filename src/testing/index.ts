/**
 * 'passkey-rp/testing': a software authenticator and the helpers behind it, for testing route
 * handlers (and this library) with real credentials, real signatures and deliberate faults.
 * Never import it from production code: private keys live in memory in plain form.
 */
export * from './authenticator.js';
export * from './keys.js';
export * from './ca.js';
export * from './attestation-tpm.js';
export * from './attestation-android.js';
export * from './attestation-packed.js';
export * from './attestation-fido-u2f.js';
export * from './attestation-apple.js';
export * from './attestation-compound.js';
export * from './metadata.js';
export { encodeCoseKey } from '../cose/encode.js';
export { encodeCbor } from '../encoding/cbor-encode.js';
