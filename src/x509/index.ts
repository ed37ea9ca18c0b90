/**
 * X.509 for attestation: parsing (RFC 5280: the structure with the DER reader in der.ts, the
 * extensions this library applies with @peculiar/asn1-x509), path validation, and the caches that
 * let ceremonies share parsed certificates and signature results (cache.ts).
 * This module loads the ASN.1 stack, so only code that needs certificates imports it, and the
 * attestation registry imports it lazily: a sign-in never loads it.
 */
export type {
  BasicConstraints,
  Certificate,
  CertificateSignatureAlgorithm,
  DistinguishedName,
  Extension,
  GeneralName,
  KeyUsageName,
  NameAttribute,
  TrustAnchorInput,
} from './types.js';
export { OID, signatureSchemeFor } from './algorithms.js';
export {
  MAX_CERTIFICATE_SIZE,
  MAX_CHAIN_LENGTH,
  findExtension,
  parseCertificate,
  parseCertificates,
  parsePemCertificates,
  validityProblem,
} from './parse.js';
export { nameValues } from './name.js';
export { publicKeysEqual, readSubjectPublicKeyInfo, subjectPublicKeyBits } from './key.js';
export {
  certificateFingerprint,
  certificateKeyIdentifier,
  toCertificates,
  validateCertificatePath,
  verifyIssuedBy,
  type PathValidationOptions,
  type PathValidationResult,
} from './path.js';
export { clearCertificateCaches } from './cache.js';
export { checkDer, children, contents, decodeOid, readOid, readTlv, readWhole, TAG, type Tlv } from './der.js';
