import type { PublicKeyMaterial } from '../crypto/types.js';

/** COSE key types (RFC 9052/9053, and AKP from the ML-DSA COSE draft). */
export const COSE_KTY = { OKP: 1, EC2: 2, RSA: 3, AKP: 7 } as const;

/** A decoded and validated COSE_Key public key. */
export interface CoseKey {
  /** COSE algorithm (label 3). WebAuthn requires it to be present. */
  alg: number;
  /** COSE key type (label 1). */
  kty: number;
  /** The key in the form the crypto backend takes. */
  key: PublicKeyMaterial;
  /** The exact COSE_Key bytes it was decoded from. */
  bytes: Uint8Array;
}

export interface DecodeCoseKeyOptions {
  /**
   * Whether to check that an EC2 point lies on its curve (SEC 1 section 3.2.2.1); default true.
   * A key stored at registration was checked then, and both crypto backends refuse to import a
   * point off its curve ('key_invalid'), so a sign-in may pass false and skip the arithmetic.
   */
  checkPoint?: boolean;
}
