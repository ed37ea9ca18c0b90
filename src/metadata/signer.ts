import { WebAuthnError } from '../errors.js';
import { nameValues, type Certificate } from '../x509/index.js';

/**
 * Who may sign a Metadata BLOB. MDS 3.0 section 3.2 only asks that x5c chain to the configured
 * trust anchor, but the production anchor is a public GlobalSign root (GlobalSign Root CA - R3),
 * which issues TLS certificates to anyone who controls a domain: chaining to it alone would let
 * any of them sign a BLOB. So the signing certificate must also name the FIDO MDS host.
 */

/**
 * The host name the production BLOB's signing certificate carries, as its subject CN and its only
 * subjectAltName dNSName (the BLOB served by https://mds3.fidoalliance.org/ is signed with the TLS
 * certificate of mds.fidoalliance.org, issued under GlobalSign Root CA - R3).
 */
export const FIDO_MDS_SIGNER_NAME = 'mds.fidoalliance.org';

/** Most names `expectedSigner` may list. */
const MAX_SIGNER_NAMES = 16;
/** RFC 1035 section 2.3.4: a domain name is at most 253 characters as text. */
const MAX_NAME_LENGTH = 253;

/**
 * The signing certificate a BLOB must have (its x5c leaf): a host name, several (any one will do),
 * or a function that decides (it must return `true`).
 */
export type ExpectedMetadataSigner = string | readonly string[] | ((certificate: Certificate) => boolean);

/** A check of the x5c leaf, and how to say what it expected. */
export interface SignerCheck {
  accepts(certificate: Certificate): boolean;
  expected: string;
}

/**
 * RFC 6125 section 6.4.4: the subject CN counts only when the certificate has no dNSName. Names
 * compare without regard to ASCII case (RFC 4343); no wildcard is honoured.
 */
export function certificateHostNames(certificate: Certificate): string[] {
  const dns = (certificate.subjectAltName ?? []).flatMap((name) => (name.type === 'dns' ? [name.value] : []));
  const names = dns.length > 0 ? dns : nameValues(certificate.subject, 'CN');
  return names.map((name) => name.toLowerCase());
}

function badOption(message: string): never {
  throw new WebAuthnError('invalid_options', `verifyMetadataBlob: "expectedSigner" ${message}`);
}

/** Reads the `expectedSigner` option ('invalid_options' when it is none of the accepted shapes). */
export function signerCheck(option: unknown = FIDO_MDS_SIGNER_NAME): SignerCheck {
  if (typeof option === 'function') {
    return { accepts: (certificate) => option(certificate) === true, expected: 'a certificate your expectedSigner function accepts' };
  }
  const names = typeof option === 'string' ? [option] : option;
  if (!Array.isArray(names) || names.length === 0 || names.length > MAX_SIGNER_NAMES) {
    badOption(`must be a host name, a list of 1 to ${MAX_SIGNER_NAMES} host names, or a function of the signing certificate`);
  }
  for (const name of names) {
    if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME_LENGTH) badOption('must list host names as non-empty strings');
  }
  const wanted = new Set((names as string[]).map((name) => name.toLowerCase()));
  return {
    accepts: (certificate) => certificateHostNames(certificate).some((name) => wanted.has(name)),
    expected: `a certificate for ${[...wanted].join(' or ')}`,
  };
}
