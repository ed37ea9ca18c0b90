import { knownAaguid } from '../lifecycle/aaguid.js';
import { WebAuthnError } from '../errors.js';
import { checkBlob, isRecord, type MetadataBlob, type MetadataBlobEntry, type StatusReport } from './statement.js';

/** Finding a FIDO2 authenticator model's entry in a verified BLOB, and reading its current status. */

const indexes = new WeakMap<MetadataBlob, ReadonlyMap<string, MetadataBlobEntry>>();

function indexOf(blob: MetadataBlob): ReadonlyMap<string, MetadataBlobEntry> {
  let index = indexes.get(blob);
  if (!index) {
    // Only FIDO2 entries have an AAGUID; UAF (aaid) and U2F (key identifier) entries are not indexed.
    index = new Map(blob.entries.flatMap((entry) => (entry.aaguid === undefined ? [] : [[entry.aaguid.toLowerCase(), entry] as const])));
    indexes.set(blob, index);
  }
  return index;
}

/**
 * The BLOB's entry for an AAGUID (UUID text, any case), or undefined when it has none. The all-zero
 * AAGUID of an authenticator that discloses no model never matches.
 */
export function metadataEntry(blob: MetadataBlob, aaguid: string): MetadataBlobEntry | undefined {
  checkBlob(blob, 'metadataEntry');
  const key = knownAaguid(aaguid);
  return key === undefined ? undefined : indexOf(blob).get(key);
}

function effectiveTime(report: StatusReport): number {
  return report.effectiveDate === undefined ? Number.NEGATIVE_INFINITY : Date.parse(report.effectiveDate);
}

/**
 * The entry's current status report: the one with the latest effectiveDate; among reports of the
 * same date (or without one) the later in the list. Undefined when the entry has none.
 */
export function latestStatusReport(entry: MetadataBlobEntry): StatusReport | undefined {
  if (!isRecord(entry) || !Array.isArray(entry.statusReports)) throw new WebAuthnError('invalid_options', 'latestStatusReport: not a metadata BLOB entry');
  let latest: StatusReport | undefined;
  for (const report of entry.statusReports) {
    if (latest === undefined || effectiveTime(report) >= effectiveTime(latest)) latest = report;
  }
  return latest;
}
