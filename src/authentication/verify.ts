import { WebAuthnError } from '../errors.js';
import { fromBase64url, fromBase64urlLenient, toBase64url } from '../encoding/base64url.js';
import { concat, equalBytes } from '../encoding/bytes.js';
import { sha256 } from '../crypto/index.js';
import { decodeCoseKey, verifyCoseSignature } from '../cose/key.js';
import { DEFAULT_SUPPORTED_ALGORITHMS } from '../cose/algorithms.js';
import { parseClientDataJSON } from '../parse/client-data.js';
import { parseAuthenticatorData } from '../parse/authenticator-data.js';
import { readCredentialEnvelope, bytesMember, optionalUserHandle } from '../ceremony/response-json.js';
import { checkChallenge, type ExpectedChallenge } from '../ceremony/challenge.js';
import { checkRpIdHash, expectedRpIds, type ExpectedRPID } from '../ceremony/rp-id-hash.js';
import { checkBackupFlags, checkUserPresent, checkUserVerified } from '../ceremony/flags.js';
import { atStep } from '../ceremony/step.js';
import { algorithmList, booleanFlag, clockTime, optionalPlainObject, requireInputObject } from '../ceremony/caller-input.js';
import { selectedCredentialIds, type CredentialSelector } from '../ceremony/descriptors.js';
import { checkOrigin, checkCrossOrigin, originMatcher, type ExpectedOrigin, type CrossOriginPolicy } from '../origins/index.js';
import {
  appIdForAssertion,
  parseAuthenticatorExtensions,
  parseClientExtensionResults,
  type AuthenticatorExtensionOutputs,
  type ClientExtensionResults,
  type UnsolicitedExtensionPolicy,
} from '../extensions/index.js';
import type { AuthenticationExtensionsClientInputsJSON, COSEAlgorithmIdentifier, CredentialRecord } from '../types.js';

/**
 * The stored record fields sign-in needs; a full CredentialRecord fits. A record migrated from
 * elsewhere may lack backupEligible (unknown): the first sign-in then reports it in
 * `update.backupEligible`, to store.
 */
export type StoredCredential = Pick<CredentialRecord, 'id' | 'publicKey' | 'signCount'> &
  Partial<Pick<CredentialRecord, 'backupEligible' | 'backupState' | 'uvInitialized' | 'userHandle'>>;

export interface VerifyAuthenticationInput {
  /** The AuthenticationResponseJSON from the browser, as received. */
  response: unknown;
  expectedChallenge: ExpectedChallenge;
  expectedOrigin: ExpectedOrigin;
  expectedRPID: ExpectedRPID;
  /** The stored record of the credential named by response.id (look it up by that id). */
  credential: StoredCredential;
  /**
   * The user handle (base64url) of the account being signed in to. Defaults to
   * credential.userHandle. A response.userHandle is only accepted when one of the two is known
   * (7.2 step 6); otherwise the ceremony fails with invalid_options.
   */
  expectedUserHandle?: string;
  /**
   * Set for discoverable / autofill sign-in, where the user was not identified before the
   * ceremony: response.userHandle must then be present and equal the expected user handle,
   * which must be known (7.2 step 6).
   */
  requireUserHandle?: boolean;
  /**
   * What was passed to generateAuthenticationOptions as allowCredentials (records, descriptors or
   * credential ids), when it was not empty (7.2 step 5).
   */
  allowCredentials?: readonly CredentialSelector[];
  /** Default true. */
  requireUserVerification?: boolean;
  /**
   * A signature counter that did not increase (possible cloned authenticator): 'reject'
   * (default) fails with counter_regression; 'flag' accepts and reports `counterRegressed`.
   * Any other value is invalid_options.
   */
  counterPolicy?: 'reject' | 'flag';
  crossOrigin?: CrossOriginPolicy;
  requestedExtensions?: AuthenticationExtensionsClientInputsJSON;
  unsolicitedExtensions?: UnsolicitedExtensionPolicy;
  /** COSE algorithms accepted for the stored key. Default: every supported algorithm but RS1. */
  supportedAlgorithmIDs?: readonly COSEAlgorithmIdentifier[];
  now?: Date;
}

export interface VerifiedAuthentication {
  credentialId: string;
  userVerified: boolean;
  /** response.userHandle, base64url, when the authenticator returned one (verified at 7.2 step 6). */
  userHandle?: string;
  /** True when the counter did not increase and counterPolicy was 'flag'. */
  counterRegressed: boolean;
  /**
   * The fields to write back to the stored record (7.2 step 22). `backupEligible` is there only
   * when the record had none (a migrated record): the BE flag this assertion carried.
   */
  update: { signCount: number; backupState: boolean; uvInitialized: boolean; lastUsedAt: string; backupEligible?: boolean };
  backupEligible: boolean;
  origin: string;
  rpID: string;
  crossOrigin: boolean;
  topOrigin?: string;
  clientExtensionResults: ClientExtensionResults;
  authenticatorExtensions: AuthenticatorExtensionOutputs;
}

/**
 * Verifies an authentication assertion: WebAuthn L3 section 7.2, steps 5 to 22, in order.
 * Returns the record's updated fields, or throws a WebAuthnError naming the failed step.
 */
export async function verifyAuthenticationResponse(input: VerifyAuthenticationInput): Promise<VerifiedAuthentication> {
  // The caller's options first: a configuration mistake must not consume the challenge (step 11).
  requireInputObject(input, 'verifyAuthenticationResponse');
  const now = clockTime(input.now);
  const requireUserVerification = booleanFlag(input.requireUserVerification, true, 'requireUserVerification');
  const requireUserHandle = booleanFlag(input.requireUserHandle, false, 'requireUserHandle');
  const rpIds = expectedRpIds(input.expectedRPID);
  const origins = originMatcher(input.expectedOrigin);
  const allowedAlgorithms = algorithmList(input.supportedAlgorithmIDs, DEFAULT_SUPPORTED_ALGORITHMS);
  const requestedExtensions = optionalPlainObject(input.requestedExtensions, 'requestedExtensions');
  const allowCredentials = selectedCredentialIds(input.allowCredentials, 'allowCredentials');
  const record = input.credential;
  if (typeof record !== 'object' || record === null || typeof record.id !== 'string' || typeof record.publicKey !== 'string') {
    throw new WebAuthnError('invalid_options', 'credential must be the stored credential record');
  }
  if (!Number.isInteger(record.signCount) || record.signCount < 0 || record.signCount > 0xffffffff) {
    throw new WebAuthnError('invalid_options', 'credential.signCount must be an integer from 0 to 2^32-1');
  }
  if (record.backupEligible !== undefined && typeof record.backupEligible !== 'boolean') {
    throw new WebAuthnError('invalid_options', 'credential.backupEligible must be true, false, or absent when it is not known');
  }
  const counterPolicy = input.counterPolicy ?? 'reject';
  if (counterPolicy !== 'reject' && counterPolicy !== 'flag') {
    throw new WebAuthnError('invalid_options', 'counterPolicy must be "reject" or "flag"');
  }
  const envelope = readCredentialEnvelope(input.response);

  // Step 5: when allowCredentials was not empty, the credential is one of them.
  if (allowCredentials.length > 0 && !allowCredentials.some((id) => equalBytes(id, envelope.rawId))) {
    throw new WebAuthnError('unknown_credential', 'the credential used was not in allowCredentials', { step: '7.2 step 5' });
  }

  // Step 6: the record is the one for credential.rawId, and userHandle names its user.
  if (!equalBytes(envelope.rawId, fromBase64url(record.id, 'credential.id'))) {
    throw new WebAuthnError('unknown_credential', 'response.id does not match the stored credential record', { step: '7.2 step 6' });
  }
  const userHandle = atStep('7.2 step 6', () => optionalUserHandle(envelope.response, 'response.response'));
  if (userHandle !== undefined || requireUserHandle) {
    // "Verify that the user account identified by response.userHandle contains a credential
    // record whose id equals credential.rawId": without a known handle for this record that cannot
    // be done, and an unverified handle must never be reported as the user.
    const expectedUserHandle = input.expectedUserHandle ?? record.userHandle;
    if (expectedUserHandle === undefined || expectedUserHandle === null) {
      throw new WebAuthnError(
        'invalid_options',
        'response.userHandle cannot be verified: store record.userHandle (pass userID to verifyRegistrationResponse) or pass expectedUserHandle',
        { step: '7.2 step 6' },
      );
    }
    if (userHandle === undefined) {
      throw new WebAuthnError('user_handle_mismatch', 'response.userHandle is missing: a discoverable sign-in needs it', { step: '7.2 step 6' });
    }
    if (!equalBytes(userHandle, fromBase64urlLenient(expectedUserHandle, 'expectedUserHandle'))) {
      throw new WebAuthnError('user_handle_mismatch', 'response.userHandle is not the user this credential belongs to', { step: '7.2 step 6' });
    }
  }

  // Step 7: cData, authData, sig.
  const member = (name: string) => atStep('7.2 step 7', () => bytesMember(envelope.response, name, 'response.response'));
  const cData = member('clientDataJSON');
  const authDataBytes = member('authenticatorData');
  const sig = member('signature');

  // Steps 8-9: UTF-8 decode and parse clientDataJSON.
  const C = atStep('7.2 steps 8-9', () => parseClientDataJSON(cData));

  // Step 10: C.type is "webauthn.get".
  if (C.type !== 'webauthn.get') {
    throw new WebAuthnError('type_mismatch', `clientDataJSON.type is "${C.type}", expected "webauthn.get"`, { step: '7.2 step 10' });
  }

  // Step 11: C.challenge is the challenge we issued.
  const commitChallenge = await checkChallenge(C.challenge, input.expectedChallenge, '7.2 step 11');

  // Step 12: C.origin is expected; crossOrigin/topOrigin under the iframe policy.
  checkOrigin(C.origin, origins, '7.2 step 12');
  checkCrossOrigin(C, input.crossOrigin, '7.2 step 12');

  // Step 13: rpIdHash is SHA-256 of an expected RP ID (or of the AppID when the appid extension was used).
  const authData = atStep('7.2 step 13', () => parseAuthenticatorData(authDataBytes));
  const appId = appIdForAssertion(requestedExtensions, envelope.clientExtensionResults);
  const rpID = await checkRpIdHash(authData.rpIdHash, rpIds, '7.2 step 13', appId ? [appId] : []);

  // Step 14: UP set.
  checkUserPresent(authData.flags, '7.2 step 14');

  // Step 15: UV set when required.
  checkUserVerified(authData.flags, requireUserVerification, '7.2 step 15');

  // Step 16: backup flags. BE is fixed for a credential's lifetime (section 6.1.3), so a change
  // means a different authenticator or a forged response; BS may change freely. "If
  // credentialRecord.backupEligible is set, verify that currentBe is set" (and the converse) needs
  // a recorded BE: a record without one (migrated) adopts this assertion's, reported in the update
  // once the signature over authData is verified (step 19).
  checkBackupFlags(authData.flags, '7.2 step 16');
  if (record.backupEligible !== undefined && record.backupEligible !== authData.flags.be) {
    throw new WebAuthnError('backup_eligibility_changed', 'the BE flag differs from the one recorded at registration', { step: '7.2 step 16' });
  }

  // Step 17: extension outputs are as expected.
  const policy = input.unsolicitedExtensions ?? 'ignore';
  const clientExtensionResults = atStep('7.2 step 17', () =>
    parseClientExtensionResults(envelope.clientExtensionResults, requestedExtensions, policy),
  );
  const authenticatorExtensions = atStep('7.2 step 17', () => parseAuthenticatorExtensions(authData.extensions, requestedExtensions, policy, 'authentication'));

  // Step 18: hash of cData.
  const hash = await sha256(cData);

  // Step 19: sig is valid over authData || hash with the stored public key.
  // The point was checked at registration; an off-curve one still fails import, as key_invalid.
  const key = atStep('7.2 step 19', () => decodeCoseKey(fromBase64url(record.publicKey, 'credential.publicKey'), { checkPoint: false }));
  if (!allowedAlgorithms.includes(key.alg)) {
    throw new WebAuthnError('algorithm_not_allowed', `credential algorithm ${key.alg} is not in the allowed list`, { step: '7.2 step 19' });
  }
  if (!(await verifyCoseSignature(key, concat(authDataBytes, hash), sig))) {
    throw new WebAuthnError('bad_signature', 'the assertion signature is not valid for the stored public key', { step: '7.2 step 19' });
  }

  // Step 20: signature counter. Both zero means the authenticator does not count.
  let counterRegressed = false;
  const stored = record.signCount;
  if ((authData.signCount !== 0 || stored !== 0) && authData.signCount <= stored) {
    if (counterPolicy === 'reject') {
      throw new WebAuthnError(
        'counter_regression',
        `signature counter ${authData.signCount} is not above the stored ${stored}: the authenticator may be cloned`,
        { step: '7.2 step 20' },
      );
    }
    counterRegressed = true;
  }

  // Step 21: attestation in assertions is not requested by this library, so no attestationObject
  // is verified, and then (section 6.5.1) authData must not carry attested credential data.
  if (authData.flags.at) {
    throw new WebAuthnError(
      'unexpected_attested_credential_data',
      'authenticatorData carries attested credential data (AT flag), which an assertion has only with an attestationObject',
      { step: '7.2 step 21' },
    );
  }

  // Step 22: the record's new state.
  const result: VerifiedAuthentication = {
    credentialId: envelope.id,
    userVerified: authData.flags.uv,
    counterRegressed,
    update: {
      // A regressed counter is kept at its highest value so that a clone stays detectable.
      signCount: Math.max(stored, authData.signCount),
      backupState: authData.flags.bs,
      uvInitialized: record.uvInitialized === true || authData.flags.uv,
      lastUsedAt: now.toISOString(),
    },
    backupEligible: authData.flags.be,
    origin: C.origin,
    rpID,
    crossOrigin: C.crossOrigin === true,
    clientExtensionResults,
    authenticatorExtensions,
  };
  // A record without BE learns it now (step 16); one that has it keeps it, as BE never changes.
  if (record.backupEligible === undefined) result.update.backupEligible = authData.flags.be;
  if (userHandle !== undefined) result.userHandle = toBase64url(userHandle);
  if (C.topOrigin !== undefined) result.topOrigin = C.topOrigin;
  // Last: uses the challenge up (a replay store's claim) only now that every check has passed, so
  // the challenge is single use for ceremonies that verified, and a forged or failed response
  // claims nothing. A refused claim ('challenge_replayed') or a store failure fails the ceremony.
  await commitChallenge();
  return result;
}
