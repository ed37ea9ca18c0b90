import { WebAuthnError } from '../errors.js';
import { toBase64url } from '../encoding/base64url.js';
import { randomBytes, timingSafeEqual, utf8 } from '../encoding/bytes.js';

/** 32 random bytes: twice the floor of WebAuthn L3 section 13.4.3. */
export const DEFAULT_CHALLENGE_BYTES = 32;
/** WebAuthn L3 section 13.4.3: challenges SHOULD be at least 16 bytes, so that guessing one is infeasible. */
export const MIN_CHALLENGE_BYTES = 16;
export const MAX_CHALLENGE_BYTES = 1024;
/** Ten minutes: how long an issued challenge stays valid unless the host chooses otherwise. */
export const DEFAULT_CHALLENGE_TTL_MS = 10 * 60 * 1000;
/** The longest challenge string a verifier looks at (base64url of MAX_CHALLENGE_BYTES). */
export const MAX_CHALLENGE_LENGTH = Math.ceil((MAX_CHALLENGE_BYTES * 4) / 3);

/**
 * A fresh random challenge, base64url. Generated on the server (WebAuthn L3 section 13.4.3: "in an
 * environment they trust"), never taken from the client.
 */
export function generateChallenge(bytes: number = DEFAULT_CHALLENGE_BYTES): string {
  if (!Number.isSafeInteger(bytes) || bytes < MIN_CHALLENGE_BYTES || bytes > MAX_CHALLENGE_BYTES) {
    throw new WebAuthnError(
      'invalid_options',
      `a challenge must have ${MIN_CHALLENGE_BYTES} to ${MAX_CHALLENGE_BYTES} random bytes`,
    );
  }
  return toBase64url(randomBytes(bytes));
}

/**
 * Compares two challenge strings without an early exit (only their lengths leak), so an attacker
 * cannot learn an outstanding challenge byte by byte from response times. Non-strings are never equal.
 */
export function challengesEqual(a: unknown, b: unknown): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  return timingSafeEqual(utf8(a), utf8(b));
}
