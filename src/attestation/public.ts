/** The 'passkey-rp/attestation' entry: verify an attestation statement on its own, and read certificates. */
export { verifyAttestation, FORMAT_VERIFIERS } from './index.js';
export type * from './types.js';
export { parseCertificate, parsePemCertificates, validateCertificatePath, certificateFingerprint, clearCertificateCaches } from '../x509/index.js';
export type * from '../x509/types.js';
