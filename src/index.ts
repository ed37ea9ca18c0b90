/**
 * passkey-rp: a WebAuthn / passkeys Relying Party library. This module only re-exports; each
 * operation lives in its own module. The attestation layer (X.509, every statement format) is
 * loaded on demand by verifyRegistrationResponse, so importing this entry stays cheap.
 */

// Errors
export { WebAuthnError, ERROR_CODES, isWebAuthnError, type ErrorCode, type WebAuthnErrorOptions } from './errors.js';

// JSON shapes and the credential record
export type * from './types.js';

// Registration (WebAuthn L3 sections 5.4 and 7.1)
export {
  generateRegistrationOptions,
  generateUserHandle,
  DEFAULT_REGISTRATION_ALGORITHMS,
  DEFAULT_REGISTRATION_EXTENSIONS,
  type GenerateRegistrationOptionsInput,
} from './registration/options.js';
export { verifyRegistrationResponse, type VerifyRegistrationInput, type VerifiedRegistration } from './registration/verify.js';

// Authentication (WebAuthn L3 sections 5.5 and 7.2)
export { generateAuthenticationOptions, type GenerateAuthenticationOptionsInput } from './authentication/options.js';
export {
  verifyAuthenticationResponse,
  type StoredCredential,
  type VerifyAuthenticationInput,
  type VerifiedAuthentication,
} from './authentication/verify.js';

export type { ExpectedChallenge } from './ceremony/challenge.js';
export type { ExpectedRPID } from './ceremony/rp-id-hash.js';
export type { CredentialReference, CredentialSelector } from './ceremony/descriptors.js';

// Origins, RP ID scope, related origins, native apps
export * from './origins/index.js';

// Extensions
export * from './extensions/index.js';

// Challenges, passkey management, advice, Signal API
export * from './lifecycle/index.js';

// Attestation verdict types (the verifier itself is in 'passkey-rp/attestation')
export type {
  AttestationFacts,
  AttestationOptions,
  AttestationType,
  AttestationVerdict,
  TrustAnchorSource,
  TrustAnchorLookup,
  SafetyNetOptions,
  AndroidKeyOptions,
} from './attestation/types.js';
export type { TrustAnchorInput } from './x509/types.js';

// Low-level building blocks, for advanced use
export { toBase64url, fromBase64url } from './encoding/base64url.js';
export { parseAuthenticatorData, type AuthenticatorData, type AuthenticatorFlags, type AttestedCredentialData } from './parse/authenticator-data.js';
export { parseClientDataJSON, type ClientData } from './parse/client-data.js';
export { parseAttestationObject, type AttestationObject } from './parse/attestation-object.js';
export { decodeCoseKey, verifyCoseSignature } from './cose/key.js';
export { COSE_ALG, DEFAULT_SUPPORTED_ALGORITHMS, coseAlgorithm } from './cose/algorithms.js';
export type { CoseKey } from './cose/types.js';
