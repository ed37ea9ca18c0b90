/**
 * The contract between challenge handling and the ceremony verifiers: `expectedChallenge` in
 * `verifyRegistrationResponse` and `verifyAuthenticationResponse` is either the exact challenge
 * string or a `ChallengeVerifier`.
 */

/** Which ceremony a challenge was issued for: `create()` (registration) or `get()` (authentication). */
export type ChallengePurpose = 'registration' | 'authentication';

/**
 * A verifier's "valid so far": the challenge passed every check that reads it, and the verifier
 * holds back what would use it up. The ceremony calls `commit` once, as its last step, only after
 * every other check (signature, attestation, counter...) has passed, so a forged or failed
 * response never uses the challenge up. `commit` throws to fail the ceremony ('challenge_replayed'
 * when another response got there first; a store's own failure passes through unchanged).
 * `sealedChallenge` with a `ReplayStore` answers this way. `storedChallenge` does not: a
 * `ChallengeStore` has no read-only lookup, only an atomic consume, so it uses the challenge up at
 * the challenge step, whatever the outcome.
 */
export interface ChallengeAcceptance {
  commit(): void | Promise<void>;
}

/**
 * Checks the challenge the client signed: `clientData.challenge`, the base64url string exactly as
 * received. Resolves true to accept it, false to reject it as 'challenge_mismatch', or a
 * `ChallengeAcceptance` to accept it on condition that its `commit` succeeds once the rest of the
 * ceremony has verified. It may also throw a WebAuthnError ('challenge_expired',
 * 'challenge_invalid', 'challenge_replayed', 'challenge_purpose_mismatch',
 * 'challenge_binding_mismatch', 'challenge_store_full'), which the ceremony passes on unchanged.
 */
export type ChallengeVerifier = (challenge: string) => boolean | ChallengeAcceptance | Promise<boolean | ChallengeAcceptance>;

/** Milliseconds since the Unix epoch, like `Date.now` (the default everywhere). Inject one in tests. */
export type Clock = () => number;
