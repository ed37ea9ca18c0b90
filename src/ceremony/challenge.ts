import { WebAuthnError } from '../errors.js';
import { fromBase64url, toBase64url } from '../encoding/base64url.js';
import { timingSafeEqual, utf8 } from '../encoding/bytes.js';
import type { ChallengeAcceptance, ChallengeVerifier } from '../lifecycle/challenge-types.js';

/** What a verifier accepts as the expected challenge: the base64url string sent, or a verifier function. */
export type ExpectedChallenge = string | ChallengeVerifier;

/** What `checkChallenge` hands back: run it as the ceremony's last step, once everything else verified. */
export type CommitChallenge = () => Promise<void>;

const NOTHING_TO_COMMIT: CommitChallenge = async () => {};

/**
 * Checks C.challenge (7.1 step 8, 7.2 step 11). Strings compare in constant time; a verifier
 * function (stored or sealed challenges) may return false or throw its own WebAuthnError
 * (expired, replayed, wrong purpose...). False means the challenge is unknown: never issued,
 * already used, or expired and already forgotten by the store. Anything else the function throws
 * (a store that is down, a bug) passes through unchanged: it is the server's failure, not the
 * client's, and must not be answered as a refused challenge.
 *
 * Returns the commit of a two-phase answer (`ChallengeAcceptance`), or a no-op: the caller runs
 * it after every other check, so only a verified ceremony uses the challenge up.
 */
export async function checkChallenge(received: string, expected: ExpectedChallenge, step: string): Promise<CommitChallenge> {
  if (typeof expected === 'function') {
    const answer: unknown = await expected(received);
    if (answer === true) return NOTHING_TO_COMMIT;
    if (typeof answer === 'object' && answer !== null) {
      const acceptance = answer as ChallengeAcceptance;
      if (typeof acceptance.commit !== 'function') {
        throw new WebAuthnError('invalid_options', 'expectedChallenge returned an object without a commit() function');
      }
      return async () => acceptance.commit();
    }
    throw new WebAuthnError('challenge_mismatch', 'the challenge is unknown, already used or expired', { step });
  }
  if (typeof expected !== 'string' || expected.length === 0) {
    throw new WebAuthnError('invalid_options', 'expectedChallenge must be a base64url string or a function');
  }
  // Compare the base64url text itself: clientData carries exactly the encoding of the bytes sent.
  if (!timingSafeEqual(utf8(received), utf8(expected))) {
    throw new WebAuthnError('challenge_mismatch', 'clientDataJSON.challenge is not the challenge this ceremony issued', { step });
  }
  return NOTHING_TO_COMMIT;
}

/** Validates a challenge given to an options builder; returns its base64url form. */
export function normaliseChallenge(challenge: string | Uint8Array): string {
  if (typeof challenge === 'string') {
    const bytes = fromBase64url(challenge, 'challenge');
    if (bytes.length < 16) throw new WebAuthnError('invalid_options', 'challenge must be at least 16 bytes');
    return challenge;
  }
  if (!(challenge instanceof Uint8Array) || challenge.length < 16) {
    throw new WebAuthnError('invalid_options', 'challenge must be at least 16 bytes');
  }
  return toBase64url(challenge);
}
