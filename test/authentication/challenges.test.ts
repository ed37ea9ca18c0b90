import { describe, expect, it } from 'vitest';
import { generateRegistrationOptions } from '../../src/registration/options.js';
import { verifyRegistrationResponse } from '../../src/registration/verify.js';
import { generateAuthenticationOptions } from '../../src/authentication/options.js';
import { verifyAuthenticationResponse } from '../../src/authentication/verify.js';
import { SoftwareAuthenticator } from '../../src/testing/authenticator.js';
import { issueChallenge, MemoryChallengeStore, storedChallenge } from '../../src/lifecycle/challenge-store.js';
import { sealChallenge, sealedChallenge } from '../../src/lifecycle/sealed-challenge.js';
import { asyncErrorCode } from '../helpers/errors.js';

/** Stored and sealed challenges go straight into expectedChallenge: no glue code. */
const rpID = 'example.com';
const origin = 'https://example.com';
const secret = new Uint8Array(32).fill(7);

async function enrolled() {
  const authenticator = new SoftwareAuthenticator();
  const creation = generateRegistrationOptions({ rpName: 'Example', rpID, userName: 'alice' });
  const response = await authenticator.createCredential(creation, origin);
  const { credential } = await verifyRegistrationResponse({
    response, expectedChallenge: creation.challenge, expectedOrigin: origin, expectedRPID: rpID, userID: creation.user.id,
  });
  return { authenticator, credential };
}

describe('challenges through the ceremonies', () => {
  it('a stored challenge signs in once; the replay fails', async () => {
    const { authenticator, credential } = await enrolled();
    const store = new MemoryChallengeStore();
    const challenge = await issueChallenge(store, { purpose: 'authentication' });
    const request = generateAuthenticationOptions({ rpID, challenge });
    const response = await authenticator.getAssertion(request, origin);
    const verify = (record = credential) =>
      verifyAuthenticationResponse({
        response, credential: record, expectedOrigin: origin, expectedRPID: rpID,
        expectedChallenge: storedChallenge(store, { purpose: 'authentication' }),
      });
    const first = await verify();
    expect(first.update.signCount).toBe(1);
    expect(await asyncErrorCode(() => verify())).toBe('challenge_mismatch');
  });

  it('a stored challenge issued for registration does not sign in', async () => {
    const { authenticator, credential } = await enrolled();
    const store = new MemoryChallengeStore();
    const challenge = await issueChallenge(store, { purpose: 'registration' });
    const response = await authenticator.getAssertion(generateAuthenticationOptions({ rpID, challenge }), origin);
    const code = await asyncErrorCode(() =>
      verifyAuthenticationResponse({
        response, credential, expectedOrigin: origin, expectedRPID: rpID,
        expectedChallenge: storedChallenge(store, { purpose: 'authentication' }),
      }),
    );
    expect(code).toBe('challenge_purpose_mismatch');
  });

  it('a sealed challenge registers without storage, and expires after its window', async () => {
    const authenticator = new SoftwareAuthenticator();
    const issuedAt = Date.parse('2026-03-01T12:00:00Z');
    const challenge = sealChallenge({ secret, purpose: 'registration', binding: 'session-1', now: () => issuedAt });
    const creation = generateRegistrationOptions({ rpName: 'Example', rpID, userName: 'alice', challenge });
    const response = await authenticator.createCredential(creation, origin);
    const verify = (now: number, binding = 'session-1') =>
      verifyRegistrationResponse({
        response, expectedOrigin: origin, expectedRPID: rpID,
        expectedChallenge: sealedChallenge({ secret, purpose: 'registration', binding, now: () => now }),
      });
    expect((await verify(issuedAt + 60_000)).credential.id).toBe(response.id);
    expect(await asyncErrorCode(() => verify(issuedAt + 60_000, 'session-2'))).toBe('challenge_binding_mismatch');
    expect(await asyncErrorCode(() => verify(issuedAt + 10 * 60_000))).toBe('challenge_expired');
  });
});
