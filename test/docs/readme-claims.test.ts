import { describe, expect, it } from 'vitest';
import { generateRegistrationOptions } from '../../src/registration/options.js';
import { verifyRegistrationResponse } from '../../src/registration/verify.js';
import { registrationExtensions } from '../../src/extensions/inputs.js';
import { issueChallenge, MemoryChallengeStore, storedChallenge, type ChallengeStore } from '../../src/lifecycle/challenge-store.js';
import { sealChallenge, sealedChallenge } from '../../src/lifecycle/sealed-challenge.js';
import { toBase64url } from '../../src/encoding/base64url.js';
import { SoftwareAuthenticator } from '../../src/testing/authenticator.js';
import { createPackedAttestation } from '../../src/testing/attestation-packed.js';
import { caught } from '../helpers/errors.js';

/**
 * Behaviour the README states in prose (no code block shows it), checked so that a change of
 * behaviour fails here and points at the README sentence to change: "Errors" (exceptions from
 * your own callbacks), the `now` rows of the verifier tables and "Expiry and errors" (whose clock
 * a challenge uses), "Challenges" (when a replay store's entry is written), and "Extensions" (what
 * happens without `requestedExtensions`).
 */

const ORIGIN = 'https://example.com';
const rp = { expectedRPID: 'example.com', expectedOrigin: ORIGIN };
const SECRET = new Uint8Array(32).fill(7);
const TEN_MINUTES = 10 * 60 * 1000;

async function registration(challenge?: string, attestation = new SoftwareAuthenticator({ algorithm: -7 })) {
  const options = generateRegistrationOptions({ rpName: 'Example', rpID: 'example.com', userName: 'alice', challenge });
  return { options, response: await attestation.createCredential(options, ORIGIN) };
}

describe('README "Errors": exceptions from your own callbacks', () => {
  const outage = new Error('database unreachable');

  it('isCredentialIdRegistered: its exception reaches the caller unchanged', async () => {
    const { options, response } = await registration();
    const thrown = await verifyRegistrationResponse({
      response,
      expectedChallenge: options.challenge,
      isCredentialIdRegistered: () => {
        throw outage;
      },
      ...rp,
    }).catch((e: unknown) => e);
    expect(thrown).toBe(outage);
  });

  it('a trustAnchors function: its exception reaches the caller unchanged', async () => {
    const { signer } = await createPackedAttestation();
    const { options, response } = await registration(undefined, new SoftwareAuthenticator({ algorithm: -7, attestation: signer }));
    const thrown = await verifyRegistrationResponse({
      response,
      expectedChallenge: options.challenge,
      attestation: {
        trustAnchors: () => {
          throw outage;
        },
      },
      ...rp,
    }).catch((e: unknown) => e);
    expect(thrown).toBe(outage);
  });

  it("issueChallenge: the store's issue exception reaches the caller unchanged", async () => {
    const store: ChallengeStore = {
      issue: async () => {
        throw outage;
      },
      consume: async () => undefined,
    };
    await expect(issueChallenge(store, { purpose: 'registration' })).rejects.toBe(outage);
  });

  it("storedChallenge: the store's consume exception reaches the caller unchanged", async () => {
    const store: ChallengeStore = {
      issue: async () => {},
      consume: async () => {
        throw outage;
      },
    };
    const { response } = await registration();
    await expect(
      verifyRegistrationResponse({ response, expectedChallenge: storedChallenge(store, { purpose: 'registration' }), ...rp }),
    ).rejects.toBe(outage);
  });

  it("sealedChallenge: the replay store's claim exception reaches the caller unchanged", async () => {
    const { response } = await registration(sealChallenge({ secret: SECRET, purpose: 'registration' }));
    const replays = {
      claim: async () => {
        throw outage;
      },
    };
    await expect(
      verifyRegistrationResponse({
        response,
        expectedChallenge: sealedChallenge({ secret: SECRET, purpose: 'registration', store: replays }),
        ...rp,
      }),
    ).rejects.toBe(outage);
  });
});

describe('README "Challenges": a replay store\'s entry is written only for a ceremony that verified', () => {
  const sealed = () => sealChallenge({ secret: SECRET, purpose: 'registration' });
  const verifier = (store: MemoryChallengeStore) => sealedChallenge({ secret: SECRET, purpose: 'registration', store });

  it('a forged response around a genuine, fresh challenge uses no slot, and the genuine response still registers', async () => {
    const store = new MemoryChallengeStore();
    const challenge = sealed();
    const forged = await registration(challenge, new SoftwareAuthenticator({ algorithm: -7, attestation: 'packed-self' }));
    // clientDataJSON the self attestation's signature does not cover: same challenge, one more member.
    const clientDataJSON = new TextEncoder().encode(JSON.stringify({ type: 'webauthn.create', challenge, origin: ORIGIN, forged: true }));
    const tampered = await new SoftwareAuthenticator({ algorithm: -7, attestation: 'packed-self' }).createCredential(forged.options, ORIGIN, {
      clientDataJSON,
    });
    const error = await caught(() => verifyRegistrationResponse({ response: tampered, expectedChallenge: verifier(store), ...rp }));
    expect(error).toMatchObject({ code: 'attestation_signature_invalid' });
    expect(store.size).toBe(0);
    await verifyRegistrationResponse({ response: forged.response, expectedChallenge: verifier(store), ...rp });
    expect(store.size).toBe(1);
  });

  it('the entry, once written, refuses the same response again', async () => {
    const store = new MemoryChallengeStore();
    const { response } = await registration(sealed());
    await verifyRegistrationResponse({ response, expectedChallenge: verifier(store), ...rp });
    const error = await caught(() => verifyRegistrationResponse({ response, expectedChallenge: verifier(store), ...rp }));
    expect(error).toMatchObject({ code: 'challenge_replayed' });
  });
});

describe('README: the verifiers\' `now` is not the challenges\' clock', () => {
  it("a verifier `now` a day ahead leaves a fresh stored challenge valid", async () => {
    const store = new MemoryChallengeStore();
    const { response } = await registration(await issueChallenge(store, { purpose: 'registration' }));
    const result = await verifyRegistrationResponse({
      response,
      expectedChallenge: storedChallenge(store, { purpose: 'registration' }),
      now: new Date(Date.now() + 24 * 3600 * 1000),
      ...rp,
    });
    expect(result.credential.id).toBe(response.id);
  });

  it("the helper's own clock, ten minutes on, expires it while the verifier's `now` is the present", async () => {
    const store = new MemoryChallengeStore();
    const issuedAt = Date.now();
    const { response } = await registration(await issueChallenge(store, { purpose: 'registration', now: () => issuedAt }));
    const error = await caught(() =>
      verifyRegistrationResponse({
        response,
        expectedChallenge: storedChallenge(store, { purpose: 'registration', now: () => issuedAt + TEN_MINUTES }),
        now: new Date(issuedAt),
        ...rp,
      }),
    );
    expect(error.code).toBe('challenge_expired');
  });
});

describe('README "Extensions": outputs checked against requestedExtensions', () => {
  const extensions = registrationExtensions({ prf: { eval: { first: new Uint8Array(32).fill(1) } } });
  const prf = { enabled: true, results: { first: toBase64url(new Uint8Array(32).fill(9)) } };

  async function prfRegistration() {
    const options = generateRegistrationOptions({ rpName: 'Example', rpID: 'example.com', userName: 'alice', extensions });
    const authenticator = new SoftwareAuthenticator({ algorithm: -7 });
    const response = await authenticator.createCredential(options, ORIGIN, { clientExtensionResults: { credProps: { rk: true }, prf } });
    return { options, response };
  }

  it('with requestedExtensions, the prf result is returned', async () => {
    const { options, response } = await prfRegistration();
    const { clientExtensionResults } = await verifyRegistrationResponse({
      response,
      expectedChallenge: options.challenge,
      requestedExtensions: extensions,
      ...rp,
    });
    expect([clientExtensionResults.prf, clientExtensionResults.ignored]).toEqual([prf, []]);
  });

  it('without it, the requested prf result is dropped and listed in clientExtensionResults.ignored', async () => {
    const { options, response } = await prfRegistration();
    const { clientExtensionResults } = await verifyRegistrationResponse({ response, expectedChallenge: options.challenge, ...rp });
    expect([clientExtensionResults.prf, clientExtensionResults.ignored]).toEqual([undefined, ['prf']]);
  });
});
