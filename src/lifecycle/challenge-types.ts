/**
 * The contract between challenge handling and the ceremony verifiers: `expectedChallenge` in
 * `verifyRegistrationResponse` and `verifyAuthenticationResponse` is either the exact challenge
 * string or a `ChallengeVerifier`.
 */

/** Which ceremony a challenge was issued for: `create()` (registration) or `get()` (authentication). */
export type ChallengePurpose = 'registration' | 'authentication';

/**
 * Checks the challenge the client signed: `clientData.challenge`, the base64url string exactly as
 * received. Resolves true to accept it and false to reject it as 'challenge_mismatch'. It may
 * also throw a WebAuthnError ('challenge_expired', 'challenge_invalid', 'challenge_replayed',
 * 'challenge_purpose_mismatch', 'challenge_binding_mismatch', 'challenge_store_full'), which the
 * ceremony passes on unchanged.
 */
export type ChallengeVerifier = (challenge: string) => boolean | Promise<boolean>;

/** Milliseconds since the Unix epoch, like `Date.now` (the default everywhere). Inject one in tests. */
export type Clock = () => number;
