import type { CredentialRecord } from '../types.js';
import { knownAaguid } from './aaguid.js';
import { checkRecords, indexOfRecord } from './records.js';

/**
 * Advice over one account's credential records, for the prompts the passkey guidance asks for:
 * invite a backup passkey, retire the password, warn before a deletion.
 */

/** The members of a credential record the advice reads. */
export type AdviceRecord = Pick<CredentialRecord, 'id' | 'aaguid' | 'backupEligible' | 'backupState' | 'transports'>;

/**
 * True only when the records give positive evidence that two passkeys live on different
 * authenticators; records cannot say for certain, so without evidence two passkeys count as
 * possibly one. Evidence is:
 *  - both AAGUIDs are disclosed and differ (two models or two providers), or
 *  - at least one AAGUID is all zeros (common with attestation "none") and both records list
 *    transports with none in common (say ["nfc", "usb"] and ["internal"]).
 * The same disclosed AAGUID is one model or provider: two security keys of the same model count
 * as possibly one authenticator, and so do two passkeys in one sync provider. Authenticator
 * attachment is not evidence: one phone passkey reports "platform" on the phone and
 * "cross-platform" when used from a laptop. Every error is on the side of keeping the password.
 */
export function onDifferentAuthenticators(a: AdviceRecord, b: AdviceRecord): boolean {
  const aaguidA = knownAaguid(a.aaguid);
  const aaguidB = knownAaguid(b.aaguid);
  if (aaguidA !== undefined && aaguidB !== undefined) return aaguidA !== aaguidB;
  const transportsA = Array.isArray(a.transports) ? a.transports : [];
  const transportsB = Array.isArray(b.transports) ? b.transports : [];
  return transportsA.length > 0 && transportsB.length > 0 && !transportsA.some((t) => transportsB.includes(t));
}

function onSeveralAuthenticators(records: readonly AdviceRecord[]): boolean {
  for (let i = 0; i < records.length; i++) {
    for (let j = i + 1; j < records.length; j++) if (onDifferentAuthenticators(records[i]!, records[j]!)) return true;
  }
  return false;
}

/**
 * Should the user be invited to add a backup passkey? Yes when the account has passkeys, none of
 * them can be synced (backup eligible, the BE flag) and they may all sit on one authenticator:
 * losing that device would lose every passkey. An account without passkeys gets false (offer a
 * first passkey instead).
 */
export function shouldOfferBackupPasskey(records: readonly AdviceRecord[]): boolean {
  checkRecords(records);
  return records.length > 0 && !records.some((r) => r.backupEligible === true) && !onSeveralAuthenticators(records);
}

/**
 * Can the account's password be retired? Yes when losing one device cannot lock the user out:
 * a passkey is backed up (the BS flag at its last use), or two passkeys are on different
 * authenticators. The host still decides about account recovery.
 */
export function canRetirePassword(records: readonly AdviceRecord[]): boolean {
  checkRecords(records);
  return records.some((r) => r.backupState === true) || onSeveralAuthenticators(records);
}

export interface DeletionImpact {
  /** How many passkeys the account keeps. */
  remaining: number;
  /** The passkey is the account's only one: without a password or recovery path the user is locked out. */
  isLast: boolean;
  /** The account's passkeys could replace a password before the deletion (`canRetirePassword`) and not after. */
  losesBackup: boolean;
  /** What to warn about, the most serious first; undefined when the deletion is harmless. */
  warning: 'last-passkey' | 'no-backup-left' | undefined;
}

/** What deleting passkey `id` would leave. Throws 'unknown_credential' when the account has no such passkey. */
export function deletionImpact(records: readonly AdviceRecord[], id: string): DeletionImpact {
  checkRecords(records);
  const index = indexOfRecord(records, id);
  const after = records.filter((_, i) => i !== index);
  const isLast = after.length === 0;
  const losesBackup = !isLast && canRetirePassword(records) && !canRetirePassword(after);
  return {
    remaining: after.length,
    isLast,
    losesBackup,
    warning: isLast ? 'last-passkey' : losesBackup ? 'no-backup-left' : undefined,
  };
}
