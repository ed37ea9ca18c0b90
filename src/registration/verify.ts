import { WebAuthnError } from '../errors.js';
import { toBase64url } from '../encoding/base64url.js';
import { equalBytes, toUuid } from '../encoding/bytes.js';
import { sha256 } from '../crypto/index.js';
import { decodeCoseKey } from '../cose/key.js';
import type { CoseKey } from '../cose/types.js';
import { parseClientDataJSON, type ClientData } from '../parse/client-data.js';
import { MAX_CREDENTIAL_ID_LENGTH, parseAuthenticatorData, type AuthenticatorData } from '../parse/authenticator-data.js';
import { parseAttestationObject } from '../parse/attestation-object.js';
import { readCredentialEnvelope, bytesMember } from '../ceremony/response-json.js';
import { checkChallenge, type ExpectedChallenge } from '../ceremony/challenge.js';
import { checkRpIdHash, expectedRpIds, type ExpectedRPID } from '../ceremony/rp-id-hash.js';
import { checkBackupFlags, checkUserPresent, checkUserVerified } from '../ceremony/flags.js';
import { atStep } from '../ceremony/step.js';
import { knownTransports } from '../ceremony/transports.js';
import { algorithmList, booleanFlag, clockTime, optionalFunction, optionalMediation, optionalPlainObject, requireInputObject } from '../ceremony/caller-input.js';
import { userHandleBytes } from '../ceremony/user-handle.js';
import { checkOrigin, checkCrossOrigin, originMatcher, type ExpectedOrigin, type CrossOriginPolicy } from '../origins/index.js';
import {
  parseAuthenticatorExtensions,
  parseClientExtensionResults,
  type AuthenticatorExtensionOutputs,
  type ClientExtensionResults,
  type UnsolicitedExtensionPolicy,
} from '../extensions/index.js';
import { DEFAULT_REGISTRATION_ALGORITHMS, DEFAULT_REGISTRATION_EXTENSIONS } from './options.js';
import type { AttestationOptions, AttestationVerdict } from '../attestation/types.js';
import type {
  AuthenticationExtensionsClientInputsJSON,
  COSEAlgorithmIdentifier,
  CredentialRecord,
} from '../types.js';

export interface VerifyRegistrationInput {
  /** The RegistrationResponseJSON from the browser, as received (it is validated here). */
  response: unknown;
  /** The challenge issued with the options (base64url), or a verifier for stored/sealed challenges. */
  expectedChallenge: ExpectedChallenge;
  /** The origin(s) the ceremony may run on. */
  expectedOrigin: ExpectedOrigin;
  /** The RP ID(s) the credential may be scoped to. */
  expectedRPID: ExpectedRPID;
  /** Fail unless the authenticator verified the user (UV). Default true: a passkey replaces a password and a second factor. */
  requireUserVerification?: boolean;
  /**
   * Set to 'conditional' when the options were used with `mediation: 'conditional'` (a password
   * manager upgrading a password to a passkey): then, and only then, UP may be absent.
   */
  mediation?: 'conditional';
  /** COSE algorithms accepted: pass the pubKeyCredParams you offered. Default: DEFAULT_REGISTRATION_ALGORITHMS, what the options builder offers by default. */
  supportedAlgorithmIDs?: readonly COSEAlgorithmIdentifier[];
  /** crossOrigin / topOrigin policy for iframes. Default: reject cross-origin ceremonies. */
  crossOrigin?: CrossOriginPolicy;
  /**
   * The extensions passed to generateRegistrationOptions, to check the outputs against. Merged over
   * DEFAULT_REGISTRATION_EXTENSIONS (`{ credProps: true }`) exactly as the options builder merges them.
   */
  requestedExtensions?: AuthenticationExtensionsClientInputsJSON;
  /** What to do with extension outputs that were not requested. Default 'ignore'. */
  unsolicitedExtensions?: UnsolicitedExtensionPolicy;
  /** Attestation trust: anchors, whether a trusted chain is required, unknown formats, per-format knobs. */
  attestation?: Omit<AttestationOptions, 'now'>;
  /**
   * The user handle (options.user.id: 1 to 64 bytes, as base64url or bytes, the same value
   * generateRegistrationOptions took) the credential is for; stored as record.userHandle.
   */
  userID?: string | Uint8Array;
  /** 7.1 step 24: tell whether this credential ID is already registered (to any user). Its own errors pass through. */
  isCredentialIdRegistered?: (credentialId: string) => boolean | Promise<boolean>;
  /** The clock for certificate validity and record timestamps. Default: now. */
  now?: Date;
}

export interface VerifiedRegistration {
  /** The record to store for the user (round-trips through JSON). */
  credential: CredentialRecord;
  userVerified: boolean;
  /** What the attestation statement proved, and whether it chained to an anchor you trust. */
  attestation: AttestationVerdict;
  origin: string;
  rpID: string;
  crossOrigin: boolean;
  topOrigin?: string;
  clientExtensionResults: ClientExtensionResults;
  authenticatorExtensions: AuthenticatorExtensionOutputs;
}

/** The attestation layer, imported on the first registration and kept (an import() per call costs a loader round trip). */
let attestationModule: Promise<typeof import('../attestation/index.js')> | undefined;

/**
 * Verifies a registration ceremony: WebAuthn L3 section 7.1, steps 5 to 25, in order.
 * Returns the credential record to store, or throws a WebAuthnError naming the failed step.
 */
export async function verifyRegistrationResponse(input: VerifyRegistrationInput): Promise<VerifiedRegistration> {
  // The caller's options first: a configuration mistake must not consume the challenge (step 8).
  requireInputObject(input, 'verifyRegistrationResponse');
  const now = clockTime(input.now);
  const requireUserVerification = booleanFlag(input.requireUserVerification, true, 'requireUserVerification');
  const mediation = optionalMediation(input.mediation);
  const rpIds = expectedRpIds(input.expectedRPID);
  const origins = originMatcher(input.expectedOrigin);
  const allowedAlgorithms = algorithmList(input.supportedAlgorithmIDs, DEFAULT_REGISTRATION_ALGORITHMS);
  // The options builder sends the caller's extensions merged over its defaults; check against the same.
  const requested = { ...DEFAULT_REGISTRATION_EXTENSIONS, ...optionalPlainObject(input.requestedExtensions, 'requestedExtensions') };
  const attestationOptions = optionalPlainObject(input.attestation, 'attestation');
  const isCredentialIdRegistered = optionalFunction(input.isCredentialIdRegistered, 'isCredentialIdRegistered');
  const userHandle = input.userID === undefined ? undefined : toBase64url(userHandleBytes(input.userID, 'userID'));
  const envelope = readCredentialEnvelope(input.response);
  const clientDataJSON = bytesMember(envelope.response, 'clientDataJSON', 'response.response');
  const attestationObjectBytes = bytesMember(envelope.response, 'attestationObject', 'response.response');

  // Steps 5-6: UTF-8 decode and parse clientDataJSON.
  const C: ClientData = atStep('7.1 steps 5-6', () => parseClientDataJSON(clientDataJSON));

  // Step 7: C.type is "webauthn.create".
  if (C.type !== 'webauthn.create') {
    throw new WebAuthnError('type_mismatch', `clientDataJSON.type is "${C.type}", expected "webauthn.create"`, { step: '7.1 step 7' });
  }

  // Step 8: C.challenge is the challenge we issued.
  const commitChallenge = await checkChallenge(C.challenge, input.expectedChallenge, '7.1 step 8');

  // Step 9: C.origin is an expected origin; crossOrigin/topOrigin under the iframe policy.
  checkOrigin(C.origin, origins, '7.1 step 9');
  checkCrossOrigin(C, input.crossOrigin, '7.1 step 9');

  // Step 10: hash of clientDataJSON.
  const clientDataHash = await sha256(clientDataJSON);

  // Step 11: CBOR-decode the attestation object; parse authData.
  const attestationObject = atStep('7.1 step 11', () => parseAttestationObject(attestationObjectBytes));
  const authData: AuthenticatorData = atStep('7.1 step 11', () => parseAuthenticatorData(attestationObject.authData));
  const attested = authData.attestedCredentialData;
  if (!authData.flags.at || attested === undefined) {
    throw new WebAuthnError('missing_attested_credential_data', 'authenticatorData has no attested credential data', { step: '7.1 step 11' });
  }
  // The browser's credential id must name the credential the authenticator attested.
  if (!equalBytes(envelope.rawId, attested.credentialId)) {
    throw new WebAuthnError('credential_id_mismatch', 'response.id is not the credential ID in authenticatorData', { step: '7.1 step 11' });
  }

  // Step 12: rpIdHash is SHA-256 of an expected RP ID.
  const rpID = await checkRpIdHash(authData.rpIdHash, rpIds, '7.1 step 12');

  // Step 13: UP set, unless this was a conditional create.
  checkUserPresent(authData.flags, '7.1 step 13', mediation === 'conditional');

  // Step 14: UV set when required.
  checkUserVerified(authData.flags, requireUserVerification, '7.1 step 14');

  // Steps 15-16: BE and BS are read into the record; BS without BE is impossible (section 6.1.3).
  checkBackupFlags(authData.flags, '7.1 steps 15-16');

  // Step 17: the credential key's alg is one we offered, and the key itself is valid.
  const credentialKey: CoseKey = atStep('7.1 step 17', () => decodeCoseKey(attested.credentialPublicKey));
  if (!allowedAlgorithms.includes(credentialKey.alg)) {
    throw new WebAuthnError('algorithm_not_allowed', `credential algorithm ${credentialKey.alg} is not in the allowed list`, { step: '7.1 step 17' });
  }

  // Step 18: client and authenticator extension outputs are as expected.
  const policy = input.unsolicitedExtensions ?? 'ignore';
  const clientExtensionResults = atStep('7.1 step 18', () => parseClientExtensionResults(envelope.clientExtensionResults, requested, policy));
  const authenticatorExtensions = atStep('7.1 step 18', () => parseAuthenticatorExtensions(authData.extensions, requested, policy, 'registration'));

  // Steps 19-22: verify the attestation statement with its format, then assess its trust.
  // The attestation layer (X.509 and all formats) loads only here, never on the sign-in path.
  const { verifyAttestation } = await (attestationModule ??= import('../attestation/index.js'));
  const attestation = await verifyAttestation(
    { fmt: attestationObject.fmt, attStmt: attestationObject.attStmt, authData, clientDataHash, credentialKey, now },
    { ...attestationOptions, now },
  );

  // Step 23: the credential ID is at most 1023 bytes.
  if (attested.credentialId.length > MAX_CREDENTIAL_ID_LENGTH) {
    throw new WebAuthnError(
      'credential_id_too_long',
      `credential ID is ${attested.credentialId.length} bytes; at most ${MAX_CREDENTIAL_ID_LENGTH} are allowed`,
      { step: '7.1 step 23' },
    );
  }

  // Step 24: the credential ID is not registered yet.
  const id = toBase64url(attested.credentialId);
  if (isCredentialIdRegistered && (await isCredentialIdRegistered(id))) {
    throw new WebAuthnError('credential_already_registered', 'this credential ID is already registered', { step: '7.1 step 24' });
  }

  // Step 25: the credential record.
  const transportsIn = envelope.response.transports;
  const transports = Array.isArray(transportsIn) ? knownTransports(transportsIn) : [];
  const credential: CredentialRecord = {
    id,
    publicKey: toBase64url(attested.credentialPublicKey),
    algorithm: credentialKey.alg,
    signCount: authData.signCount,
    transports,
    uvInitialized: authData.flags.uv,
    backupEligible: authData.flags.be,
    backupState: authData.flags.bs,
    aaguid: toUuid(attested.aaguid),
    attestationFormat: attestationObject.fmt,
    attestationObject: toBase64url(attestationObjectBytes),
    attestationClientDataJSON: toBase64url(clientDataJSON),
    createdAt: now.toISOString(),
  };
  if (userHandle !== undefined) credential.userHandle = userHandle;
  if (clientExtensionResults.credProps?.rk !== undefined) credential.discoverable = clientExtensionResults.credProps.rk;
  if (envelope.authenticatorAttachment) credential.authenticatorAttachment = envelope.authenticatorAttachment;

  const result: VerifiedRegistration = {
    credential,
    userVerified: authData.flags.uv,
    attestation,
    origin: C.origin,
    rpID,
    crossOrigin: C.crossOrigin === true,
    clientExtensionResults,
    authenticatorExtensions,
  };
  if (C.topOrigin !== undefined) result.topOrigin = C.topOrigin;
  // Last: uses the challenge up (a replay store's claim) only now that every check has passed, so
  // the challenge is single use for ceremonies that verified, and a forged or failed response
  // claims nothing. A refused claim ('challenge_replayed') or a store failure fails the ceremony.
  await commitChallenge();
  return result;
}
