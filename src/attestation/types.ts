import type { CborMap } from '../encoding/cbor.js';
import type { AuthenticatorData } from '../parse/authenticator-data.js';
import type { CoseKey } from '../cose/types.js';
import type { Certificate, TrustAnchorInput } from '../x509/types.js';

/** Attestation types (WebAuthn L3 section 6.5.3). */
export type AttestationType = 'none' | 'self' | 'basic' | 'attca' | 'anonca';

/** What one format verifier is given (WebAuthn L3 section 7.1 steps 19-20). */
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

/**
 * What `verifyAttestation` takes: an AttestationStatementInput whose attStmt may also be the array
 * of sub-statements that the compound format carries (WebAuthn L3 section 8.9).
 */
export interface AttestationInput extends Omit<AttestationStatementInput, 'attStmt'> {
  attStmt: CborMap | readonly unknown[];
}

/** Android key attestation security levels (Android KeyDescription SecurityLevel). */
export type AndroidSecurityLevel = 'software' | 'trustedEnvironment' | 'strongBox';

/**
 * What each format proves beyond its type and trust path, discriminated by `format`.
 * Plain JSON values only, so a verdict can be stored or logged as is. Format modules may add
 * optional members to their own variant; they never remove one.
 */
export type AttestationFacts =
  | { format: 'none' }
  /** An fmt this library does not know, accepted because `unknownFormats` is 'treat-as-none'. */
  | { format: 'unknown'; fmt: string }
  /** `x5cSubject`: the attestation certificate's subject (absent for self attestation). */
  | { format: 'packed'; x5cSubject?: string }
  | { format: 'fido-u2f'; x5cSubject: string }
  | { format: 'apple' }
  /**
   * From the AIK certificate's subjectAltName: TPM vendor ID as "id:XXXXXXXX", its name in the TCG
   * vendor registry when known, model and firmware version.
   */
  | { format: 'tpm'; manufacturer: string; manufacturerName?: string; model: string; version: string }
  | {
      format: 'android-key';
      attestationSecurityLevel: AndroidSecurityLevel;
      keymasterSecurityLevel: AndroidSecurityLevel;
      attestationVersion: number;
    }
  | { format: 'android-safetynet'; ctsProfileMatch: boolean; basicIntegrity: boolean; timestampMs: number; apkPackageName?: string }
  /** The sub-statements' facts are in each `AttestationVerdict.statements` entry. */
  | { format: 'compound' };

/** What one format verifier proves: the statement is valid, of this type, with this trust path. */
export interface AttestationStatementResult {
  type: AttestationType;
  /** The certificates, leaf first, as the format parsed them; empty for none and self attestation. */
  trustPath: Certificate[];
  /** Typed facts the format carries (TPM manufacturer, Android security level, ...). */
  facts: AttestationFacts;
}

/** The context a trust anchor lookup is asked about. `aaguid` is lowercase UUID text. */
export interface TrustContext {
  fmt: string;
  aaguid: string;
  /**
   * Set whenever the statement has an X.509 trust path (packed and fido-u2f with x5c, tpm,
   * android-key, apple; for android-safetynet, the JWS signing certificate): the key identifier
   * of its leaf attestation certificate, lowercase hex of the SHA-1 of its subjectPublicKey BIT
   * STRING's value (RFC 5280 section 4.2.1.2 method 1), as FIDO MDS
   * `attestationCertificateKeyIdentifiers` list U2F authenticators, which have no AAGUID.
   */
  attestationCertificateKeyIdentifier?: string;
}

/**
 * What a TrustAnchorSource function may answer instead of a bare list: the anchors, and why there
 * are none or fewer (e.g. the authenticator model is revoked in the FIDO MDS). When the trust path
 * is not trusted, the verdict's `reasons` carry these.
 */
export interface TrustAnchorLookup {
  anchors: readonly TrustAnchorInput[];
  reasons?: readonly string[];
}

/**
 * Where trust anchors come from (WebAuthn L3 section 7.1 step 21): per attestation format, per
 * authenticator model (AAGUID, lowercase UUID text), both (the lists are combined), or a function
 * the caller answers from its own metadata (e.g. the FIDO MDS). Nothing is trusted by default.
 */
export type TrustAnchorSource =
  | {
      byFormat?: Readonly<Record<string, readonly TrustAnchorInput[]>>;
      byAaguid?: Readonly<Record<string, readonly TrustAnchorInput[]>>;
    }
  | ((
      ctx: TrustContext,
    ) => readonly TrustAnchorInput[] | TrustAnchorLookup | Promise<readonly TrustAnchorInput[] | TrustAnchorLookup>);

/** SafetyNet policy (WebAuthn L3 section 8.5; used by the android-safetynet verifier). */
export interface SafetyNetOptions {
  /** Require ctsProfileMatch: true in the attestation response. Default true. */
  enforceCtsProfileMatch?: boolean;
  /** Largest accepted age of the response's timestampMs at `now`, in ms. Default 60000. */
  maxAgeMs?: number;
  /** How far timestampMs may be in the future of `now`, in ms. Default 0. */
  clockSkewMs?: number;
}

/** Android key attestation policy (WebAuthn L3 section 8.4; used by the android-key verifier). */
export interface AndroidKeyOptions {
  /**
   * Also read the key's origin and purpose from softwareEnforced (the union with teeEnforced, as
   * 8.4 allows for relying parties that accept keys outside a trusted execution environment).
   * Default false: only teeEnforced counts. allApplications is rejected in either list regardless.
   */
  allowSoftwareEnforced?: boolean;
}

export interface AttestationOptions {
  /** The time to validate at; defaults to the input's `now`. */
  now?: Date;
  /** Trust anchors (see TrustAnchorSource). Without them, every verdict is `trusted: false`. */
  trustAnchors?: TrustAnchorSource;
  /** Reject ('attestation_untrusted' / 'attestation_chain_invalid') unless the statement chains to a given anchor. Default false. */
  requireTrustedAttestation?: boolean;
  /** Attestation types accepted; any other is rejected with 'attestation_type_not_allowed'. Default: all. */
  allowedTypes?: readonly AttestationType[];
  /** An fmt not in the registry is rejected ('reject', the default) or verified as "none" ('treat-as-none'). */
  unknownFormats?: 'reject' | 'treat-as-none';
  safetyNet?: SafetyNetOptions;
  androidKey?: AndroidKeyOptions;
}

/**
 * A format verifier (one per WebAuthn L3 section 8 format). It proves the statement itself:
 * shape, signature, certificate requirements, and returns the type and trust path. It does not
 * decide trust; `verifyAttestation` does that afterwards (section 7.1 steps 21-22). Throws
 * WebAuthnError with `step` set to the format's section, e.g. "8.2 packed".
 */
export type FormatVerifier = (input: AttestationStatementInput, options: AttestationOptions) => Promise<AttestationStatementResult>;

/**
 * The outcome of attestation verification: JSON-serialisable. `trusted` is true only when the
 * trust path chained to an anchor the caller supplied; `reasons` says why it is not trusted
 * (or is empty when it is).
 */
export interface AttestationVerdict {
  format: string;
  type: AttestationType;
  /** base64url DER certificates, leaf first. */
  trustPath: string[];
  trusted: boolean;
  /** The anchor the path chained to: its subject and SHA-256 fingerprint (lowercase hex of its DER). */
  anchor?: { subject: string; sha256: string };
  /** lowercase UUID text; all zeros when the authenticator sends none. */
  aaguid: string;
  reasons: string[];
  facts: AttestationFacts;
  /** Compound attestation only: the verdict of each sub-statement, in attStmt order. */
  statements?: AttestationVerdict[];
}
