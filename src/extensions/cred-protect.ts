import type { AuthenticationExtensionsClientInputsJSON } from '../types.js';

/**
 * credProtect (CTAP 2.1 §12.1): the protection the authenticator applies to a new credential.
 * Level 1 is the default; 2 hides a discoverable credential from requests without its ID unless
 * the user is verified; 3 always requires user verification.
 */
export type CredentialProtectionPolicy = NonNullable<AuthenticationExtensionsClientInputsJSON['credentialProtectionPolicy']>;
export type CredProtectLevel = 1 | 2 | 3;

const LEVELS: Readonly<Record<CredentialProtectionPolicy, CredProtectLevel>> = {
  userVerificationOptional: 1,
  userVerificationOptionalWithCredentialIDList: 2,
  userVerificationRequired: 3,
};

/** The authenticator's level for a policy name, or undefined for an unknown name. */
export function credProtectLevel(policy: unknown): CredProtectLevel | undefined {
  return typeof policy === 'string' && Object.hasOwn(LEVELS, policy) ? LEVELS[policy as CredentialProtectionPolicy] : undefined;
}

/** The policy name for a level the authenticator reported. */
export function credProtectPolicyName(level: CredProtectLevel): CredentialProtectionPolicy {
  return (Object.keys(LEVELS) as CredentialProtectionPolicy[]).find((name) => LEVELS[name] === level)!;
}
