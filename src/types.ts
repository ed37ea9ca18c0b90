/**
 * WebAuthn Level 3 JSON shapes (what `PublicKeyCredential.parseCreationOptionsFromJSON()` takes and
 * what `PublicKeyCredential.prototype.toJSON()` gives), and the credential record we store.
 * All binary values are base64url strings without padding.
 */

export type Base64URLString = string;

export type AuthenticatorTransport = 'ble' | 'cable' | 'hybrid' | 'internal' | 'nfc' | 'smart-card' | 'usb';
export type UserVerificationRequirement = 'required' | 'preferred' | 'discouraged';
export type ResidentKeyRequirement = 'required' | 'preferred' | 'discouraged';
export type AuthenticatorAttachment = 'platform' | 'cross-platform';
export type AttestationConveyancePreference = 'none' | 'indirect' | 'direct' | 'enterprise';
export type PublicKeyCredentialHint = 'security-key' | 'client-device' | 'hybrid';
/** COSE algorithm identifier (IANA "COSE Algorithms" registry). */
export type COSEAlgorithmIdentifier = number;

export interface PublicKeyCredentialRpEntity {
  id?: string;
  name: string;
}

export interface PublicKeyCredentialUserEntityJSON {
  id: Base64URLString;
  name: string;
  displayName: string;
}

export interface PublicKeyCredentialParameters {
  type: 'public-key';
  alg: COSEAlgorithmIdentifier;
}

export interface PublicKeyCredentialDescriptorJSON {
  id: Base64URLString;
  type: 'public-key';
  transports?: AuthenticatorTransport[];
}

export interface AuthenticatorSelectionCriteria {
  authenticatorAttachment?: AuthenticatorAttachment;
  residentKey?: ResidentKeyRequirement;
  requireResidentKey?: boolean;
  userVerification?: UserVerificationRequirement;
}

/** Client extension inputs as JSON (binary members base64url). */
export interface AuthenticationExtensionsClientInputsJSON {
  credProps?: boolean;
  appid?: string;
  appidExclude?: string;
  credentialProtectionPolicy?: 'userVerificationOptional' | 'userVerificationOptionalWithCredentialIDList' | 'userVerificationRequired';
  enforceCredentialProtectionPolicy?: boolean;
  minPinLength?: boolean;
  hmacCreateSecret?: boolean;
  largeBlob?: { support?: 'required' | 'preferred'; read?: boolean; write?: Base64URLString };
  prf?: {
    eval?: { first: Base64URLString; second?: Base64URLString };
    evalByCredential?: Record<Base64URLString, { first: Base64URLString; second?: Base64URLString }>;
  };
  [name: string]: unknown;
}

/** Client extension outputs as JSON. */
export interface AuthenticationExtensionsClientOutputsJSON {
  /** appid (L3 §10.1.1): the assertion used the AppID instead of the RP ID. */
  appid?: boolean;
  /** appidExclude (§10.1.2): the client acted on the AppID exclusion. */
  appidExclude?: boolean;
  /** credProps (§10.1.3): `rk` says whether a discoverable credential was created. */
  credProps?: { rk?: boolean };
  /** hmac-secret (CTAP 2.1 §12.5): the credential has an HMAC secret. */
  hmacCreateSecret?: boolean;
  /** largeBlob (§10.1.5): storage support at registration; the blob read or write result at sign-in. */
  largeBlob?: { supported?: boolean; blob?: Base64URLString; written?: boolean };
  /** prf (§10.1.4): whether a PRF is available (registration), and its 32-byte outputs. */
  prf?: { enabled?: boolean; results?: { first: Base64URLString; second?: Base64URLString } };
  [name: string]: unknown;
}

export interface PublicKeyCredentialCreationOptionsJSON {
  rp: PublicKeyCredentialRpEntity;
  user: PublicKeyCredentialUserEntityJSON;
  challenge: Base64URLString;
  pubKeyCredParams: PublicKeyCredentialParameters[];
  timeout?: number;
  excludeCredentials?: PublicKeyCredentialDescriptorJSON[];
  authenticatorSelection?: AuthenticatorSelectionCriteria;
  hints?: PublicKeyCredentialHint[];
  attestation?: AttestationConveyancePreference;
  attestationFormats?: string[];
  extensions?: AuthenticationExtensionsClientInputsJSON;
}

export interface PublicKeyCredentialRequestOptionsJSON {
  challenge: Base64URLString;
  timeout?: number;
  rpId?: string;
  allowCredentials?: PublicKeyCredentialDescriptorJSON[];
  userVerification?: UserVerificationRequirement;
  hints?: PublicKeyCredentialHint[];
  extensions?: AuthenticationExtensionsClientInputsJSON;
}

export interface AuthenticatorAttestationResponseJSON {
  clientDataJSON: Base64URLString;
  attestationObject: Base64URLString;
  authenticatorData?: Base64URLString;
  transports?: AuthenticatorTransport[] | string[];
  publicKeyAlgorithm?: COSEAlgorithmIdentifier;
  publicKey?: Base64URLString;
}

export interface RegistrationResponseJSON {
  id: Base64URLString;
  rawId: Base64URLString;
  type: 'public-key';
  response: AuthenticatorAttestationResponseJSON;
  authenticatorAttachment?: AuthenticatorAttachment | null;
  clientExtensionResults: AuthenticationExtensionsClientOutputsJSON;
}

export interface AuthenticatorAssertionResponseJSON {
  clientDataJSON: Base64URLString;
  authenticatorData: Base64URLString;
  signature: Base64URLString;
  userHandle?: Base64URLString | null;
}

export interface AuthenticationResponseJSON {
  id: Base64URLString;
  rawId: Base64URLString;
  type: 'public-key';
  response: AuthenticatorAssertionResponseJSON;
  authenticatorAttachment?: AuthenticatorAttachment | null;
  clientExtensionResults: AuthenticationExtensionsClientOutputsJSON;
}

/**
 * The credential record (WebAuthn L3 section 4, "credential record"), as the host application
 * stores it. Every member is a JSON primitive or array of them, so `JSON.parse(JSON.stringify(r))`
 * gives back an identical record: store it in one JSON column, or spread it over columns.
 */
export interface CredentialRecord {
  /** Credential ID, base64url. Primary key: globally unique per RP. */
  id: Base64URLString;
  /** COSE_Key bytes of the credential public key, base64url. */
  publicKey: Base64URLString;
  /** COSE algorithm of the key (e.g. -7 ES256, -8 EdDSA, -257 RS256). */
  algorithm: COSEAlgorithmIdentifier;
  /** Signature counter last seen (0 for authenticators that do not count). */
  signCount: number;
  /** Transports the client reported at registration (hints for allowCredentials). */
  transports: AuthenticatorTransport[];
  /** Whether any ceremony with this credential has had UV set. */
  uvInitialized: boolean;
  /** BE flag at registration: can this credential be synced/backed up? Fixed for its lifetime. */
  backupEligible: boolean;
  /** BS flag at the last ceremony: is it backed up now? */
  backupState: boolean;
  /** AAGUID of the authenticator model, UUID string (all zeros when not disclosed). */
  aaguid: string;
  /** Attestation statement format at registration ("none", "packed", ...). */
  attestationFormat: string;
  /** The attestation object, base64url, kept so attestation can be re-verified later. */
  attestationObject: Base64URLString;
  /** The registration clientDataJSON, base64url, kept with the attestation object. */
  attestationClientDataJSON: Base64URLString;
  /** The user handle (user.id) this credential was registered for, base64url. */
  userHandle?: Base64URLString;
  /** credProps.rk from the client: was a discoverable credential created (undefined: unknown). */
  discoverable?: boolean;
  /** authenticatorAttachment reported at registration. */
  authenticatorAttachment?: AuthenticatorAttachment;
  /** ISO 8601 time of registration. */
  createdAt: string;
  /** ISO 8601 time of the last successful sign-in. */
  lastUsedAt?: string;
  /** A name the user chose for this passkey. */
  name?: string;
}
