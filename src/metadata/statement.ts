import { WebAuthnError } from '../errors.js';
import { decodeBase64 } from '../attestation/jws.js';
import { MAX_CERTIFICATE_SIZE } from '../x509/index.js';

/**
 * The dictionaries of a FIDO Metadata Service BLOB payload (MDS 3.0 section 3.1) and of the
 * metadata statements it carries (FIDO Metadata Statement 3.0 section 4), and their readers.
 * Only the members typed below are checked and typed; every other member is kept as the BLOB has
 * it (index signature `unknown`), so statuses and members of later MDS versions do not break a BLOB.
 */

/** AuthenticatorStatus values (MDS 3.0 section 3.1.4). A BLOB may carry statuses defined later. */
export const METADATA_STATUSES = [
  'NOT_FIDO_CERTIFIED',
  'FIDO_CERTIFIED',
  'USER_VERIFICATION_BYPASS',
  'ATTESTATION_KEY_COMPROMISE',
  'USER_KEY_REMOTE_COMPROMISE',
  'USER_KEY_PHYSICAL_COMPROMISE',
  'UPDATE_AVAILABLE',
  'REVOKED',
  'SELF_ASSERTION_SUBMITTED',
  'FIDO_CERTIFIED_L1',
  'FIDO_CERTIFIED_L1plus',
  'FIDO_CERTIFIED_L2',
  'FIDO_CERTIFIED_L2plus',
  'FIDO_CERTIFIED_L3',
  'FIDO_CERTIFIED_L3plus',
] as const;
export type MetadataStatus = (typeof METADATA_STATUSES)[number];

/** Most attestation root certificates one statement may list. */
export const MAX_ATTESTATION_ROOT_CERTIFICATES = 64;
/** Most status reports one entry may carry. */
export const MAX_STATUS_REPORTS = 256;

/** StatusReport (MDS 3.0 section 3.1.3). */
export interface StatusReport {
  /** A MetadataStatus, or a status a later MDS version defines. */
  status: MetadataStatus | (string & {});
  /** ISO 8601 date since when the status applies, e.g. "2023-05-10". */
  effectiveDate?: string;
  /** The authenticatorVersion the report relates to. */
  authenticatorVersion?: number;
  /**
   * Base64 DER certificate the status relates to, e.g. for ATTESTATION_KEY_COMPROMISE the
   * compromised batch's (metadataTrustAnchors compares its key; only its type is checked on reading).
   */
  certificate?: string;
  /** Where to read more about the status. */
  url?: string;
  readonly [member: string]: unknown;
}

/** A metadata statement (FIDO Metadata Statement 3.0 section 4): what the MDS says of one model. */
export interface MetadataStatement {
  /** Lowercase or uppercase UUID text, as the BLOB has it; FIDO2 authenticators only. */
  aaguid?: string;
  /** A short human-readable description in English, e.g. "YubiKey 5 Series". */
  description: string;
  /** The earliest trustworthy firmware version this statement describes. */
  authenticatorVersion: number;
  /** "fido2", "u2f" or "uaf". */
  protocolFamily: string;
  /** "basic_full", "basic_surrogate", "attca", "anonca", "none", ... (FIDO Registry section 3.5). */
  attestationTypes: string[];
  /** Base64 DER certificates (RFC 4648 section 4), each a trust anchor for this model's attestation. */
  attestationRootCertificates: string[];
  /** A data: URL (RFC 2397) of the authenticator's icon. */
  icon?: string;
  /** A data: URL of the dark-mode icon (MDS 3.1). */
  iconDark?: string;
  readonly [member: string]: unknown;
}

/** MetadataBLOBPayloadEntry (MDS 3.0 section 3.1.1): one authenticator model. */
export interface MetadataBlobEntry {
  /** FIDO UAF authenticators. */
  aaid?: string;
  /** FIDO2 authenticators: the AAGUID as UUID text. */
  aaguid?: string;
  /** FIDO U2F authenticators: hex SHA-1 of each attestation certificate's public key. */
  attestationCertificateKeyIdentifiers?: string[];
  metadataStatement?: MetadataStatement;
  statusReports: StatusReport[];
  /** ISO 8601 date of the last change of statusReports. */
  timeOfLastStatusChange: string;
  readonly [member: string]: unknown;
}

/** An entry left out of a verified BLOB, and why. */
export interface InvalidMetadataEntry {
  /** Its index in the payload's entries. */
  index: number;
  /** Its AAGUID (lowercase), when it has a readable one. */
  aaguid?: string;
  reason: string;
}

/** A verified Metadata BLOB payload (MDS 3.0 section 3.1.6). Treat it as read-only. */
export interface MetadataBlob {
  legalHeader: string;
  /** Serial number; each new BLOB's is higher (MDS 3.0 section 3.1.6). */
  no: number;
  /** When a new BLOB will be published at the latest (midnight UTC of the payload's date). */
  nextUpdate: Date;
  /** The well-formed entries, in payload order. */
  entries: readonly MetadataBlobEntry[];
  /**
   * Entries left out: not well-formed, or sharing their AAGUID with another entry (which makes
   * both ambiguous). Leaving one out withholds its model's anchors, never grants any.
   */
  invalidEntries: readonly InvalidMetadataEntry[];
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const HEX = /^[0-9a-f]+$/i;
/** Base64 text of the largest certificate accepted. */
const MAX_CERTIFICATE_BASE64 = Math.ceil(MAX_CERTIFICATE_SIZE / 3) * 4;

export function invalid(message: string): never {
  throw new WebAuthnError('metadata_invalid', `metadata BLOB ${message}`, { step: 'MDS 3.0 section 3.1' });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Guards the functions that read a verified BLOB against being handed something else ('invalid_options'). */
export function checkBlob(blob: MetadataBlob, caller: string): void {
  if (!isRecord(blob) || !Array.isArray(blob.entries) || !Array.isArray(blob.invalidEntries)) {
    throw new WebAuthnError('invalid_options', `${caller}: the blob must be what verifyMetadataBlob returned`);
  }
}

function nonEmptyString(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.length === 0) invalid(`${path} must be a non-empty string`);
  return value;
}

function optional<T>(record: Record<string, unknown>, member: string, path: string, read: (value: unknown, path: string) => T): void {
  if (record[member] !== undefined) read(record[member], `${path}.${member}`);
}

/** An ISO 8601 date "YYYY-MM-DD" that exists in the calendar; its midnight UTC. */
export function readDate(value: unknown, path: string): Date {
  const text = nonEmptyString(value, path);
  const date = DATE.test(text) ? new Date(`${text}T00:00:00Z`) : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) invalid(`${path} must be an ISO 8601 date (YYYY-MM-DD)`);
  return date;
}

function anyString(value: unknown, path: string): string {
  if (typeof value !== 'string') invalid(`${path} must be a string`);
  return value;
}

function nonNegativeInteger(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) invalid(`${path} must be a non-negative integer`);
  return value;
}

function uuid(value: unknown, path: string): string {
  if (typeof value !== 'string' || !UUID.test(value)) invalid(`${path} must be a UUID`);
  return value;
}

function stringList(value: unknown, path: string, max: number, check: (item: string) => boolean = () => true): string[] {
  if (!Array.isArray(value)) invalid(`${path} must be an array`);
  if (value.length > max) throw new WebAuthnError('input_too_large', `metadata BLOB ${path} has more than ${max} items`);
  value.forEach((item, i) => {
    if (typeof item !== 'string' || item.length === 0 || !check(item)) invalid(`${path}[${i}] is not valid`);
  });
  return value as string[];
}

function base64Certificate(text: string): boolean {
  return text.length <= MAX_CERTIFICATE_BASE64 && decodeBase64(text) !== undefined;
}

function readStatusReport(value: unknown, path: string): void {
  if (!isRecord(value)) invalid(`${path} must be an object`);
  nonEmptyString(value.status, `${path}.status`);
  optional(value, 'effectiveDate', path, readDate);
  optional(value, 'authenticatorVersion', path, nonNegativeInteger);
  optional(value, 'certificate', path, anyString);
  optional(value, 'url', path, anyString);
}

function readStatement(value: unknown, path: string): void {
  if (!isRecord(value)) invalid(`${path} must be an object`);
  optional(value, 'aaguid', path, uuid);
  nonEmptyString(value.description, `${path}.description`);
  nonNegativeInteger(value.authenticatorVersion, `${path}.authenticatorVersion`);
  nonEmptyString(value.protocolFamily, `${path}.protocolFamily`);
  stringList(value.attestationTypes, `${path}.attestationTypes`, 16);
  stringList(value.attestationRootCertificates, `${path}.attestationRootCertificates`, MAX_ATTESTATION_ROOT_CERTIFICATES, base64Certificate);
  optional(value, 'icon', path, anyString);
  optional(value, 'iconDark', path, anyString);
}

/**
 * Checks one MetadataBLOBPayloadEntry (MDS 3.0 section 3.1.1) and returns it typed. Throws
 * 'metadata_invalid' naming the member at fault, 'input_too_large' past a list bound.
 */
export function readEntry(value: unknown, index: number): MetadataBlobEntry {
  const path = `entries[${index}]`;
  if (!isRecord(value)) invalid(`${path} must be an object`);
  optional(value, 'aaid', path, nonEmptyString);
  optional(value, 'aaguid', path, uuid);
  optional(value, 'attestationCertificateKeyIdentifiers', path, (v, p) => stringList(v, p, 1024, (s) => s.length <= 128 && HEX.test(s)));
  optional(value, 'metadataStatement', path, readStatement);
  const statusReports = value.statusReports;
  if (!Array.isArray(statusReports)) invalid(`${path}.statusReports must be an array`);
  if (statusReports.length > MAX_STATUS_REPORTS) {
    throw new WebAuthnError('input_too_large', `metadata BLOB ${path}.statusReports has more than ${MAX_STATUS_REPORTS} reports`);
  }
  statusReports.forEach((report, i) => readStatusReport(report, `${path}.statusReports[${i}]`));
  readDate(value.timeOfLastStatusChange, `${path}.timeOfLastStatusChange`);

  const entry = value as MetadataBlobEntry;
  const statementAaguid = entry.metadataStatement?.aaguid;
  if (statementAaguid !== undefined && entry.aaguid !== undefined && statementAaguid.toLowerCase() !== entry.aaguid.toLowerCase()) {
    invalid(`${path}.metadataStatement.aaguid differs from the entry's aaguid`);
  }
  return entry;
}
