/**
 * 'passkey-rp/metadata': the FIDO Metadata Service (MDS 3.0) BLOB, verified offline, as attestation
 * trust anchors (with authenticator status) and as provider names and icons for account pages.
 * The host downloads the BLOB and the FIDO Alliance root certificate itself; nothing here uses the network.
 */
export {
  MAX_METADATA_BLOB_BYTES,
  MAX_METADATA_ENTRIES,
  MAX_METADATA_ROOTS,
  verifyMetadataBlob,
  type VerifyMetadataBlobOptions,
} from './blob.js';
export {
  MAX_ATTESTATION_ROOT_CERTIFICATES,
  MAX_STATUS_REPORTS,
  METADATA_STATUSES,
  type InvalidMetadataEntry,
  type MetadataBlob,
  type MetadataBlobEntry,
  type MetadataStatement,
  type MetadataStatus,
  type StatusReport,
} from './statement.js';
export { FIDO_MDS_SIGNER_NAME, type ExpectedMetadataSigner } from './signer.js';
export { latestStatusReport, metadataEntry, metadataEntryByKeyIdentifier } from './entry.js';
export {
  DEFAULT_REJECTED_STATUSES,
  metadataTrustAnchors,
  type MetadataTrustAnchorSource,
  type MetadataTrustOptions,
} from './trust.js';
export { providerDirectory } from './providers.js';
export type { TrustAnchorLookup, TrustAnchorSource, TrustContext } from '../attestation/types.js';
export type { Certificate } from '../x509/types.js';
