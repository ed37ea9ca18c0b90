import { WebAuthnError } from '../errors.js';
import type { CredentialRecord } from '../types.js';
import type { Clock } from './challenge-types.js';
import { checkClock, readClock } from './clock.js';
import { checkRecords, indexOfRecord } from './records.js';

/**
 * What a verified sign-in changes in its credential record: the structural part of the
 * authentication verifier's result that `applySignIn` reads.
 */
export interface SignInUpdate {
  /** When given, must be the record's id. */
  credentialId?: string;
  /** authData.signCount of the assertion. */
  signCount: number;
  /** The BS flag of the assertion. */
  backupState: boolean;
  /** True when the assertion had UV set (or the record's uvInitialized after the ceremony). */
  uvInitialized: boolean;
  /**
   * The BE flag of the assertion, reported only for a record that had none (migrated from
   * elsewhere): it is stored then. A record that has one must agree with it.
   */
  backupEligible?: boolean;
  /** ISO 8601 time of the sign-in; default: now. */
  lastUsedAt?: string;
}

/**
 * The record after a verified sign-in (WebAuthn L3 section 7.2, last step: update the credential
 * record with the new state). signCount and backupState are replaced; uvInitialized only ever
 * goes from false to true; backupEligible is filled in when the record had none (one migrated
 * from elsewhere). Returns a new record; store it in place of the old one.
 */
export function applySignIn<T extends Omit<CredentialRecord, 'backupEligible'> & { backupEligible?: boolean }>(
  record: T,
  update: SignInUpdate,
  options: { now?: Clock } = {},
): T & { backupEligible?: boolean } {
  if (typeof record !== 'object' || record === null) throw new WebAuthnError('invalid_options', 'the record must be the stored credential record');
  if (typeof update !== 'object' || update === null) throw new WebAuthnError('invalid_options', 'the sign-in result must be an object');
  if (update.credentialId !== undefined && update.credentialId !== record.id) {
    throw new WebAuthnError('credential_id_mismatch', 'the sign-in result is for another passkey');
  }
  if (!Number.isSafeInteger(update.signCount) || update.signCount < 0 || update.signCount > 0xffffffff) {
    throw new WebAuthnError('invalid_options', 'signCount must be a 32-bit unsigned integer');
  }
  if (typeof update.backupState !== 'boolean' || typeof update.uvInitialized !== 'boolean') {
    throw new WebAuthnError('invalid_options', 'backupState and uvInitialized must be booleans');
  }
  if (update.backupEligible !== undefined && typeof update.backupEligible !== 'boolean') {
    throw new WebAuthnError('invalid_options', 'backupEligible must be a boolean when given');
  }
  if (record.backupEligible !== undefined && typeof record.backupEligible !== 'boolean') {
    throw new WebAuthnError('invalid_options', 'record.backupEligible must be true, false, or absent when it is not known');
  }
  // Section 6.1.3: BE never changes, and BS may only be set on a backup-eligible credential.
  if (record.backupEligible !== undefined && update.backupEligible !== undefined && record.backupEligible !== update.backupEligible) {
    throw new WebAuthnError('backup_eligibility_changed', 'the sign-in reports a BE flag other than the one recorded for this passkey');
  }
  const backupEligible = record.backupEligible ?? update.backupEligible;
  if (update.backupState && backupEligible !== true) {
    throw new WebAuthnError('backup_flags_invalid', 'a passkey that is not backup eligible cannot be backed up');
  }
  let lastUsedAt: string;
  if (update.lastUsedAt === undefined) {
    lastUsedAt = new Date(readClock(checkClock(options.now ?? Date.now))).toISOString();
  } else {
    const t = typeof update.lastUsedAt === 'string' ? Date.parse(update.lastUsedAt) : Number.NaN;
    if (Number.isNaN(t)) throw new WebAuthnError('invalid_options', 'lastUsedAt must be an ISO 8601 time');
    lastUsedAt = new Date(t).toISOString();
  }
  return {
    ...record,
    ...(backupEligible === undefined ? {} : { backupEligible }),
    signCount: update.signCount,
    backupState: update.backupState,
    uvInitialized: record.uvInitialized === true || update.uvInitialized,
    lastUsedAt,
  };
}

export const MAX_PASSKEY_NAME_LENGTH = 64;

// C0/C1 controls, line and paragraph separators, and bidi overrides and isolates (which can make
// a name display as something else). Joiners and variation selectors stay: emoji need them.
const FORBIDDEN_IN_NAME = /[\p{Cc}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069]/u;

/**
 * The record with a user-chosen name. The name is trimmed and NFC-normalised, must be 1 to 64
 * characters (code points) and may hold no control characters; otherwise 'invalid_options'.
 */
export function renamePasskey<T extends { name?: string }>(record: T, name: unknown): T {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw new WebAuthnError('invalid_options', 'the record must be the stored credential record');
  }
  if (typeof name !== 'string') throw new WebAuthnError('invalid_options', 'a passkey name must be a string');
  const clean = name.normalize('NFC').trim();
  const length = [...clean].length;
  if (length === 0 || length > MAX_PASSKEY_NAME_LENGTH) {
    throw new WebAuthnError('invalid_options', `a passkey name must have 1 to ${MAX_PASSKEY_NAME_LENGTH} characters`);
  }
  if (FORBIDDEN_IN_NAME.test(clean)) throw new WebAuthnError('invalid_options', 'a passkey name may not contain control characters');
  return { ...record, name: clean };
}

/**
 * The account's records without passkey `id` ('unknown_credential' if absent). It does not refuse
 * to delete the last passkey: ask `deletionImpact` first, and afterwards tell the user's
 * authenticators with `signalAllAcceptedCredentials`.
 */
export function removePasskey<T extends { id: string }>(records: readonly T[], id: string): T[] {
  checkRecords(records);
  const index = indexOfRecord(records, id);
  return records.filter((_, i) => i !== index);
}
