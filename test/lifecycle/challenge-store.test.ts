import { describe, expect, it, vi } from 'vitest';
import {
  generateChallenge,
  issueChallenge,
  MemoryChallengeStore,
  storedChallenge,
  type ChallengeStore,
} from '../../src/lifecycle/index.js';
import { expectCode, manualClock } from './fixtures.js';

const TEN_MINUTES = 10 * 60 * 1000;

describe('issueChallenge + storedChallenge', () => {
  it('accepts an issued challenge once, then treats it as unknown (replay)', async () => {
    const store = new MemoryChallengeStore();
    const challenge = await issueChallenge(store, { purpose: 'authentication' });
    const verify = storedChallenge(store, { purpose: 'authentication' });
    expect(await verify(challenge)).toBe(true);
    expect(await verify(challenge)).toBe(false);
  });

  it('lets exactly one of two concurrent uses through', async () => {
    const store = new MemoryChallengeStore();
    const challenge = await issueChallenge(store, { purpose: 'registration' });
    const verify = storedChallenge(store, { purpose: 'registration' });
    const results = await Promise.all([verify(challenge), verify(challenge)]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('expires ten minutes after issue by default: valid 1 ms before, expired at the boundary', async () => {
    const clock = manualClock();
    const issuedAt = clock.now();
    const store = new MemoryChallengeStore({ now: clock.now });
    const first = await issueChallenge(store, { purpose: 'authentication', now: clock.now });
    const second = await issueChallenge(store, { purpose: 'authentication', now: clock.now });
    const verify = storedChallenge(store, { purpose: 'authentication', now: clock.now });

    clock.set(issuedAt + TEN_MINUTES - 1);
    expect(await verify(first)).toBe(true);
    clock.set(issuedAt + TEN_MINUTES);
    await expectCode(() => verify(second), 'challenge_expired');
  });

  it('honours a custom ttlMs', async () => {
    const clock = manualClock();
    const store = new MemoryChallengeStore({ now: clock.now });
    const challenge = await issueChallenge(store, { purpose: 'authentication', ttlMs: 1000, now: clock.now });
    clock.set(clock.now() + 1000);
    await expectCode(() => storedChallenge(store, { purpose: 'authentication', now: clock.now })(challenge), 'challenge_expired');
  });

  it('rejects a registration challenge at sign-in, and burns it', async () => {
    const store = new MemoryChallengeStore();
    const challenge = await issueChallenge(store, { purpose: 'registration' });
    await expectCode(() => storedChallenge(store, { purpose: 'authentication' })(challenge), 'challenge_purpose_mismatch');
    expect(await storedChallenge(store, { purpose: 'registration' })(challenge)).toBe(false);
  });

  it('rejects a challenge bound to another session', async () => {
    const store = new MemoryChallengeStore();
    const challenge = await issueChallenge(store, { purpose: 'authentication', binding: 'session-a' });
    await expectCode(
      () => storedChallenge(store, { purpose: 'authentication', binding: 'session-b' })(challenge),
      'challenge_binding_mismatch',
    );
  });

  it('rejects a bound challenge checked without a binding', async () => {
    const store = new MemoryChallengeStore();
    const challenge = await issueChallenge(store, { purpose: 'authentication', binding: 'session-a' });
    await expectCode(() => storedChallenge(store, { purpose: 'authentication' })(challenge), 'challenge_binding_mismatch');
  });

  it('rejects an unbound challenge checked with a binding', async () => {
    const store = new MemoryChallengeStore();
    const challenge = await issueChallenge(store, { purpose: 'authentication' });
    await expectCode(
      () => storedChallenge(store, { purpose: 'authentication', binding: 'session-a' })(challenge),
      'challenge_binding_mismatch',
    );
  });

  it('accepts a challenge with the binding it was issued with', async () => {
    const store = new MemoryChallengeStore();
    const challenge = await issueChallenge(store, { purpose: 'registration', binding: 'dXNlci0x' });
    expect(await storedChallenge(store, { purpose: 'registration', binding: 'dXNlci0x' })(challenge)).toBe(true);
  });

  it('resolves false for a challenge it never issued', async () => {
    const store = new MemoryChallengeStore();
    expect(await storedChallenge(store, { purpose: 'authentication' })(generateChallenge())).toBe(false);
  });

  it.each([
    ['not base64url', 'a+b/c='],
    ['empty', ''],
    ['too long', 'A'.repeat(2000)],
  ])('does not ask the store about a challenge that is %s', async (_, challenge) => {
    const store: ChallengeStore = { issue: vi.fn(async () => {}), consume: vi.fn(async () => undefined) };
    expect(await storedChallenge(store, { purpose: 'authentication' })(challenge)).toBe(false);
    expect(store.consume).not.toHaveBeenCalled();
  });

  it('resolves false when a store hands back the record of another challenge', async () => {
    const other = generateChallenge();
    const store: ChallengeStore = {
      issue: async () => {},
      consume: async () => ({ challenge: other, purpose: 'authentication', expiresAt: Date.now() + 60_000 }),
    };
    expect(await storedChallenge(store, { purpose: 'authentication' })(generateChallenge())).toBe(false);
  });

  it('stores the purpose, binding and expiry it was given', async () => {
    const clock = manualClock();
    const issued: unknown[] = [];
    const store: ChallengeStore = { issue: async (r) => void issued.push(r), consume: async () => undefined };
    const challenge = await issueChallenge(store, { purpose: 'registration', binding: 'u1', ttlMs: 5000, now: clock.now });
    expect(issued).toEqual([{ challenge, purpose: 'registration', binding: 'u1', expiresAt: clock.now() + 5000 }]);
  });

  it.each([
    ['an unknown purpose', { purpose: 'login' }],
    ['a zero ttl', { purpose: 'authentication', ttlMs: 0 }],
    ['a fractional ttl', { purpose: 'authentication', ttlMs: 1.5 }],
    ['an empty binding', { purpose: 'authentication', binding: '' }],
    ['too few bytes', { purpose: 'authentication', bytes: 8 }],
  ])('refuses to issue with %s', async (_, options) => {
    await expectCode(() => issueChallenge(new MemoryChallengeStore(), options as never), 'invalid_options');
  });

  it('refuses a store without consume()', async () => {
    await expectCode(() => storedChallenge({ issue: async () => {} } as never, { purpose: 'authentication' }), 'invalid_options');
  });
});

describe('MemoryChallengeStore', () => {
  const record = (challenge: string, expiresAt: number) => ({ challenge, purpose: 'authentication' as const, expiresAt });

  it('drops the oldest challenge when full', async () => {
    const store = new MemoryChallengeStore({ maxEntries: 2 });
    const far = Date.now() + TEN_MINUTES;
    await store.issue(record('first', far));
    await store.issue(record('second', far));
    await store.issue(record('third', far));
    expect(await store.consume('first')).toBeUndefined();
    expect((await store.consume('second'))?.challenge).toBe('second');
    expect((await store.consume('third'))?.challenge).toBe('third');
  });

  it('sweeps expired challenges on the next write', async () => {
    const clock = manualClock();
    const store = new MemoryChallengeStore({ now: clock.now });
    await store.issue(record('old', clock.now() + 1000));
    clock.set(clock.now() + 1000);
    await store.issue(record('new', clock.now() + 1000));
    expect(store.size).toBe(1);
    expect(await store.consume('old')).toBeUndefined();
  });

  it('claims a challenge once until it expires', async () => {
    const clock = manualClock();
    const store = new MemoryChallengeStore({ now: clock.now });
    const expiresAt = clock.now() + 1000;
    expect(await store.claim('sealed', expiresAt)).toBe(true);
    expect(await store.claim('sealed', expiresAt)).toBe(false);
    clock.set(expiresAt);
    expect(await store.claim('sealed', expiresAt + 1000)).toBe(true);
  });

  it('refuses a malformed record', async () => {
    await expectCode(() => new MemoryChallengeStore().issue({ challenge: 'x', purpose: 'authentication' } as never), 'invalid_options');
  });

  it('refuses a bad size bound', () => {
    return expectCode(() => new MemoryChallengeStore({ maxEntries: 0 }), 'invalid_options');
  });
});

describe('storedChallenge: context travels with the challenge', () => {
  it('hands the issued context to onConsumed once the challenge passes', async () => {
    const store = new MemoryChallengeStore();
    const challenge = await issueChallenge(store, { purpose: 'registration', context: 'signup:alice' });
    const seen: (string | undefined)[] = [];
    const verifier = storedChallenge(store, { purpose: 'registration', onConsumed: (record) => seen.push(record.context) });
    await expect(verifier(challenge)).resolves.toBe(true);
    expect(seen).toEqual(['signup:alice']);
    await expect(verifier(challenge)).resolves.toBe(false);
    expect(seen).toEqual(['signup:alice']);
  });

  it('refuses an oversized context', async () => {
    await expect(issueChallenge(new MemoryChallengeStore(), { purpose: 'registration', context: 'x'.repeat(4097) })).rejects.toMatchObject({ code: 'invalid_options' });
  });
});
