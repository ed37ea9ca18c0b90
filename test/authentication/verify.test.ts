import { describe, expect, it } from 'vitest';
import { generateRegistrationOptions } from '../../src/registration/options.js';
import { verifyRegistrationResponse } from '../../src/registration/verify.js';
import { generateAuthenticationOptions } from '../../src/authentication/options.js';
import { verifyAuthenticationResponse, type VerifyAuthenticationInput } from '../../src/authentication/verify.js';
import { SoftwareAuthenticator, type CeremonyOverrides, type SoftwareAuthenticatorOptions } from '../../src/testing/authenticator.js';
import { toBase64url } from '../../src/encoding/base64url.js';
import type { CredentialRecord } from '../../src/types.js';
import { asyncErrorCode, caught } from '../helpers/errors.js';

const rpID = 'example.com';
const origin = 'https://example.com';

/** Registers a credential on a fresh software authenticator and returns what sign-in needs. */
async function enrol(options: SoftwareAuthenticatorOptions = {}) {
  const authenticator = new SoftwareAuthenticator(options);
  const creation = generateRegistrationOptions({ rpName: 'Example', rpID, userName: 'alice', userID: new Uint8Array([7, 7, 7]) });
  const response = await authenticator.createCredential(creation, origin);
  const { credential } = await verifyRegistrationResponse({
    response,
    expectedChallenge: creation.challenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    userID: creation.user.id,
    supportedAlgorithmIDs: options.algorithm === undefined ? undefined : [options.algorithm],
  });
  return { authenticator, credential };
}

async function signIn(
  authenticator: SoftwareAuthenticator,
  credential: CredentialRecord,
  overrides: CeremonyOverrides = {},
  extra: Partial<VerifyAuthenticationInput> = {},
) {
  const request = generateAuthenticationOptions({ rpID });
  const response = await authenticator.getAssertion(request, origin, overrides);
  return verifyAuthenticationResponse({
    response,
    expectedChallenge: request.challenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    credential,
    ...extra,
  });
}

describe('verifyAuthenticationResponse: a valid sign-in', () => {
  it('returns the updated record fields', async () => {
    const { authenticator, credential } = await enrol();
    const result = await signIn(authenticator, credential, {}, { now: new Date('2026-05-06T07:08:09Z') });
    expect(result.credentialId).toBe(credential.id);
    expect(result.userVerified).toBe(true);
    expect(result.userHandle).toBe(credential.userHandle);
    expect(result.update).toEqual({ signCount: 1, backupState: true, uvInitialized: true, lastUsedAt: '2026-05-06T07:08:09.000Z' });
    expect(result.counterRegressed).toBe(false);
  });

  it('accepts counters that stay at zero (authenticators that do not count)', async () => {
    const { authenticator, credential } = await enrol({ counter: 'zero' });
    const result = await signIn(authenticator, credential);
    expect(result.update.signCount).toBe(0);
    expect(result.counterRegressed).toBe(false);
  });

  // Every algorithm a relying party meets, through the whole ceremony, on the backend under test.
  for (const alg of [-7, -35, -36, -47, -8, -19, -53, -257, -258, -259, -37, -38, -39, -48, -49, -50, -65535]) {
    it(`signs in with COSE algorithm ${alg}`, async () => {
      const { authenticator, credential } = await enrol({ algorithm: alg });
      expect(credential.algorithm).toBe(alg);
      const extra = alg === -65535 ? { supportedAlgorithmIDs: [-65535] } : {};
      const result = await signIn(authenticator, credential, {}, extra);
      expect(result.update.signCount).toBe(1);
      expect(await asyncErrorCode(() => signIn(authenticator, credential, { corruptSignature: true }, extra))).toBe('bad_signature');
    });
  }

  it('rejects RS1 (SHA-1) unless the caller allows it', async () => {
    const { authenticator, credential } = await enrol({ algorithm: -65535 });
    expect(await asyncErrorCode(() => signIn(authenticator, credential))).toBe('algorithm_not_allowed');
  });
});

describe('verifyAuthenticationResponse: each step of WebAuthn L3 section 7.2 fails on its own', () => {
  const cases: [string, string, CeremonyOverrides, Partial<VerifyAuthenticationInput>?][] = [
    ['7.2 step 5', 'unknown_credential', {}, { allowCredentials: [toBase64url(new Uint8Array(32))] }],
    ['7.2 step 6', 'user_handle_mismatch', { userHandle: toBase64url(new Uint8Array([9, 9])) }],
    ['7.2 step 6', 'user_handle_mismatch', { userHandle: null }, { requireUserHandle: true }],
    ['7.2 steps 8-9', 'malformed_client_data', { clientDataJSON: new Uint8Array([0xff]) }],
    ['7.2 step 10', 'type_mismatch', { type: 'webauthn.create' }],
    ['7.2 step 11', 'challenge_mismatch', { challenge: toBase64url(new Uint8Array(32)) }],
    ['7.2 step 12', 'origin_mismatch', { origin: 'https://example.com.evil.example' }],
    ['7.2 step 12', 'cross_origin_not_allowed', { crossOrigin: true, topOrigin: 'https://top.example' }],
    ['7.2 step 12', 'top_origin_mismatch', { crossOrigin: true, topOrigin: 'https://top.example' }, {
      crossOrigin: { allowCrossOrigin: true, allowedTopOrigins: ['https://shop.example.net'] },
    }],
    ['7.2 step 13', 'rp_id_mismatch', { rpId: 'other.example' }],
    ['7.2 step 13', 'malformed_authenticator_data', { appendToAuthData: new Uint8Array([1]) }],
    ['7.2 step 14', 'user_not_present', { flags: { up: false } }],
    ['7.2 step 15', 'user_not_verified', { flags: { uv: false } }],
    ['7.2 step 16', 'backup_eligibility_changed', { flags: { be: false, bs: false } }],
    ['7.2 step 16', 'backup_flags_invalid', { flags: { be: false, bs: true } }],
    ['7.2 step 17', 'extension_not_requested', { authenticatorExtensions: new Map([['credProtect', 1]]) }, { unsolicitedExtensions: 'reject' }],
    ['7.2 step 17', 'extension_invalid', { clientExtensionResults: { largeBlob: 'not an object' } }, { requestedExtensions: { largeBlob: { read: true } } }],
    ['7.2 step 17', 'extension_invalid', { authenticatorExtensions: new Map([['hmac-secret', true]]) }, { requestedExtensions: { prf: { eval: { first: 'AQID' } } } }],
    ['7.2 step 19', 'bad_signature', { corruptSignature: true }],
    ['7.2 step 20', 'counter_regression', { signCount: 0 }],
    ['7.2 step 21', 'unexpected_attested_credential_data', { flags: { at: true } }],
  ];

  for (const [step, code, overrides, extra] of cases) {
    it(`${step}: ${code}`, async () => {
      const { authenticator, credential } = await enrol();
      // A first sign-in moves the stored counter to 1 so that step 20 has something to regress from.
      const first = await signIn(authenticator, credential);
      const record = { ...credential, ...first.update };
      const error = await caught(() => signIn(authenticator, record, overrides, extra));
      expect(error.code).toBe(code);
      expect(error.step).toBe(step);
    });
  }

  it('refuses a stored record without a usable signCount', async () => {
    const { authenticator, credential } = await enrol();
    for (const signCount of [-1, 1.5, Number.NaN, undefined]) {
      expect(await asyncErrorCode(() => signIn(authenticator, { ...credential, signCount: signCount as number }))).toBe('invalid_options');
    }
  });

  it('7.2 step 6: a record for another credential is unknown_credential', async () => {
    const a = await enrol();
    const b = await enrol();
    expect(await asyncErrorCode(() => signIn(a.authenticator, b.credential))).toBe('unknown_credential');
  });

  it('7.2 step 19: a signature over altered clientDataJSON fails', async () => {
    const { authenticator, credential } = await enrol();
    const request = generateAuthenticationOptions({ rpID });
    const response = await authenticator.getAssertion(request, origin);
    const data = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(response.response.clientDataJSON.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))));
    data.extra = 1;
    response.response.clientDataJSON = toBase64url(new TextEncoder().encode(JSON.stringify(data)));
    const code = await asyncErrorCode(() =>
      verifyAuthenticationResponse({ response, expectedChallenge: request.challenge, expectedOrigin: origin, expectedRPID: rpID, credential }),
    );
    expect(code).toBe('bad_signature');
  });

  it('7.2 step 20: a regressed counter can be accepted and flagged instead', async () => {
    const { authenticator, credential } = await enrol();
    const first = await signIn(authenticator, credential);
    const result = await signIn(authenticator, { ...credential, ...first.update }, { signCount: 1 }, { counterPolicy: 'flag' });
    expect(result.counterRegressed).toBe(true);
    expect(result.update.signCount).toBe(1);
  });

  it('7.2 step 15: UV may be absent when not required', async () => {
    const { authenticator, credential } = await enrol();
    const result = await signIn(authenticator, credential, { flags: { uv: false } }, { requireUserVerification: false });
    expect(result.userVerified).toBe(false);
    expect(result.update.uvInitialized).toBe(true);
  });

  it('7.2 step 16: BS may change (a passkey that became backed up)', async () => {
    const { authenticator, credential } = await enrol({ backupState: false });
    expect(credential.backupState).toBe(false);
    const result = await signIn(authenticator, credential, { flags: { bs: true } });
    expect(result.update.backupState).toBe(true);
  });
});

describe('verifyAuthenticationResponse: 7.2 step 6, the user handle', () => {
  it('fails closed when response.userHandle cannot be checked against a known user handle', async () => {
    const { authenticator, credential } = await enrol();
    // A record stored without userID at registration: nothing to compare response.userHandle with.
    const { userHandle, ...anonymous } = credential;
    const unverifiable = await caught(() => signIn(authenticator, anonymous));
    expect([unverifiable.code, unverifiable.step]).toEqual(['invalid_options', '7.2 step 6']);
    expect(unverifiable.message).toContain('expectedUserHandle');
    const required = await caught(() => signIn(authenticator, anonymous, { userHandle: null }, { requireUserHandle: true }));
    expect([required.code, required.step]).toEqual(['invalid_options', '7.2 step 6']);

    const known = await signIn(authenticator, anonymous, {}, { expectedUserHandle: userHandle, requireUserHandle: true });
    expect(known.userHandle).toBe(userHandle);
    // Identified first and no handle returned: there is nothing to verify.
    const identified = await signIn(authenticator, anonymous, { userHandle: null });
    expect(identified.userHandle).toBeUndefined();
  });

  it('checks expectedUserHandle in place of the record\'s', async () => {
    const { authenticator, credential } = await enrol();
    const other = toBase64url(new Uint8Array([8, 8, 8]));
    const error = await caught(() => signIn(authenticator, credential, {}, { expectedUserHandle: other }));
    expect([error.code, error.step]).toEqual(['user_handle_mismatch', '7.2 step 6']);
  });
});

describe('verifyAuthenticationResponse: steps with no single override', () => {
  for (const member of ['clientDataJSON', 'authenticatorData', 'signature']) {
    it(`7.2 step 7: a response without ${member} is malformed_response`, async () => {
      const { authenticator, credential } = await enrol();
      const request = generateAuthenticationOptions({ rpID });
      const response = await authenticator.getAssertion(request, origin);
      delete (response.response as unknown as Record<string, unknown>)[member];
      const error = await caught(() =>
        verifyAuthenticationResponse({ response, expectedChallenge: request.challenge, expectedOrigin: origin, expectedRPID: rpID, credential }),
      );
      expect([error.code, error.step]).toEqual(['malformed_response', '7.2 step 7']);
    });
  }

  it('7.2 step 22: the update records UV once initialised and BS as it is now', async () => {
    const { authenticator, credential } = await enrol();
    expect(credential.backupState).toBe(true);
    const record = { ...credential, uvInitialized: false };
    const result = await signIn(authenticator, record, { flags: { uv: true, bs: false } });
    expect(result.update).toMatchObject({ signCount: 1, uvInitialized: true, backupState: false });
    const later = await signIn(authenticator, { ...record, ...result.update }, { flags: { uv: false } }, { requireUserVerification: false });
    expect(later.update.uvInitialized).toBe(true);
  });

  it('refuses a counterPolicy it does not know instead of treating it as one it does', async () => {
    const { authenticator, credential } = await enrol();
    expect(await asyncErrorCode(() => signIn(authenticator, credential, { signCount: 0 }, { counterPolicy: 'strict' as never }))).toBe('invalid_options');
    expect(await asyncErrorCode(() => signIn(authenticator, credential, {}, { counterPolicy: 'flag' }))).toBe('no error');
  });

  it('ignores an authenticatorAttachment value it does not know', async () => {
    const { authenticator, credential } = await enrol();
    const request = generateAuthenticationOptions({ rpID });
    const response = { ...(await authenticator.getAssertion(request, origin)), authenticatorAttachment: 'future-value' };
    const result = await verifyAuthenticationResponse({ response, expectedChallenge: request.challenge, expectedOrigin: origin, expectedRPID: rpID, credential });
    expect(result.update.signCount).toBe(1);
  });
});
