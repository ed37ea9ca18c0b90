import { WebAuthnError } from '../errors.js';
import { isBase64url } from '../encoding/base64url.js';
import { challengesEqual, DEFAULT_CHALLENGE_TTL_MS, generateChallenge, MAX_CHALLENGE_LENGTH } from './challenge.js';
import { bindingsMatch, checkBinding, checkPurpose } from './challenge-options.js';
import type { ChallengePurpose, ChallengeVerifier, Clock } from './challenge-types.js';
import { checkClock, checkDuration, readClock } from './clock.js';

/** What a `ChallengeStore` keeps per issued challenge. Every member is a JSON primitive. */
export interface StoredChallenge {
  /** The challenge, base64url, as sent in the options. The store's key. */
  challenge: string;
  purpose: ChallengePurpose;
  /** The user handle or session id the challenge was issued to, if any. */
  binding?: string;
  /** Milliseconds since the epoch; the challenge is valid while `now < expiresAt`. */
  expiresAt: number;
  /** Host data that travels with the challenge (e.g. which flow issued it), up to 4096 characters. */
  context?: string;
}

/**
 * Where issued challenges wait for their one use. `consume` must be atomic: two concurrent calls
 * for one challenge must not both get the record (Redis GETDEL, SQL DELETE ... RETURNING).
 * A store may return an expired record (the verifier checks `expiresAt` itself), and should keep
 * one for a while after it expires (say as long again as its lifetime): the verifier can then
 * report a late answer as 'challenge_expired'. A record forgotten at expiry is still safe, but its
 * challenge is then reported like a forged or replayed one ('challenge_mismatch').
 */
export interface ChallengeStore {
  issue(record: StoredChallenge): Promise<void>;
  /** Removes the record and returns it; undefined when there is none (never issued, used, or forgotten). */
  consume(challenge: string): Promise<StoredChallenge | undefined>;
}

/**
 * Remembers challenges that have been used, until they expire, so a sealed challenge (which needs
 * no store to be issued) can still be used only once. `claim` must be atomic: set-if-absent
 * (Redis SET NX, SQL INSERT ... ON CONFLICT DO NOTHING). A store that cannot record a claim must
 * throw rather than resolve true: forgetting a claim before it expires makes its response replayable.
 */
export interface ReplayStore {
  /** Records the challenge as used until `expiresAt`; false if it was already recorded. */
  claim(challenge: string, expiresAt: number): Promise<boolean>;
}

export interface MemoryChallengeStoreOptions {
  /** Most challenges held at once, for each of issued and used. Default 10 000. */
  maxEntries?: number;
  now?: Clock;
}

/** An issued record, and when the store forgets it: as long again after its expiry as it was valid. */
interface Held {
  record: StoredChallenge;
  forgetAt: number;
}

/**
 * An in-process store for development, tests and single-process servers. Use a shared store (see
 * the README recipes for Redis and SQL) as soon as more than one process serves the ceremonies.
 * Bounded: at most `maxEntries` issued and `maxEntries` used challenges; expired entries are swept
 * on every write.
 *
 * Issued challenges: an expired one is kept as long again as it was valid (unless room is
 * needed), so `storedChallenge` reports a late answer as 'challenge_expired' rather than as
 * unknown. When full, expired ones go first, then the oldest: a flood of options requests can
 * push out a real user's challenge, whose ceremony then fails ('challenge_mismatch') and is retried.
 *
 * Used challenges (`claim`, for sealed challenges): never dropped before they expire, since a
 * forgotten claim would make its response replayable. When every slot holds an unexpired claim,
 * `claim` throws 'challenge_store_full' and sign-ins with sealed challenges fail until claims
 * expire: replay safety comes before availability. Size `maxEntries` for the sign-ins expected
 * within one `maxAgeMs`.
 */
export class MemoryChallengeStore implements ChallengeStore, ReplayStore {
  readonly #issued = new Map<string, Held>();
  readonly #used = new Map<string, number>();
  readonly #maxEntries: number;
  readonly #now: Clock;

  constructor(options: MemoryChallengeStoreOptions = {}) {
    if (typeof options !== 'object' || options === null) throw new WebAuthnError('invalid_options', 'MemoryChallengeStore takes an options object');
    const maxEntries = options.maxEntries ?? 10_000;
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
      throw new WebAuthnError('invalid_options', 'maxEntries must be a positive whole number');
    }
    this.#maxEntries = maxEntries;
    this.#now = checkClock(options.now ?? Date.now);
  }

  /** How many issued and used challenges are held right now (expired ones included until forgotten). */
  get size(): number {
    return this.#issued.size + this.#used.size;
  }

  async issue(record: StoredChallenge): Promise<void> {
    const copy = checkRecord(record);
    const now = this.#sweep();
    this.#issued.delete(copy.challenge);
    this.#makeRoomForIssued(now);
    this.#issued.set(copy.challenge, { record: copy, forgetAt: copy.expiresAt + Math.max(0, copy.expiresAt - now) });
  }

  async consume(challenge: string): Promise<StoredChallenge | undefined> {
    const held = this.#issued.get(challenge);
    this.#issued.delete(challenge);
    if (held === undefined || readClock(this.#now) >= held.forgetAt) return undefined;
    return { ...held.record };
  }

  async claim(challenge: string, expiresAt: number): Promise<boolean> {
    if (typeof challenge !== 'string' || !Number.isSafeInteger(expiresAt)) {
      throw new WebAuthnError('invalid_options', 'claim takes a challenge string and an expiry in milliseconds');
    }
    this.#sweep();
    if (this.#used.has(challenge)) return false;
    // Everything left is an unexpired claim: dropping one would reopen its challenge to replay.
    if (this.#used.size >= this.#maxEntries) {
      throw new WebAuthnError(
        'challenge_store_full',
        `the replay store holds ${this.#maxEntries} unexpired challenges; refusing this one rather than forgetting a used one`,
      );
    }
    this.#used.set(challenge, expiresAt);
    return true;
  }

  /** Forgets issued records past their grace period and expired claims; returns the time used. */
  #sweep(): number {
    const now = readClock(this.#now);
    for (const [key, held] of this.#issued) if (held.forgetAt <= now) this.#issued.delete(key);
    for (const [key, expiresAt] of this.#used) if (expiresAt <= now) this.#used.delete(key);
    return now;
  }

  /** Maps iterate in insertion order: drops expired records first, then the oldest live ones. */
  #makeRoomForIssued(now: number): void {
    for (const [key, held] of this.#issued) {
      if (this.#issued.size < this.#maxEntries) return;
      if (held.record.expiresAt <= now) this.#issued.delete(key);
    }
    for (const key of this.#issued.keys()) {
      if (this.#issued.size < this.#maxEntries) return;
      this.#issued.delete(key);
    }
  }
}

function checkRecord(record: unknown): StoredChallenge {
  if (typeof record !== 'object' || record === null) throw new WebAuthnError('invalid_options', 'a stored challenge must be an object');
  const r = record as Record<string, unknown>;
  if (typeof r.challenge !== 'string' || r.challenge.length === 0) {
    throw new WebAuthnError('invalid_options', 'a stored challenge needs its challenge string');
  }
  if (!Number.isSafeInteger(r.expiresAt)) throw new WebAuthnError('invalid_options', 'expiresAt must be milliseconds since the epoch');
  const out: StoredChallenge = { challenge: r.challenge, purpose: checkPurpose(r.purpose), expiresAt: r.expiresAt as number };
  const binding = checkBinding(r.binding);
  if (binding !== undefined) out.binding = binding;
  if (r.context !== undefined) out.context = checkContext(r.context);
  return out;
}

function checkContext(context: unknown): string {
  if (typeof context !== 'string' || context.length > 4096) {
    throw new WebAuthnError('invalid_options', 'a challenge context must be a string of at most 4096 characters');
  }
  return context;
}

function checkStore(store: unknown): ChallengeStore {
  const s = store as ChallengeStore | null;
  if (typeof s !== 'object' || s === null || typeof s.issue !== 'function' || typeof s.consume !== 'function') {
    throw new WebAuthnError('invalid_options', 'store must implement issue() and consume()');
  }
  return s;
}

export interface IssueChallengeOptions {
  purpose: ChallengePurpose;
  /** Ties the challenge to a user handle or session id; the verifier must then be given the same value. */
  binding?: string;
  /** How long the challenge stays valid. Default 10 minutes. */
  ttlMs?: number;
  /** Random bytes in the challenge. Default 32. */
  bytes?: number;
  /** Host data stored with the challenge and handed to `onConsumed` when it is used. */
  context?: string;
  now?: Clock;
}

/** Generates a challenge, records it in `store` and returns it for the ceremony options. */
export async function issueChallenge(store: ChallengeStore, options: IssueChallengeOptions): Promise<string> {
  const target = checkStore(store);
  const purpose = checkPurpose(options?.purpose);
  const binding = checkBinding(options.binding);
  const ttlMs = checkDuration(options.ttlMs ?? DEFAULT_CHALLENGE_TTL_MS, 'ttlMs');
  const now = readClock(checkClock(options.now ?? Date.now));
  const challenge = generateChallenge(options.bytes);
  const record: StoredChallenge = { challenge, purpose, expiresAt: now + ttlMs };
  if (binding !== undefined) record.binding = binding;
  if (options.context !== undefined) record.context = checkContext(options.context);
  await target.issue(record);
  return challenge;
}

export interface StoredChallengeOptions {
  purpose: ChallengePurpose;
  /** Must equal the binding given at issue (both absent, or the same string). */
  binding?: string;
  /**
   * Called with the record once the challenge has passed every check, before the ceremony goes
   * on: read the `context` you issued it with (which sign-up, which flow) without a second lookup.
   */
  onConsumed?: (record: StoredChallenge) => void;
  now?: Clock;
}

/**
 * A `ChallengeVerifier` backed by a `ChallengeStore`. The challenge is consumed on first sight,
 * whatever the outcome, so it can never be presented twice. Unknown, already used or forgotten
 * challenges resolve false ('challenge_mismatch'); an expired one the store still holds throws
 * 'challenge_expired' (valid while `now < expiresAt`: at `issuedAt + ttlMs - 1` it passes, at
 * `issuedAt + ttlMs` it fails). It resolves plain true, never a two-phase `ChallengeAcceptance`:
 * a `ChallengeStore` has no read-only lookup, only the atomic consume.
 */
export function storedChallenge(store: ChallengeStore, options: StoredChallengeOptions): ChallengeVerifier {
  const source = checkStore(store);
  const purpose = checkPurpose(options?.purpose);
  const binding = checkBinding(options.binding);
  const clock = checkClock(options.now ?? Date.now);
  return async (challenge: string): Promise<boolean> => {
    // Never hand the store a key we could not have issued.
    if (typeof challenge !== 'string' || challenge.length === 0 || challenge.length > MAX_CHALLENGE_LENGTH || !isBase64url(challenge)) {
      return false;
    }
    const found = await source.consume(challenge);
    if (found === undefined) return false;
    const record = checkRecord(found);
    if (!challengesEqual(record.challenge, challenge)) return false;
    if (readClock(clock) >= record.expiresAt) throw new WebAuthnError('challenge_expired', 'the challenge has expired');
    if (record.purpose !== purpose) {
      throw new WebAuthnError('challenge_purpose_mismatch', `the challenge was issued for ${record.purpose}, not ${purpose}`);
    }
    if (!bindingsMatch(record.binding, binding)) {
      throw new WebAuthnError('challenge_binding_mismatch', 'the challenge was issued to another user or session');
    }
    options.onConsumed?.(record);
    return true;
  };
}
