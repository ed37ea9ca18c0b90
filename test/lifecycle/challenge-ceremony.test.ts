import { describe, expect, it } from 'vitest';
import { checkChallenge } from '../../src/ceremony/challenge.js';
import { isWebAuthnError, WebAuthnError } from '../../src/errors.js';
import { generateRegistrationOptions } from '../../src/registration/options.js';
import { verifyRegistrationResponse } from '../../src/registration/verify.js';
import { generateAuthenticationOptions } from '../../src/authentication/options.js';
import { verifyAuthenticationResponse } from '../../src/authentication/verify.js';
import { SoftwareAuthenticator } from '../../src/testing/authenticator.js';
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
