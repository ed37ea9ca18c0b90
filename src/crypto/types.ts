/**
 * The contract between the verifiers and a crypto backend. Two backends implement it:
 * `webcrypto.ts` (Web Crypto + @noble where Web Crypto lacks an algorithm; the default, for every
 * runtime) and `node.ts` (node:crypto; selected only by the package.json "node" condition).
 * Callers import the active one from `./index.js`, never a backend file directly.
 */

export type HashAlgorithm = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

export type EcCurve = 'P-256' | 'P-384' | 'P-521' | 'secp256k1';
export type EdCurve = 'Ed25519' | 'Ed448';
export type MlDsaVariant = 'ML-DSA-44' | 'ML-DSA-65' | 'ML-DSA-87';

/** How a signature was made. ECDSA signatures are always DER (as WebAuthn and X.509 carry them). */
export type SignatureScheme =
  | { name: 'ECDSA'; hash: HashAlgorithm }
  | { name: 'RSASSA-PKCS1-v1_5'; hash: HashAlgorithm }
  | { name: 'RSA-PSS'; hash: HashAlgorithm; saltLength: number }
  | { name: 'EdDSA' }
  | { name: 'ML-DSA' };

/** A public key, already validated by whoever built it (COSE decoder or X.509 parser). */
export type PublicKeyMaterial =
  | { kind: 'ec'; curve: EcCurve; x: Uint8Array; y: Uint8Array }
  | { kind: 'okp'; curve: EdCurve; x: Uint8Array }
  | { kind: 'rsa'; n: Uint8Array; e: Uint8Array }
  | { kind: 'ml-dsa'; variant: MlDsaVariant; pub: Uint8Array };

export interface CryptoBackend {
  readonly name: 'node' | 'webcrypto';
  digest(hash: HashAlgorithm, data: Uint8Array): Promise<Uint8Array>;
  /**
   * True when `signature` is valid over `data`; false when it is not. Throws WebAuthnError
   * ('malformed_signature', 'unsupported_algorithm', 'key_invalid') for input that cannot be
   * a signature or key at all. Never throws anything else.
   */
  verify(scheme: SignatureScheme, key: PublicKeyMaterial, data: Uint8Array, signature: Uint8Array): Promise<boolean>;
}
