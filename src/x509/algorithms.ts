import type { HashAlgorithm, SignatureScheme } from '../crypto/types.js';
import { children, readOid, readSmallInteger, readTlv, readWhole, TAG } from './der.js';

/** Object identifiers this library reads in certificates. */
export const OID = {
  // Public key algorithms
  ecPublicKey: '1.2.840.10045.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',
  // Named curves
  p256: '1.2.840.10045.3.1.7',
  p384: '1.3.132.0.34',
  p521: '1.3.132.0.35',
  secp256k1: '1.3.132.0.10',
  // Signature algorithms
  ecdsaWithSha1: '1.2.840.10045.4.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  ecdsaWithSha512: '1.2.840.10045.4.3.4',
  sha1WithRsa: '1.2.840.113549.1.1.5',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  sha384WithRsa: '1.2.840.113549.1.1.12',
  sha512WithRsa: '1.2.840.113549.1.1.13',
  mgf1: '1.2.840.113549.1.1.8',
  // Hashes
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  // Extensions (RFC 5280 section 4.2)
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  certificatePolicies: '2.5.29.32',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
} as const;

const SIMPLE_SCHEMES: Record<string, SignatureScheme> = {
  [OID.ecdsaWithSha1]: { name: 'ECDSA', hash: 'SHA-1' },
  [OID.ecdsaWithSha256]: { name: 'ECDSA', hash: 'SHA-256' },
  [OID.ecdsaWithSha384]: { name: 'ECDSA', hash: 'SHA-384' },
  [OID.ecdsaWithSha512]: { name: 'ECDSA', hash: 'SHA-512' },
  [OID.sha1WithRsa]: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-1' },
  [OID.sha256WithRsa]: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  [OID.sha384WithRsa]: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384' },
  [OID.sha512WithRsa]: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' },
  [OID.ed25519]: { name: 'EdDSA' },
  [OID.ed448]: { name: 'EdDSA' },
};

const HASHES: Record<string, HashAlgorithm> = {
  [OID.sha1]: 'SHA-1',
  [OID.sha256]: 'SHA-256',
  [OID.sha384]: 'SHA-384',
  [OID.sha512]: 'SHA-512',
};

/** The hash of a hash AlgorithmIdentifier (its parameters, NULL or absent, are not read). */
function readHashAlgorithm(der: Uint8Array, what: string): HashAlgorithm | undefined {
  const seq = readWhole(der, TAG.SEQUENCE, what);
  const [oid] = children(der, seq, what);
  if (!oid) return undefined;
  return HASHES[readOid(der, oid, what)];
}

/**
 * RSASSA-PSS-params (RFC 4055 section 3.1). Every field has a default (SHA-1, MGF1 with SHA-1,
 * salt 20, trailer 1). Only MGF1 over the same hash as the message is supported, which is all that
 * Web Crypto can verify; anything else yields undefined (not verifiable, not malformed).
 */
function pssScheme(params: Uint8Array | undefined): SignatureScheme | undefined {
  const what = 'RSASSA-PSS parameters';
  if (!params) return undefined; // The parameters are required for id-RSASSA-PSS signatures.
  const seq = readWhole(params, TAG.SEQUENCE, what);
  let hash: HashAlgorithm | undefined = 'SHA-1';
  let mgfHash: HashAlgorithm | undefined = 'SHA-1';
  let saltLength = 20;
  for (const field of children(params, seq, what)) {
    const inner = readTlv(params, field.contentStart, field.end, what);
    if (inner.end !== field.end) return undefined;
    const innerBytes = params.subarray(inner.start, inner.end);
    switch (field.tag) {
      case 0xa0:
        hash = readHashAlgorithm(innerBytes, what);
        break;
      case 0xa1: {
        const mgf = children(params, inner, what);
        if (mgf.length !== 2 || readOid(params, mgf[0]!, what) !== OID.mgf1) return undefined;
        mgfHash = readHashAlgorithm(params.subarray(mgf[1]!.start, mgf[1]!.end), what);
        break;
      }
      case 0xa2:
        saltLength = readSmallInteger(params, inner, what);
        break;
      case 0xa3:
        if (readSmallInteger(params, inner, what) !== 1) return undefined;
        break;
      default:
        return undefined;
    }
  }
  if (!hash || hash !== mgfHash) return undefined;
  return { name: 'RSA-PSS', hash, saltLength };
}

/**
 * Maps a certificate signature AlgorithmIdentifier to the scheme the crypto backend verifies.
 * `params` is the DER of the parameters, when present. Undefined: an algorithm this library does
 * not verify. Throws 'malformed_certificate' only for parameters that are not DER.
 */
export function signatureSchemeFor(oid: string, params: Uint8Array | undefined): SignatureScheme | undefined {
  if (oid === OID.rsassaPss) return pssScheme(params);
  return SIMPLE_SCHEMES[oid];
}
