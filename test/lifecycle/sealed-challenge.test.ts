import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from '../../src/encoding/base64url.js';
import { issueChallenge, MemoryChallengeStore, sealChallenge, sealedChallenge, type ChallengeAcceptance } from '../../src/lifecycle/index.js';
import { generateRegistrationOptions } from '../../src/registration/options.js';
import { verifyRegistrationResponse } from '../../src/registration/verify.js';
import { generateAuthenticationOptions } from '../../src/authentication/options.js';
import { verifyAuthenticationResponse } from '../../src/authentication/verify.js';
import { SoftwareAuthenticator } from '../../src/testing/authenticator.js';
import type { AuthenticationResponseJSON, CredentialRecord } from '../../src/types.js';
import { expectCode, manualClock } from './fixtures.js';

const secret = crypto.getRandomValues(new Uint8Array(32));
const otherSecret = crypto.getRandomValues(new Uint8Array(32));
const TEN_MINUTES = 10 * 60 * 1000;
const RP_ID = 'example.com';
const ORIGIN = 'https://example.com';

/** Runs the commit of a two-phase answer, as a ceremony does once everything else has verified. */
async function commit(answer: boolean | ChallengeAcceptance): Promise<void> {
  if (typeof answer !== 'object') throw new Error(`expected a two-phase answer, got ${String(answer)}`);
  await answer.commit();
}

interface Enrolled {
  authenticator: SoftwareAuthenticator;
  credential: CredentialRecord;
}

async function enrolled(): Promise<Enrolled> {
  const authenticator = new SoftwareAuthenticator();
  const creation = generateRegistrationOptions({ rpName: 'Example', rpID: RP_ID, userName: 'alice' });
  const response = await authenticator.createCredential(creation, ORIGIN);
  const { credential } = await verifyRegistrationResponse({
    response, expectedChallenge: creation.challenge, expectedOrigin: ORIGIN, expectedRPID: RP_ID, userID: creation.user.id,
  });
  return { authenticator, credential };
}

function flipByte(challenge: string, index: number): string {
  const bytes = fromBase64url(challenge);
  bytes[index]! ^= 0x01;
  return toBase64url(bytes);
}

describe('sealChallenge + sealedChallenge', () => {
  it('accepts its own challenge, for the same purpose', async () => {
    const challenge = sealChallenge({ secret, purpose: 'authentication' });
    expect(fromBase64url(challenge)).toHaveLength(41);
    expect(await sealedChallenge({ secret, purpose: 'authentication' })(challenge)).toBe(true);
  });

  it('makes a different challenge every time', () => {
    expect(sealChallenge({ secret, purpose: 'registration' })).not.toBe(sealChallenge({ secret, purpose: 'registration' }));
  });

  it('rejects a change to any byte of an unbound challenge', async () => {
    const challenge = sealChallenge({ secret, purpose: 'authentication' });
    const verify = sealedChallenge({ secret, purpose: 'authentication' });
    const length = fromBase64url(challenge).length;
    for (let i = 0; i < length; i++) await expectCode(() => verify(flipByte(challenge, i)), 'challenge_invalid');
  });

  it('rejects a change to any byte of a bound challenge', async () => {
    const challenge = sealChallenge({ secret, purpose: 'registration', binding: 'dXNlci0x' });
    const verify = sealedChallenge({ secret, purpose: 'registration', binding: 'dXNlci0x' });
    expect(fromBase64url(challenge)).toHaveLength(57);
    // The first 41 bytes are under the main tag; the last 16 are the binding tag.
    for (let i = 0; i < 41; i++) await expectCode(() => verify(flipByte(challenge, i)), 'challenge_invalid');
    for (let i = 41; i < 57; i++) await expectCode(() => verify(flipByte(challenge, i)), 'challenge_binding_mismatch');
  });

  it.each([
    ['truncated', (c: string) => toBase64url(fromBase64url(c).subarray(0, 40))],
    ['extended', (c: string) => toBase64url(new Uint8Array([...fromBase64url(c), 0]))],
    ['not base64url', (c: string) => `${c.slice(0, -1)}=`],
    ['a plain random challenge', () => toBase64url(crypto.getRandomValues(new Uint8Array(32)))],
    ['far too long', () => 'A'.repeat(5000)],
  ])('rejects a challenge that is %s', async (_, mutate) => {
    const challenge = sealChallenge({ secret, purpose: 'authentication' });
    await expectCode(() => sealedChallenge({ secret, purpose: 'authentication' })(mutate(challenge)), 'challenge_invalid');
  });

  it('rejects a challenge sealed under another secret', async () => {
    const challenge = sealChallenge({ secret: otherSecret, purpose: 'authentication' });
    await expectCode(() => sealedChallenge({ secret, purpose: 'authentication' })(challenge), 'challenge_invalid');
  });

  it('rejects a registration challenge at sign-in', async () => {
    const challenge = sealChallenge({ secret, purpose: 'registration' });
    await expectCode(() => sealedChallenge({ secret, purpose: 'authentication' })(challenge), 'challenge_purpose_mismatch');
  });

  it('rejects a challenge bound to another user', async () => {
    const challenge = sealChallenge({ secret, purpose: 'registration', binding: 'user-a' });
    await expectCode(
      () => sealedChallenge({ secret, purpose: 'registration', binding: 'user-b' })(challenge),
      'challenge_binding_mismatch',
    );
  });

  it('refuses bindings with a lone surrogate, which UTF-8 would turn into U+FFFD and make equal to others', async () => {
    for (const binding of ['user\uD800', 'user\uDC00', '\uDBFFx']) {
      await expectCode(() => sealChallenge({ secret, purpose: 'registration', binding }), 'invalid_options');
      await expectCode(() => sealedChallenge({ secret, purpose: 'registration', binding }), 'invalid_options');
      await expectCode(() => issueChallenge(new MemoryChallengeStore(), { purpose: 'registration', binding }), 'invalid_options');
    }
    // A well-formed pair (an emoji) is fine.
    const challenge = sealChallenge({ secret, purpose: 'registration', binding: 'user\uD83D\uDE00' });
    expect(await sealedChallenge({ secret, purpose: 'registration', binding: 'user\uD83D\uDE00' })(challenge)).toBe(true);
  });

  it('rejects a bound challenge checked without a binding, and the reverse', async () => {
    const bound = sealChallenge({ secret, purpose: 'registration', binding: 'user-a' });
    await expectCode(() => sealedChallenge({ secret, purpose: 'registration' })(bound), 'challenge_binding_mismatch');
    const unbound = sealChallenge({ secret, purpose: 'registration' });
    await expectCode(
      () => sealedChallenge({ secret, purpose: 'registration', binding: 'user-a' })(unbound),
      'challenge_binding_mismatch',
    );
  });

  it('accepts a bound challenge with its binding', async () => {
    const challenge = sealChallenge({ secret, purpose: 'authentication', binding: 'session-1' });
    expect(await sealedChallenge({ secret, purpose: 'authentication', binding: 'session-1' })(challenge)).toBe(true);
  });

  it('expires at maxAgeMs: valid 1 ms before, expired at the boundary (default 10 minutes)', async () => {
    const clock = manualClock();
    const challenge = sealChallenge({ secret, purpose: 'authentication', now: clock.now });
    const verify = sealedChallenge({ secret, purpose: 'authentication', now: clock.now });
    const issuedAt = clock.now();
    clock.set(issuedAt + TEN_MINUTES - 1);
    expect(await verify(challenge)).toBe(true);
    clock.set(issuedAt + TEN_MINUTES);
    await expectCode(() => verify(challenge), 'challenge_expired');
  });

  it('honours a custom maxAgeMs', async () => {
    const clock = manualClock();
    const challenge = sealChallenge({ secret, purpose: 'authentication', now: clock.now });
    clock.set(clock.now() + 30_000);
    await expectCode(
      () => sealedChallenge({ secret, purpose: 'authentication', maxAgeMs: 30_000, now: clock.now })(challenge),
      'challenge_expired',
    );
  });

  it('tolerates an issue time up to maxClockSkewMs ahead, and no further', async () => {
    const clock = manualClock();
    const verifyAt = clock.now();
    const verify = sealedChallenge({ secret, purpose: 'authentication', maxClockSkewMs: 5000, now: () => verifyAt });
    clock.set(verifyAt + 5000);
    expect(await verify(sealChallenge({ secret, purpose: 'authentication', now: clock.now }))).toBe(true);
    clock.set(verifyAt + 5001);
    await expectCode(() => verify(sealChallenge({ secret, purpose: 'authentication', now: clock.now })), 'challenge_invalid');
  });

  it('rotates secrets: the first seals, all verify', async () => {
    const old = sealChallenge({ secret: otherSecret, purpose: 'authentication' });
    const rotated = [secret, otherSecret];
    expect(await sealedChallenge({ secret: rotated, purpose: 'authentication' })(old)).toBe(true);
    const fresh = sealChallenge({ secret: rotated, purpose: 'authentication' });
    expect(await sealedChallenge({ secret, purpose: 'authentication' })(fresh)).toBe(true);
    await expectCode(() => sealedChallenge({ secret: otherSecret, purpose: 'authentication' })(fresh), 'challenge_invalid');
  });

  it('checks a bound challenge under the secret that sealed it, after rotation', async () => {
    const old = sealChallenge({ secret: otherSecret, purpose: 'registration', binding: 'user-a' });
    const verify = sealedChallenge({ secret: [secret, otherSecret], purpose: 'registration', binding: 'user-a' });
    expect(await verify(old)).toBe(true);
  });

  describe('with a replay store', () => {
    it('only reads the challenge at the check, and claims it once, at commit', async () => {
      const store = new MemoryChallengeStore();
      const challenge = sealChallenge({ secret, purpose: 'authentication' });
      const verify = sealedChallenge({ secret, purpose: 'authentication', store });
      const first = await verify(challenge);
      expect(store.size).toBe(0);
      await commit(first);
      expect(store.size).toBe(1);
      // The read-only checks still pass on a second sight; its claim is what is refused.
      const second = await verify(challenge);
      await expectCode(() => commit(second), 'challenge_replayed');
      expect(store.size).toBe(1);
    });

    it('does not burn a challenge on a failed check', async () => {
      const store = new MemoryChallengeStore();
      const challenge = sealChallenge({ secret, purpose: 'authentication' });
      await expectCode(() => sealedChallenge({ secret, purpose: 'registration', store })(challenge), 'challenge_purpose_mismatch');
      await commit(await sealedChallenge({ secret, purpose: 'authentication', store })(challenge));
      expect(store.size).toBe(1);
    });

    it('lets exactly one of two concurrent commits of the same challenge claim it', async () => {
      const store = new MemoryChallengeStore();
      const challenge = sealChallenge({ secret, purpose: 'authentication' });
      const verify = sealedChallenge({ secret, purpose: 'authentication', store });
      const [a, b] = await Promise.all([verify(challenge), verify(challenge)]);
      const outcomes = await Promise.allSettled([commit(a), commit(b)]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      await expectCode(() => Promise.reject(refused?.reason), 'challenge_replayed');
    });

    it('remembers the challenge until no server, its clock up to maxClockSkewMs behind, still accepts it', async () => {
      const clock = manualClock();
      const claims: [string, number][] = [];
      const store = { claim: async (c: string, expiresAt: number) => (claims.push([c, expiresAt]), true) };
      const challenge = sealChallenge({ secret, purpose: 'authentication', now: clock.now });
      const answer = await sealedChallenge({ secret, purpose: 'authentication', store, maxAgeMs: 60_000, maxClockSkewMs: 5_000, now: clock.now })(challenge);
      expect(claims).toEqual([]);
      await commit(answer);
      expect(claims).toEqual([[challenge, clock.now() + 60_000 + 5_000]]);
    });

    it('refuses a replay on a server whose clock runs behind, after the first server saw the challenge expire', async () => {
      const clock = manualClock();
      const slow = () => clock.now() - 45_000;
      const store = new MemoryChallengeStore({ now: clock.now });
      const challenge = sealChallenge({ secret, purpose: 'authentication', now: clock.now });
      clock.set(clock.now() + TEN_MINUTES - 1_000);
      await commit(await sealedChallenge({ secret, purpose: 'authentication', store, now: clock.now })(challenge));
      clock.set(clock.now() + 21_000);
      await expectCode(() => sealedChallenge({ secret, purpose: 'authentication', store, now: clock.now })(challenge), 'challenge_expired');
      const late = await sealedChallenge({ secret, purpose: 'authentication', store, now: slow })(challenge);
      await expectCode(() => commit(late), 'challenge_replayed');
    });

    it('cannot be flooded: forged sign-ins claim nothing, and verified ones never free a victim\'s challenge for replay', async () => {
      const clock = manualClock(Date.now());
      const store = new MemoryChallengeStore({ maxEntries: 3, now: clock.now });
      const expectedChallenge = sealedChallenge({ secret, purpose: 'authentication', store, now: clock.now });
      const attacker = await enrolled();
      const victim = await enrolled();
      const signIn = async (who: Enrolled, response: AuthenticationResponseJSON) =>
        verifyAuthenticationResponse({ response, credential: who.credential, expectedChallenge, expectedOrigin: ORIGIN, expectedRPID: RP_ID });
      const assert = (who: Enrolled, overrides: { corruptSignature?: boolean } = {}) =>
        who.authenticator.getAssertion(
          generateAuthenticationOptions({ rpID: RP_ID, challenge: sealChallenge({ secret, purpose: 'authentication', now: clock.now }) }),
          ORIGIN,
          overrides,
        );

      const victimResponse = await assert(victim);
      await signIn(victim, victimResponse);
      expect(store.size).toBe(1);

      // Forged responses around genuine, fresh challenges fail at the signature and take no slot.
      for (let i = 0; i < 5; i++) await expectCode(async () => signIn(attacker, await assert(attacker, { corruptSignature: true })), 'bad_signature');
      expect(store.size).toBe(1);

      // Filling the store takes verified sign-ins: the attacker's own passkey, again and again.
      for (let i = 0; i < 2; i++) await signIn(attacker, await assert(attacker));
      expect(store.size).toBe(3);
      await expectCode(async () => signIn(attacker, await assert(attacker)), 'challenge_store_full');
      await expectCode(() => signIn(victim, victimResponse), 'challenge_replayed');

      // Once the claims expire, so does the victim's challenge: the store takes new ones again.
      clock.set(clock.now() + TEN_MINUTES + 60_000);
      await expectCode(() => signIn(victim, victimResponse), 'challenge_expired');
      await signIn(victim, await assert(victim));
      expect(store.size).toBe(1);
    });

    it('refuses a store without claim()', () => {
      return expectCode(() => sealedChallenge({ secret, purpose: 'authentication', store: {} as never }), 'invalid_options');
    });
  });

  describe('secrets', () => {
    it.each([
      ['31 bytes', new Uint8Array(31)],
      ['an empty list', []],
      ['a list with a short secret', [secret, new Uint8Array(16)]],
      ['a string', 'a very long passphrase that is not bytes at all'],
    ])('refuses %s', async (_, bad) => {
      await expectCode(() => sealChallenge({ secret: bad as never, purpose: 'authentication' }), 'invalid_options');
      await expectCode(() => sealedChallenge({ secret: bad as never, purpose: 'authentication' }), 'invalid_options');
    });
  });

  it.each([
    ['maxAgeMs 0', { maxAgeMs: 0 }],
    ['a negative skew', { maxClockSkewMs: -1 }],
    ['an unknown purpose', { purpose: 'login' }],
  ])('refuses %s', async (_, options) => {
    await expectCode(() => sealedChallenge({ secret, purpose: 'authentication', ...options } as never), 'invalid_options');
  });
});
