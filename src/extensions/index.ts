export {
  authenticationExtensions,
  registrationExtensions,
  type AuthenticationExtensionInputs,
  type BinaryInput,
  type PrfInputValues,
  type RegistrationExtensionInputs,
} from './inputs.js';
export { parseClientExtensionResults, type ClientExtensionResults } from './client-outputs.js';
export { parseAuthenticatorExtensions, type AuthenticatorExtensionOutputs } from './authenticator-outputs.js';
export { appIdForAssertion, checkAppId, effectiveRpIdHashes } from './appid.js';
export { credProtectLevel, credProtectPolicyName, type CredentialProtectionPolicy, type CredProtectLevel } from './cred-protect.js';
export type { UnsolicitedExtensionPolicy } from './policy.js';
