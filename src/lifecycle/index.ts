export type { ChallengeAcceptance, ChallengePurpose, ChallengeVerifier, Clock } from './challenge-types.js';
export {
  challengesEqual,
  DEFAULT_CHALLENGE_BYTES,
  DEFAULT_CHALLENGE_TTL_MS,
  generateChallenge,
  MAX_CHALLENGE_BYTES,
  MIN_CHALLENGE_BYTES,
} from './challenge.js';
export {
  issueChallenge,
  MemoryChallengeStore,
  storedChallenge,
  type ChallengeStore,
  type IssueChallengeOptions,
  type MemoryChallengeStoreOptions,
  type ReplayStore,
  type StoredChallenge,
  type StoredChallengeOptions,
} from './challenge-store.js';
export {
  DEFAULT_CLOCK_SKEW_MS,
  MIN_SECRET_BYTES,
  sealChallenge,
  sealedChallenge,
  type ChallengeSecret,
  type SealChallengeOptions,
  type SealedChallengeOptions,
} from './sealed-challenge.js';
export { excludeCredentialsFor } from './exclude-credentials.js';
export {
  canRetirePassword,
  deletionImpact,
  onDifferentAuthenticators,
  shouldOfferBackupPasskey,
  type AdviceRecord,
  type DeletionImpact,
} from './advice.js';
export {
  fallbackProviderName,
  providerFor,
  type ProviderDirectory,
  type ProviderEntryJSON,
  type ProviderInfo,
  type ProviderLookupOptions,
} from './providers.js';
export { describePasskey, type DescribePasskeyOptions, type PasskeyView } from './describe.js';
export { applySignIn, MAX_PASSKEY_NAME_LENGTH, removePasskey, renamePasskey, type SignInUpdate } from './manage.js';
export {
  signalAllAcceptedCredentials,
  signalCurrentUserDetails,
  signalUnknownCredential,
  type AllAcceptedCredentialsOptions,
  type CurrentUserDetailsOptions,
  type SignalSession,
  type UnknownCredentialOptions,
} from './signal.js';
export { importCredentialRecord, type ImportCredentialInput, type ImportCredentialOptions } from './import-record.js';
