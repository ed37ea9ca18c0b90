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

  it('reports a late answer as expired even after other challenges were issued, as unknown once forgotten', async () => {
    const clock = manualClock();
    const issuedAt = clock.now();
    const store = new MemoryChallengeStore({ now: clock.now });
    const late = await issueChallenge(store, { purpose: 'authentication', now: clock.now });
    const forgotten = await issueChallenge(store, { purpose: 'authentication', now: clock.now });
    const verify = storedChallenge(store, { purpose: 'authentication', now: clock.now });

    clock.set(issuedAt + TEN_MINUTES);
    await issueChallenge(store, { purpose: 'authentication', now: clock.now });
    await expectCode(() => verify(late), 'challenge_expired');
    expect(await verify(late)).toBe(false);
    clock.set(issuedAt + 2 * TEN_MINUTES);
    expect(await verify(forgotten)).toBe(false);
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

  it('refuses null or a string as its options with invalid_options', async () => {
    await expectCode(() => new MemoryChallengeStore(null as never), 'invalid_options');
    await expectCode(() => new MemoryChallengeStore('big' as never), 'invalid_options');
  });

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

  it('keeps an expired challenge as long again as it was valid, then forgets it on the next write', async () => {
    const clock = manualClock();
    const store = new MemoryChallengeStore({ now: clock.now });
    await store.issue(record('old', clock.now() + 1000));
    clock.set(clock.now() + 1999);
    await store.issue(record('new', clock.now() + 1000));
    expect(store.size).toBe(2);
    clock.set(clock.now() + 1);
    await store.issue(record('newer', clock.now() + 1000));
    expect(store.size).toBe(2);
    expect(await store.consume('old')).toBeUndefined();
  });

  it('returns an expired challenge during its grace period, and not after it, even without a write', async () => {
    const clock = manualClock();
    const store = new MemoryChallengeStore({ now: clock.now });
    const issuedAt = clock.now();
    await store.issue(record('late', issuedAt + 1000));
    await store.issue(record('later', issuedAt + 1000));
    clock.set(issuedAt + 1999);
    expect((await store.consume('late'))?.expiresAt).toBe(issuedAt + 1000);
    clock.set(issuedAt + 2000);
    expect(await store.consume('later')).toBeUndefined();
  });

  it('when full, drops expired challenges before the oldest live one', async () => {
    const clock = manualClock();
    const store = new MemoryChallengeStore({ maxEntries: 2, now: clock.now });
    await store.issue(record('live', clock.now() + TEN_MINUTES));
    await store.issue(record('expiring', clock.now() + 1000));
    clock.set(clock.now() + 1000);
    await store.issue(record('new', clock.now() + TEN_MINUTES));
    expect(await store.consume('expiring')).toBeUndefined();
    expect((await store.consume('live'))?.challenge).toBe('live');
    expect((await store.consume('new'))?.challenge).toBe('new');
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

  it('fails closed when full of unexpired claims, and forgets none of them', async () => {
    const clock = manualClock();
    const store = new MemoryChallengeStore({ maxEntries: 2, now: clock.now });
    const expiresAt = clock.now() + 1000;
    expect(await store.claim('a', expiresAt)).toBe(true);
    expect(await store.claim('b', expiresAt + 500)).toBe(true);
    await expectCode(() => store.claim('c', expiresAt), 'challenge_store_full');
    expect(await store.claim('a', expiresAt)).toBe(false);
    expect(await store.claim('b', expiresAt + 500)).toBe(false);
  });

  it('takes claims again once one has expired', async () => {
    const clock = manualClock();
    const store = new MemoryChallengeStore({ maxEntries: 2, now: clock.now });
    const expiresAt = clock.now() + 1000;
    await store.claim('a', expiresAt);
    await store.claim('b', expiresAt + 500);
    clock.set(expiresAt);
    expect(await store.claim('c', expiresAt + 1000)).toBe(true);
    expect(await store.claim('b', expiresAt + 500)).toBe(false);
  });

  it('keeps claims and issued challenges apart: a full replay side does not stop issuing', async () => {
    const clock = manualClock();
    const store = new MemoryChallengeStore({ maxEntries: 1, now: clock.now });
    await store.claim('used', clock.now() + 1000);
    await store.issue(record('issued', clock.now() + 1000));
    expect((await store.consume('issued'))?.challenge).toBe('issued');
    await expectCode(() => store.claim('another', clock.now() + 1000), 'challenge_store_full');
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
