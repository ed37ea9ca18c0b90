import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { WebAuthnError } from '../errors.js';
import { fromBase64url, toBase64url } from '../encoding/base64url.js';
import { concat, randomBytes, timingSafeEqual, utf8 } from '../encoding/bytes.js';
import { DEFAULT_CHALLENGE_TTL_MS } from './challenge.js';
import { checkBinding, checkPurpose } from './challenge-options.js';
import type { ReplayStore } from './challenge-store.js';
import type { ChallengeAcceptance, ChallengePurpose, ChallengeVerifier, Clock } from './challenge-types.js';
import { checkClock, checkDuration, readClock } from './clock.js';

/**
 * Stateless ("sealed") challenges: the challenge carries its issue time, purpose and a MAC under a
 * server secret, so any server holding the secret can tell that it issued the challenge, for what,
 * to whom and how long ago, without a lookup. It cannot tell whether the challenge was already
 * used: for single use, pass a `ReplayStore` to the verifier, which claims the challenge only
 * once the whole ceremony has verified.
 *
 * Layout (version 1), base64url of 41 bytes, or 57 when bound:
 *   version (1) | issuedAt ms, uint48 big-endian (6) | purpose (1) | flags (1) | random (16)
 *   | tag (16) | binding tag (16, only when flags bit 0 is set)
 * tag         = HMAC-SHA-256(secret, TAG_LABEL || first 25 bytes), first 16 bytes
 * binding tag = HMAC-SHA-256(secret, BINDING_LABEL || first 25 bytes || UTF-8 binding), first 16 bytes
 * The random part keeps the 16 bytes of entropy WebAuthn L3 section 13.4.3 asks of a challenge.
 * The binding is only MACed, never carried, and its separate tag lets a wrong binding be told
 * apart from tampering.
 */

/** A secret of at least 32 bytes, or several for rotation: the first seals, every one verifies. */
export type ChallengeSecret = Uint8Array | readonly Uint8Array[];

export const MIN_SECRET_BYTES = 32;
/** How far in the future an issue time may be (clocks of different servers drift). Default 1 minute. */
export const DEFAULT_CLOCK_SKEW_MS = 60 * 1000;

const VERSION = 1;
const HEADER = 25;
const TAG = 16;
const UNBOUND_LENGTH = HEADER + TAG;
const BOUND_LENGTH = UNBOUND_LENGTH + TAG;
const FLAG_BOUND = 1;
const TAG_LABEL = utf8('passkey-rp sealed challenge v1\0');
const BINDING_LABEL = utf8('passkey-rp sealed challenge binding v1\0');
const PURPOSE_CODES: Record<ChallengePurpose, number> = { registration: 1, authentication: 2 };
const MAX_ISSUED_AT = 2 ** 48;

function checkSecrets(secret: unknown): Uint8Array[] {
  const list = secret instanceof Uint8Array ? [secret] : Array.isArray(secret) ? (secret as unknown[]) : [];
  if (list.length === 0) throw new WebAuthnError('invalid_options', 'secret must be a Uint8Array or a non-empty array of them');
  for (const s of list) {
    if (!(s instanceof Uint8Array) || s.length < MIN_SECRET_BYTES) {
      throw new WebAuthnError('invalid_options', `each secret must be a Uint8Array of at least ${MIN_SECRET_BYTES} random bytes`);
    }
  }
  return (list as Uint8Array[]).map((s) => new Uint8Array(s));
}

function mac(key: Uint8Array, label: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  return hmac(sha256, key, concat(label, ...parts)).subarray(0, TAG);
}

export interface SealChallengeOptions {
  secret: ChallengeSecret;
  purpose: ChallengePurpose;
  /** Ties the challenge to a user handle or session id; the verifier must then be given the same value. */
  binding?: string;
  now?: Clock;
}

/** Creates a sealed challenge for the ceremony options. */
export function sealChallenge(options: SealChallengeOptions): string {
  const [key] = checkSecrets(options?.secret);
  const purpose = checkPurpose(options.purpose);
  const binding = checkBinding(options.binding);
  const issuedAt = readClock(checkClock(options.now ?? Date.now));
  if (issuedAt >= MAX_ISSUED_AT) throw new WebAuthnError('invalid_options', 'the clock is past what a sealed challenge can hold');
  const header = new Uint8Array(HEADER);
  header[0] = VERSION;
  let t = issuedAt;
  for (let i = 6; i >= 1; i--) {
    header[i] = t % 256;
    t = Math.floor(t / 256);
  }
  header[7] = PURPOSE_CODES[purpose];
  header[8] = binding === undefined ? 0 : FLAG_BOUND;
  header.set(randomBytes(16), 9);
  const tag = mac(key!, TAG_LABEL, header);
  const sealed = binding === undefined ? concat(header, tag) : concat(header, tag, mac(key!, BINDING_LABEL, header, utf8(binding)));
  return toBase64url(sealed);
}

export interface SealedChallengeOptions {
  secret: ChallengeSecret;
  purpose: ChallengePurpose;
  /** Must equal the binding given when sealing (both absent, or the same string). */
  binding?: string;
  /** Age at which the challenge expires. Default 10 minutes. */
  maxAgeMs?: number;
  /** Tolerance for an issue time ahead of this server's clock. Default 1 minute. */
  maxClockSkewMs?: number;
  /** Records the challenge of each verified ceremony until it expires, so it is accepted only once. */
  store?: ReplayStore;
  now?: Clock;
}

function invalid(message: string): never {
  throw new WebAuthnError('challenge_invalid', `sealed challenge ${message}`);
}

/**
 * A `ChallengeVerifier` for sealed challenges. Checks, in order: encoding and version, the tag
 * under any of the secrets ('challenge_invalid'), the purpose ('challenge_purpose_mismatch'), the
 * issue time (more than `maxClockSkewMs` ahead: 'challenge_invalid'; `now - issuedAt >= maxAgeMs`:
 * 'challenge_expired') and the binding ('challenge_binding_mismatch'). These only read the
 * challenge. Without a `store` it then resolves true, and a sealed challenge can be replayed until
 * it expires. With a `store` it resolves a `ChallengeAcceptance` whose `commit`, which the ceremony
 * runs after the signature and every other check, claims the challenge: 'challenge_replayed' if
 * it was claimed before; a store that cannot record the claim throws (MemoryChallengeStore:
 * 'challenge_store_full'), failing the ceremony. A forged response around a genuine challenge, or
 * a genuine one that fails a later check, thus claims nothing.
 */
export function sealedChallenge(options: SealedChallengeOptions): ChallengeVerifier {
  const keys = checkSecrets(options?.secret);
  const purpose = checkPurpose(options.purpose);
  const binding = checkBinding(options.binding);
  const maxAgeMs = checkDuration(options.maxAgeMs ?? DEFAULT_CHALLENGE_TTL_MS, 'maxAgeMs');
  const maxSkewMs = checkDuration(options.maxClockSkewMs ?? DEFAULT_CLOCK_SKEW_MS, 'maxClockSkewMs', 0);
  const clock = checkClock(options.now ?? Date.now);
  const store = options.store;
  if (store !== undefined && (typeof store !== 'object' || store === null || typeof store.claim !== 'function')) {
    throw new WebAuthnError('invalid_options', 'store must implement claim()');
  }

  return async (challenge: string): Promise<true | ChallengeAcceptance> => {
    if (typeof challenge !== 'string' || challenge.length > Math.ceil((BOUND_LENGTH * 4) / 3)) invalid('has the wrong length');
    let bytes: Uint8Array;
    try {
      bytes = fromBase64url(challenge, 'challenge');
    } catch {
      invalid('is not base64url');
    }
    if (bytes.length !== UNBOUND_LENGTH && bytes.length !== BOUND_LENGTH) invalid('has the wrong length');
    if (bytes[0] !== VERSION) invalid('has an unknown version');
    const flags = bytes[8]!;
    if ((flags & ~FLAG_BOUND) !== 0 || (flags === FLAG_BOUND) !== (bytes.length === BOUND_LENGTH)) invalid('has bad flags');

    const header = bytes.subarray(0, HEADER);
    const tag = bytes.subarray(HEADER, UNBOUND_LENGTH);
    const key = keys.find((k) => timingSafeEqual(mac(k, TAG_LABEL, header), tag));
    if (key === undefined) invalid('was not sealed with this secret, or was altered');

    // Authentic from here on: the fields below were written by sealChallenge.
    const sealedPurpose = bytes[7] === PURPOSE_CODES.registration ? 'registration' : bytes[7] === PURPOSE_CODES.authentication ? 'authentication' : undefined;
    if (sealedPurpose === undefined) invalid('has an unknown purpose');
    if (sealedPurpose !== purpose) {
      throw new WebAuthnError('challenge_purpose_mismatch', `the challenge was issued for ${sealedPurpose}, not ${purpose}`);
    }

    let issuedAt = 0;
    for (let i = 1; i <= 6; i++) issuedAt = issuedAt * 256 + bytes[i]!;
    const now = readClock(clock);
    if (issuedAt > now + maxSkewMs) invalid('was issued in the future (check the servers\' clocks)');
    if (now - issuedAt >= maxAgeMs) throw new WebAuthnError('challenge_expired', 'the challenge has expired');

    const bound = bytes.length === BOUND_LENGTH;
    const bindingOk = bound
      ? binding !== undefined && timingSafeEqual(mac(key, BINDING_LABEL, header, utf8(binding)), bytes.subarray(UNBOUND_LENGTH))
      : binding === undefined;
    if (!bindingOk) throw new WebAuthnError('challenge_binding_mismatch', 'the challenge was issued to another user or session');

    if (store === undefined) return true;
    // Held as used for as long as any server may still accept it: a server whose clock runs up to
    // maxSkewMs behind this one's still sees the challenge as live after issuedAt + maxAgeMs.
    const expiresAt = issuedAt + maxAgeMs + maxSkewMs;
    return {
      async commit(): Promise<void> {
        if (!(await store.claim(challenge, expiresAt))) throw new WebAuthnError('challenge_replayed', 'the challenge was already used');
      },
    };
  };
}
