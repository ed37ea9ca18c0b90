import { describe, expect, it, vi } from 'vitest';
import { checkChallenge } from '../../src/ceremony/challenge.js';
import { isWebAuthnError, WebAuthnError } from '../../src/errors.js';
import { generateRegistrationOptions } from '../../src/registration/options.js';
import { verifyRegistrationResponse } from '../../src/registration/verify.js';
import { generateAuthenticationOptions } from '../../src/authentication/options.js';
import { verifyAuthenticationResponse } from '../../src/authentication/verify.js';
import { SoftwareAuthenticator, type CeremonyOverrides } from '../../src/testing/authenticator.js';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '../../src/types.js';
import { generateChallenge, issueChallenge, MemoryChallengeStore, sealChallenge, sealedChallenge, storedChallenge } from '../../src/lifecycle/index.js';
import { expectCode, manualClock } from './fixtures.js';

const STEP = '7.2 step 11';
const TEN_MINUTES = 10 * 60 * 1000;

async function caught(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('checkChallenge with a verifier function', () => {
  it('reports a challenge the verifier does not know as unknown, already used or expired', async () => {
    const error = await caught(() => checkChallenge(generateChallenge(), () => false, STEP));
    expect(isWebAuthnError(error, 'challenge_mismatch')).toBe(true);
    expect((error as WebAuthnError).message).toBe('the challenge is unknown, already used or expired');
    expect((error as WebAuthnError).step).toBe(STEP);
  });

  it('passes on a WebAuthnError from another copy of passkey-rp unchanged', async () => {
    // The query string makes the module loader evaluate errors.ts again: a second copy of the class.
    const secondCopy = '../../src/errors.ts?second-copy';
    const { WebAuthnError: OtherCopy } = (await import(/* @vite-ignore */ secondCopy)) as typeof import('../../src/errors.js');
    const thrown = new OtherCopy('challenge_expired', 'the challenge has expired');
    expect(thrown instanceof WebAuthnError).toBe(false);
    expect(await caught(() => checkChallenge(generateChallenge(), () => Promise.reject(thrown), STEP))).toBe(thrown);
  });

  it('passes on anything else the function throws (a store outage) unchanged, even a plain Error with a code', async () => {
    const thrown = Object.assign(new Error('database down'), { code: 'challenge_expired' });
    const error = await caught(() => checkChallenge(generateChallenge(), () => Promise.reject(thrown), STEP));
    expect(error).toBe(thrown);
    expect(isWebAuthnError(error)).toBe(false);
  });

  it('hands back a two-phase answer\'s commit without running it', async () => {
    let commits = 0;
    const commit = await checkChallenge(generateChallenge(), () => ({ commit: async () => void (commits += 1) }), STEP);
    expect(commits).toBe(0);
    await commit();
    expect(commits).toBe(1);
  });

  it('hands back a no-op for a plain true', async () => {
    const commit = await checkChallenge(generateChallenge(), () => true, STEP);
    await expect(commit()).resolves.toBeUndefined();
  });

  it('refuses an answer object without a commit() function', async () => {
    await expectCode(() => checkChallenge(generateChallenge(), () => ({}) as never, STEP), 'invalid_options');
  });
});

describe('challenge stores through a sign-in', () => {
  const rpID = 'example.com';
  const origin = 'https://example.com';

  async function enrolled() {
    const authenticator = new SoftwareAuthenticator();
    const creation = generateRegistrationOptions({ rpName: 'Example', rpID, userName: 'alice' });
    const response = await authenticator.createCredential(creation, origin);
    const { credential } = await verifyRegistrationResponse({
      response, expectedChallenge: creation.challenge, expectedOrigin: origin, expectedRPID: rpID, userID: creation.user.id,
    });
    return { authenticator, credential };
  }

  async function signInWith(store: MemoryChallengeStore) {
    const { authenticator, credential } = await enrolled();
    const secret = crypto.getRandomValues(new Uint8Array(32));
    const challenge = sealChallenge({ secret, purpose: 'authentication' });
    const options = generateAuthenticationOptions({ rpID, challenge });
    const verify = (response: AuthenticationResponseJSON, extra: { requireUserVerification?: boolean } = {}) =>
      verifyAuthenticationResponse({
        response, credential, expectedOrigin: origin, expectedRPID: rpID, ...extra,
        expectedChallenge: sealedChallenge({ secret, purpose: 'authentication', store }),
      });
    return { assert: (overrides: CeremonyOverrides = {}) => authenticator.getAssertion(options, origin, overrides), verify };
  }

  it('a forged response around a fresh sealed challenge claims nothing, and the genuine one still signs in', async () => {
    const store = new MemoryChallengeStore();
    const claim = vi.spyOn(store, 'claim');
    const { assert, verify } = await signInWith(store);
    await expectCode(async () => verify(await assert({ corruptSignature: true })), 'bad_signature');
    expect(claim).not.toHaveBeenCalled();
    expect(store.size).toBe(0);
    const result = await verify(await assert());
    expect(result.userVerified).toBe(true);
    expect(claim).toHaveBeenCalledTimes(1);
    expect(store.size).toBe(1);
  });

  it('a sign-in failing user verification does not burn its sealed challenge', async () => {
    const store = new MemoryChallengeStore();
    const { assert, verify } = await signInWith(store);
    await expectCode(async () => verify(await assert({ flags: { uv: false } })), 'user_not_verified');
    expect(store.size).toBe(0);
    expect((await verify(await assert())).userVerified).toBe(true);
  });

  it('a replay after a verified sign-in fails with challenge_replayed', async () => {
    const store = new MemoryChallengeStore();
    const { assert, verify } = await signInWith(store);
    const response = await assert();
    await verify(response);
    await expectCode(() => verify(response), 'challenge_replayed');
    expect(store.size).toBe(1);
  });

  it('two concurrent verifications of one valid response: both pass the checks, exactly one claims the challenge', async () => {
    const store = new MemoryChallengeStore();
    const claim = vi.spyOn(store, 'claim');
    const { assert, verify } = await signInWith(store);
    const response = await assert();
    const outcomes = await Promise.allSettled([verify(response), verify(response)]);
    expect(claim).toHaveBeenCalledTimes(2);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    await expectCode(() => Promise.reject(refused?.reason), 'challenge_replayed');
  });

  it('a verifier function answering plain true or false still decides the ceremony', async () => {
    const { authenticator, credential } = await enrolled();
    const response = await authenticator.getAssertion(generateAuthenticationOptions({ rpID, challenge: generateChallenge() }), origin);
    const input = { response, credential, expectedOrigin: origin, expectedRPID: rpID };
    expect((await verifyAuthenticationResponse({ ...input, expectedChallenge: () => true })).credentialId).toBe(response.id);
    await expectCode(() => verifyAuthenticationResponse({ ...input, expectedChallenge: async () => false }), 'challenge_mismatch');
  });

  it('a registration failing user verification does not burn its sealed challenge', async () => {
    const store = new MemoryChallengeStore();
    const secret = crypto.getRandomValues(new Uint8Array(32));
    const creation = generateRegistrationOptions({ rpName: 'Example', rpID, userName: 'bob', challenge: sealChallenge({ secret, purpose: 'registration' }) });
    const verify = (response: RegistrationResponseJSON) =>
      verifyRegistrationResponse({
        response, expectedOrigin: origin, expectedRPID: rpID, userID: creation.user.id,
        expectedChallenge: sealedChallenge({ secret, purpose: 'registration', store }),
      });
    await expectCode(async () => verify(await new SoftwareAuthenticator().createCredential(creation, origin, { flags: { uv: false } })), 'user_not_verified');
    expect(store.size).toBe(0);
    const response = await new SoftwareAuthenticator().createCredential(creation, origin);
    expect((await verify(response)).credential.id).toBe(response.id);
    await expectCode(() => verify(response), 'challenge_replayed');
  });

  it('reports a late answer to a stored challenge as challenge_expired, though other challenges were issued since', async () => {
    const { authenticator, credential } = await enrolled();
    const clock = manualClock();
    const store = new MemoryChallengeStore({ now: clock.now });
    const challenge = await issueChallenge(store, { purpose: 'authentication', now: clock.now });
    const response = await authenticator.getAssertion(generateAuthenticationOptions({ rpID, challenge }), origin);

    clock.set(clock.now() + TEN_MINUTES);
    await issueChallenge(store, { purpose: 'authentication', now: clock.now });
    await expectCode(
      () =>
        verifyAuthenticationResponse({
          response, credential, expectedOrigin: origin, expectedRPID: rpID,
          expectedChallenge: storedChallenge(store, { purpose: 'authentication', now: clock.now }),
        }),
      'challenge_expired',
    );
  });

  it('fails a sealed sign-in with challenge_store_full when the replay store is full of unexpired claims', async () => {
    const { authenticator, credential } = await enrolled();
    const secret = crypto.getRandomValues(new Uint8Array(32));
    const store = new MemoryChallengeStore({ maxEntries: 1 });
    await store.claim('an-earlier-sign-in', Date.now() + TEN_MINUTES);
    const challenge = sealChallenge({ secret, purpose: 'authentication' });
    const response = await authenticator.getAssertion(generateAuthenticationOptions({ rpID, challenge }), origin);
    await expectCode(
      () =>
        verifyAuthenticationResponse({
          response, credential, expectedOrigin: origin, expectedRPID: rpID,
          expectedChallenge: sealedChallenge({ secret, purpose: 'authentication', store }),
        }),
      'challenge_store_full',
    );
  });
});
