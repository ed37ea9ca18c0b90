import { WebAuthnError } from '../errors.js';
import { randomBytes } from '../encoding/bytes.js';
import { toBase64url } from '../encoding/base64url.js';
import { normaliseChallenge } from '../ceremony/challenge.js';
import { checkHints } from '../ceremony/hints.js';
import { toDescriptors, type CredentialSelector } from '../ceremony/descriptors.js';
import { algorithmList, optionalPlainObject, optionalStringList, requireInputObject } from '../ceremony/caller-input.js';
import { checkRpIdSyntax } from '../ceremony/rp-id-syntax.js';
import { userHandleBytes } from '../ceremony/user-handle.js';
import type {
  AttestationConveyancePreference,
  AuthenticationExtensionsClientInputsJSON,
  AuthenticatorAttachment,
  COSEAlgorithmIdentifier,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialHint,
  ResidentKeyRequirement,
  UserVerificationRequirement,
} from '../types.js';

/**
 * Default pubKeyCredParams, most preferred first: EdDSA (Ed25519), ES256, ES384, RS256.
 * Authenticators pick the first they support, and all of these verify on every runtime;
 * RS256 keeps Windows Hello on older builds working. verifyRegistrationResponse accepts the same
 * list by default (7.1 step 17: the key's alg is one that pubKeyCredParams offered).
 */
export const DEFAULT_REGISTRATION_ALGORITHMS: readonly COSEAlgorithmIdentifier[] = Object.freeze([-8, -7, -35, -257]);

/** Extensions requested unless the caller says otherwise: credProps tells whether a passkey (discoverable credential) was made. */
export const DEFAULT_REGISTRATION_EXTENSIONS: Readonly<AuthenticationExtensionsClientInputsJSON> = Object.freeze({ credProps: true });

export interface GenerateRegistrationOptionsInput {
  rpName: string;
  /** A domain such as "example.com": no scheme, port or path, lowercase (else invalid_rp_id). */
  rpID: string;
  /** The account name shown by the authenticator (e.g. an e-mail or a username). */
  userName: string;
  /** Defaults to userName. */
  userDisplayName?: string;
  /**
   * The user handle: 1 to 64 opaque bytes, never personal data, as bytes or base64url (the same
   * value verifyRegistrationResponse takes as userID). Default: 64 random bytes.
   */
  userID?: Uint8Array | string;
  /** Default: 32 random bytes. A sealed challenge from `sealChallenge()` fits here. */
  challenge?: string | Uint8Array;
  /** Milliseconds; default 300000 (5 minutes). */
  timeout?: number;
  attestation?: AttestationConveyancePreference;
  attestationFormats?: string[];
  /** The account's existing credentials, so the new passkey lands on another authenticator. */
  excludeCredentials?: readonly CredentialSelector[];
  authenticatorAttachment?: AuthenticatorAttachment;
  /** Default 'required' (a passkey is a discoverable credential). */
  residentKey?: ResidentKeyRequirement;
  /** Default 'preferred'. */
  userVerification?: UserVerificationRequirement;
  supportedAlgorithmIDs?: readonly COSEAlgorithmIdentifier[];
  hints?: readonly PublicKeyCredentialHint[];
  /** Client extension inputs; credProps is requested unless set to false here. */
  extensions?: AuthenticationExtensionsClientInputsJSON;
}

/**
 * A new user handle (WebAuthn L3 section 14.6.1): random bytes, 64 by default, made once per
 * account and stored with it. Never derive it from an e-mail or username.
 */
export function generateUserHandle(length = 64): Uint8Array {
  if (!Number.isInteger(length) || length < 16 || length > 64) {
    throw new WebAuthnError('invalid_options', 'a user handle is 16 to 64 random bytes');
  }
  return randomBytes(length);
}

const ATTESTATION: readonly AttestationConveyancePreference[] = ['none', 'indirect', 'direct', 'enterprise'];

function requireText(value: unknown, what: string, max = 256, allowEmpty = false): string {
  if (typeof value !== 'string' || (value.length === 0 && !allowEmpty) || value.length > max) {
    throw new WebAuthnError('invalid_options', `${what} must be a ${allowEmpty ? '' : 'non-empty '}string of at most ${max} characters`);
  }
  return value;
}

/** Builds PublicKeyCredentialCreationOptionsJSON (WebAuthn L3 section 5.4) with passkey defaults. */
export function generateRegistrationOptions(input: GenerateRegistrationOptionsInput): PublicKeyCredentialCreationOptionsJSON {
  requireInputObject(input, 'generateRegistrationOptions');
  const rpName = requireText(input.rpName, 'rpName');
  const rpID = checkRpIdSyntax(input.rpID, 'rpID');
  const userName = requireText(input.userName, 'userName');
  // Section 5.4.3: an empty displayName is allowed (when the user has not chosen one).
  const displayName = input.userDisplayName === undefined ? userName : requireText(input.userDisplayName, 'userDisplayName', 256, true);

  const userID = input.userID === undefined ? generateUserHandle() : userHandleBytes(input.userID, 'userID');

  const attestation = input.attestation ?? 'none';
  if (!ATTESTATION.includes(attestation)) throw new WebAuthnError('invalid_options', `attestation must be one of ${ATTESTATION.join(', ')}`);

  const algorithms = algorithmList(input.supportedAlgorithmIDs, DEFAULT_REGISTRATION_ALGORITHMS);
  const extensions = optionalPlainObject(input.extensions, 'extensions');
  const attestationFormats = optionalStringList(input.attestationFormats, 'attestationFormats');

  const timeout = input.timeout ?? 300_000;
  if (!Number.isInteger(timeout) || timeout <= 0) throw new WebAuthnError('invalid_options', 'timeout must be a positive integer');

  const residentKey = input.residentKey ?? 'required';
  const options: PublicKeyCredentialCreationOptionsJSON = {
    rp: { name: rpName, id: rpID },
    user: { id: toBase64url(userID), name: userName, displayName },
    challenge: input.challenge === undefined ? toBase64url(randomBytes(32)) : normaliseChallenge(input.challenge),
    pubKeyCredParams: algorithms.map((alg) => ({ type: 'public-key' as const, alg })),
    timeout,
    excludeCredentials: toDescriptors(input.excludeCredentials, 'excludeCredentials'),
    authenticatorSelection: {
      residentKey,
      // Level 1 clients only read requireResidentKey.
      requireResidentKey: residentKey === 'required',
      userVerification: input.userVerification ?? 'preferred',
      ...(input.authenticatorAttachment ? { authenticatorAttachment: input.authenticatorAttachment } : {}),
    },
    attestation,
    extensions: { ...DEFAULT_REGISTRATION_EXTENSIONS, ...extensions },
  };
  const hints = checkHints(input.hints);
  if (hints && hints.length > 0) options.hints = hints;
  if (attestationFormats) options.attestationFormats = [...attestationFormats];
  return options;
}
