import { sha1 } from '@noble/hashes/legacy.js';
import { backend } from '../crypto/index.js';
import { isWebAuthnError, WebAuthnError } from '../errors.js';
import { equalBytes, toHex } from '../encoding/bytes.js';
import { OID } from './algorithms.js';
import { memoAnchor, memoIssuedBy, memoKeyIdentifier } from './cache.js';
import { subjectPublicKeyBits } from './key.js';
import { MAX_CHAIN_LENGTH, parseCertificate, validityProblem } from './parse.js';
import type { Certificate, TrustAnchorInput } from './types.js';

/**
 * Certificate path validation (a subset of RFC 5280 section 6 sized for attestation chains):
 * name chaining, every link's signature, validity at `now` (anchors included), basicConstraints
 * and pathLen on every issuer (a v3 CA certificate for every issuer from the chain; a v1 anchor is
 * tolerated), keyCertSign when keyUsage is present, and no unrecognised critical extension. It
 * stops at the first certificate an anchor issued (or that is an anchor). No revocation, no network.
 */

export interface PathValidationOptions {
  /** The time every certificate must be valid at. */
  now: Date;
}

export type PathValidationResult =
  | {
      ok: true;
      /** The trust anchor the chain reached. */
      anchor: Certificate;
      /** The chain certificates that were validated, leaf first, up to (not including) the anchor. */
      path: Certificate[];
    }
  | {
      ok: false;
      /**
       * True when the chain itself is defective (a broken link, an expired certificate, a
       * violated constraint); false when it is sound but reaches none of the anchors.
       */
      defective: boolean;
      reasons: string[];
    };

/** Extensions whose meaning this validator applies or that carry no constraint on the path. */
const UNDERSTOOD_CRITICAL = new Set<string>([
  OID.basicConstraints,
  OID.keyUsage,
  OID.extKeyUsage,
  OID.subjectAltName,
  OID.subjectKeyIdentifier,
  OID.authorityKeyIdentifier,
  OID.certificatePolicies,
]);

/**
 * Parses trust anchors given as PEM, DER or parsed certificates ('malformed_certificate' if one is
 * not). Anchors are configuration: each PEM text or DER array is parsed once (see cache.ts).
 */
export function toCertificates(anchors: readonly TrustAnchorInput[]): Certificate[] {
  return anchors.map((a) => (typeof a === 'string' || a instanceof Uint8Array ? memoAnchor(a, parseCertificate) : a));
}

/** SHA-256 fingerprint of a certificate's DER, lowercase hex. */
export async function certificateFingerprint(certificate: Certificate): Promise<string> {
  return toHex(await backend.digest('SHA-256', certificate.der));
}

/**
 * The key identifier of a certificate's public key, lowercase hex: RFC 5280 section 4.2.1.2 method
 * (1), the SHA-1 of the subjectPublicKey BIT STRING's value. The FIDO MDS lists attestation
 * certificates by it (`attestationCertificateKeyIdentifiers`). SHA-1 names a key here; it signs
 * nothing. Synchronous, because the trust-anchor lookups that compare it (metadata) are.
 */
export function certificateKeyIdentifier(certificate: Certificate): string {
  return memoKeyIdentifier(certificate, () => toHex(sha1(subjectPublicKeyBits(certificate.spki))));
}

/**
 * True when `issuer`'s key verifies `child`'s signature. False for a bad signature, an algorithm
 * this library does not verify, or a key that does not fit the algorithm. The answer depends on
 * the two DER encodings alone, so for parsed certificates it is computed once per pair (cache.ts).
 */
export function verifyIssuedBy(child: Certificate, issuer: Certificate): Promise<boolean> {
  return memoIssuedBy(child, issuer, async () => {
    const scheme = child.signatureAlgorithm.scheme;
    if (!scheme || !issuer.publicKey) return false;
    try {
      return await backend.verify(scheme, issuer.publicKey, child.tbs, child.signature);
    } catch (error) {
      if (isWebAuthnError(error)) return false;
      throw error;
    }
  });
}

function label(certificate: Certificate, index: number): string {
  return `certificate ${index} ("${certificate.subject.text}")`;
}

/** RFC 5280 section 4.2: a certificate with a critical extension the validator does not process is rejected. */
function criticalProblem(certificate: Certificate, index: number): string | undefined {
  const unknown = certificate.extensions.find((e) => e.critical && !UNDERSTOOD_CRITICAL.has(e.oid));
  return unknown && `${label(certificate, index)} has an unrecognised critical extension ${unknown.oid}`;
}

/**
 * What stops `issuer` from issuing a certificate that has `below` CA certificates between it and
 * the leaf: it must be a CA (RFC 5280 section 4.2.1.9), allow that path length, and have
 * keyCertSign when it states its key usage (section 4.2.1.3). Section 6.1.4 (k): a v1 or v2
 * certificate, which cannot say it is a CA, must be verified as one out of band or rejected. A
 * configured trust anchor is that verification; a certificate from x5c never is.
 */
function issuerProblem(issuer: Certificate, name: string, below: number, configured: boolean): string | undefined {
  if (issuer.version !== 3 && !configured) return `${name} is a version ${issuer.version} certificate, which cannot be a CA`;
  if (issuer.version === 3 && !issuer.basicConstraints?.ca) return `${name} is not a CA (basicConstraints cA is not true)`;
  const pathLength = issuer.basicConstraints?.pathLength;
  if (pathLength !== undefined && below > pathLength) {
    return `${name} allows ${pathLength} intermediate certificate(s) below it; the chain has ${below}`;
  }
  if (issuer.keyUsage && !issuer.keyUsage.includes('keyCertSign')) return `${name} key usage does not include keyCertSign`;
  return undefined;
}

/** Why the anchor that signed the certificate at `index` cannot end the path at `now`, if anything stops it. */
function anchorProblems(anchor: Certificate, index: number, now: Date): string[] {
  const problems: string[] = [];
  const problem = issuerProblem(anchor, `trust anchor "${anchor.subject.text}"`, index, true);
  if (problem) problems.push(problem);
  const expired = validityProblem(anchor, now);
  if (expired) problems.push(`trust anchor ${expired}`);
  return problems;
}

function isSelfIssued(certificate: Certificate): boolean {
  return equalBytes(certificate.subject.der, certificate.issuer.der);
}

/**
 * Validates a leaf-first chain against trust anchors. An anchor may be a root or an intermediate;
 * the chain is accepted at the first certificate that is an anchor or that an anchor signed. A
 * self-signed root at the end of the chain is tolerated and never trusted by itself: it counts
 * only if it is one of the anchors.
 */
export async function validateCertificatePath(
  chain: readonly Certificate[],
  anchorInputs: readonly TrustAnchorInput[],
  options: PathValidationOptions,
): Promise<PathValidationResult> {
  if (chain.length === 0) return { ok: false, defective: true, reasons: ['the certificate chain is empty'] };
  if (chain.length > MAX_CHAIN_LENGTH) {
    throw new WebAuthnError('input_too_large', `certificate chain has ${chain.length} certificates; at most ${MAX_CHAIN_LENGTH} are allowed`);
  }
  const anchors = toCertificates(anchorInputs);
  const defects: string[] = [];
  /** What kept the anchors that did sign a certificate from ending the path (expired, not a CA, ...). */
  const anchorDefects: string[] = [];

  for (let i = 0; i < chain.length; i++) {
    const cert = chain[i]!;
    const expired = validityProblem(cert, options.now);
    const isAnchor = anchors.find((a) => equalBytes(a.der, cert.der));
    if (isAnchor) {
      // An anchor ends the path, but is still only valid within its validity period.
      if (expired) defects.push(`trust anchor ${expired}`);
      return defects.length > 0 ? { ok: false, defective: true, reasons: defects } : { ok: true, anchor: isAnchor, path: chain.slice(0, i) };
    }
    if (expired) defects.push(`${label(cert, i)}: ${expired}`);
    const critical = criticalProblem(cert, i);
    if (critical) defects.push(critical);

    // Is it issued by an anchor? Several anchors may share a name and key (an old and a new copy
    // of a root during a rollover): every one whose key verifies is tried, and one without a
    // problem is enough; if none is, the chain above may still reach another anchor. The
    // certificates at 1..i are the CA certificates between the anchor and the leaf.
    for (const anchor of anchors) {
      if (!equalBytes(anchor.subject.der, cert.issuer.der) || !(await verifyIssuedBy(cert, anchor))) continue;
      const problems = anchorProblems(anchor, i, options.now);
      if (problems.length === 0) {
        return defects.length > 0 ? { ok: false, defective: true, reasons: defects } : { ok: true, anchor, path: chain.slice(0, i + 1) };
      }
      anchorDefects.push(...problems);
    }

    const issuer = chain[i + 1];
    if (!issuer) {
      // An anchor that signed but could not end the path says more than "no anchor signed the last certificate".
      if (anchorDefects.length > 0) return { ok: false, defective: true, reasons: [...defects, ...anchorDefects] };
      const reasons = [...defects, `${label(cert, i)} was not issued by any of the ${anchors.length} trust anchor(s)`];
      return { ok: false, defective: defects.length > 0, reasons };
    }
    if (isSelfIssued(cert)) {
      // A self-issued certificate (subject = issuer) that is not an anchor ends the path; nothing above it helps.
      defects.push(`${label(cert, i)} is self-issued but is followed by more certificates`);
      continue;
    }
    if (!equalBytes(issuer.subject.der, cert.issuer.der)) {
      defects.push(`${label(cert, i)} names issuer "${cert.issuer.text}" but is followed by "${issuer.subject.text}"`);
    } else if (!(await verifyIssuedBy(cert, issuer))) {
      defects.push(`${label(cert, i)} signature does not verify with the key of ${label(issuer, i + 1)}`);
    }
    // The certificates at 1..i are the CA certificates between this issuer and the leaf.
    const problem = issuerProblem(issuer, label(issuer, i + 1), i, false);
    if (problem) defects.push(problem);
  }
  return { ok: false, defective: true, reasons: [...defects, ...anchorDefects] };
}
