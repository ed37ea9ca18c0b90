import { knownAaguid } from '../lifecycle/aaguid.js';
import { WebAuthnError } from '../errors.js';
import { checkBlob, isRecord, type MetadataBlob, type MetadataBlobEntry, type StatusReport } from './statement.js';

/**
 * Finding an authenticator model's entry in a verified BLOB: FIDO2 entries by AAGUID, FIDO U2F
 * entries by attestation certificate key identifier (MDS 3.0 section 3.1.1). UAF entries (aaid)
 * are not indexed.
 */

interface EntryIndex {
  byAaguid: ReadonlyMap<string, MetadataBlobEntry>;
  /** Lowercase hex key identifier to every entry that lists it (several: it names no model for certain). */
  byKeyIdentifier: ReadonlyMap<string, readonly MetadataBlobEntry[]>;
}

const indexes = new WeakMap<MetadataBlob, EntryIndex>();
const HEX = /^[0-9a-f]+$/;

function buildIndex(blob: MetadataBlob): EntryIndex {
  const byAaguid = new Map<string, MetadataBlobEntry>();
  const byKeyIdentifier = new Map<string, MetadataBlobEntry[]>();
  for (const entry of blob.entries) {
    if (entry.aaguid !== undefined) byAaguid.set(entry.aaguid.toLowerCase(), entry);
    // Section 3.1.1 wants these lowercase; a BLOB that has them in uppercase still names the same keys.
    for (const identifier of new Set((entry.attestationCertificateKeyIdentifiers ?? []).map((id) => id.toLowerCase()))) {
      const listed = byKeyIdentifier.get(identifier);
      if (listed) listed.push(entry);
      else byKeyIdentifier.set(identifier, [entry]);
    }
  }
  return { byAaguid, byKeyIdentifier };
}

function indexOf(blob: MetadataBlob): EntryIndex {
  let index = indexes.get(blob);
  if (!index) {
    index = buildIndex(blob);
    indexes.set(blob, index);
  }
  return index;
}

/** Indexes a BLOB's entries once, as it is read (verifyMetadataBlob), and returns the BLOB. */
export function indexEntries(blob: MetadataBlob): MetadataBlob {
  indexOf(blob);
  return blob;
}

/**
 * The BLOB's entry for an AAGUID (UUID text, any case), or undefined when it has none. The all-zero
 * AAGUID of an authenticator that discloses no model never matches.
 */
export function metadataEntry(blob: MetadataBlob, aaguid: string): MetadataBlobEntry | undefined {
  checkBlob(blob, 'metadataEntry');
  const key = knownAaguid(aaguid);
  return key === undefined ? undefined : indexOf(blob).byAaguid.get(key);
}

/**
 * Every entry that lists an attestation certificate key identifier (hex, any case) in its
 * `attestationCertificateKeyIdentifiers`: none, one, or (against section 3.1.1's "should be
 * unique") several.
 */
export function entriesForKeyIdentifier(blob: MetadataBlob, keyIdentifier: string): readonly MetadataBlobEntry[] {
  const key = typeof keyIdentifier === 'string' ? keyIdentifier.toLowerCase() : '';
  return HEX.test(key) ? (indexOf(blob).byKeyIdentifier.get(key) ?? []) : [];
}

/**
 * The BLOB's entry for a FIDO U2F attestation certificate, by its key identifier (lowercase hex
 * SHA-1 of the certificate's subjectPublicKey, RFC 5280 section 4.2.1.2 method 1, as MDS 3.0
 * section 3.1.1 lists them); undefined when no entry lists it, or when several do.
 */
export function metadataEntryByKeyIdentifier(blob: MetadataBlob, keyIdentifier: string): MetadataBlobEntry | undefined {
  checkBlob(blob, 'metadataEntryByKeyIdentifier');
  const entries = entriesForKeyIdentifier(blob, keyIdentifier);
  return entries.length === 1 ? entries[0] : undefined;
}

function effectiveTime(report: StatusReport): number {
  return report.effectiveDate === undefined ? Number.NEGATIVE_INFINITY : Date.parse(report.effectiveDate);
}

/**
 * The entry's most recent status report, for display: the one with the latest effectiveDate; among
 * reports of the same date (or without one) the later in the list. Undefined when the entry has
 * none. It is not what `metadataTrustAnchors` decides by: a security notification stays in force
 * when a later report follows it, and an undated one is in effect while listed (see status.ts).
 */
export function latestStatusReport(entry: MetadataBlobEntry): StatusReport | undefined {
  if (!isRecord(entry) || !Array.isArray(entry.statusReports)) throw new WebAuthnError('invalid_options', 'latestStatusReport: not a metadata BLOB entry');
  let latest: StatusReport | undefined;
  for (const report of entry.statusReports) {
    if (latest === undefined || effectiveTime(report) >= effectiveTime(latest)) latest = report;
  }
  return latest;
}
