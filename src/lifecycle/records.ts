import { WebAuthnError } from '../errors.js';

/** Checks that `records` is a list of objects with string ids: the one shape every helper here relies on. */
export function checkRecords<T extends { id: string }>(records: readonly T[]): readonly T[] {
  if (!Array.isArray(records)) throw new WebAuthnError('invalid_options', 'records must be an array of credential records');
  for (const r of records) {
    if (typeof r !== 'object' || r === null || typeof r.id !== 'string') {
      throw new WebAuthnError('invalid_options', 'each credential record needs a string id');
    }
  }
  return records;
}

export function indexOfRecord(records: readonly { id: string }[], id: unknown): number {
  const index = typeof id === 'string' ? records.findIndex((r) => r.id === id) : -1;
  if (index < 0) throw new WebAuthnError('unknown_credential', 'no passkey with this id in the account');
  return index;
}
