import type { CborMap } from '../encoding/cbor.js';
import type { AuthenticatorData } from '../parse/authenticator-data.js';
import type { CoseKey } from '../cose/types.js';

/** Attestation types (WebAuthn L3 section 6.5.3). */
export type AttestationType = 'none' | 'self' | 'basic' | 'attca' | 'anonca';

/** What one format verifier is given (WebAuthn L3 section 7.1 steps 21-22). */
export interface AttestationStatementInput {
  fmt: string;
  attStmt: CborMap;
  authData: AuthenticatorData;
  clientDataHash: Uint8Array;
  /** The credential public key from authData, decoded and validated. */
  credentialKey: CoseKey;
  /** The time to validate certificates and timestamps at. */
  now: Date;
}

/** What one format verifier proves: the statement is valid, of this type, with this trust path. */
export interface AttestationStatementResult {
  type: AttestationType;
  /** DER certificates, leaf first; empty for none and self attestation. */
  trustPath: Uint8Array[];
  /** Typed facts the format carries (TPM manufacturer, Android security level, ...). */
  facts?: Record<string, unknown>;
}
