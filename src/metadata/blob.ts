import { isWebAuthnError, WebAuthnError } from '../errors.js';
import { jwsSignatureVerifies, parseCompactJws, type CompactJws } from '../attestation/jws.js';
import { keyFitsAlgorithm } from '../attestation/statement.js';
import { parseCertificates, toCertificates, validateCertificatePath, validityProblem, type Certificate, type TrustAnchorInput } from '../x509/index.js';
import { indexEntries } from './entry.js';
import { signerCheck, type ExpectedMetadataSigner, type SignerCheck } from './signer.js';
import { invalid, isRecord, readDate, readEntry, UUID, type InvalidMetadataEntry, type MetadataBlob, type MetadataBlobEntry } from './statement.js';

/**
 * Verifying a FIDO Metadata Service BLOB (MDS 3.0 section 3.2, "Metadata BLOB object processing
 * rules") that the host downloaded itself: a JWS (section 3.1.7) whose x5c chains to the FIDO
 * Alliance root the host configured, signed by x5c's leaf (which must be the FIDO MDS's own
 * certificate, see signer.ts), whose payload is a MetadataBLOBPayload.
 * No network: x5u is not fetched, and no CRL is consulted.
 */

const STEP = 'MDS 3.0 section 3.2';

/** Default largest BLOB accepted, in bytes (the production BLOB is about 6 MB). */
export const MAX_METADATA_BLOB_BYTES = 16 * 1024 * 1024;
/** Most entries one BLOB may carry (the production BLOB has several hundred). */
export const MAX_METADATA_ENTRIES = 10_000;
/** Most root certificates `rootCertificates` may hold. */
export const MAX_METADATA_ROOTS = 16;

export interface VerifyMetadataBlobOptions {
  /**
   * The BLOB signing trust anchor(s) (MDS 3.0 section 3.2 step 1): the FIDO Alliance's root
   * certificate, as PEM, DER or a parsed certificate. There is no built-in root.
   */
  rootCertificates: readonly TrustAnchorInput[];
  /**
   * The signing certificate (x5c's leaf) the BLOB must have: a host name its subjectAltName dNSName
   * (or, without one, its subject CN) must equal, a list of such names, or a function of the leaf
   * that returns `true` to accept it. Default FIDO_MDS_SIGNER_NAME ("mds.fidoalliance.org"), the
   * production BLOB's signer. Set it for a private metadata service. A BLOB without x5c is signed
   * by a configured root itself (section 3.2 step 5), which is not checked against this.
   */
  expectedSigner?: ExpectedMetadataSigner;
  /** The time to validate the signing chain at. Default: now. */
  now?: Date;
  /** Largest BLOB accepted, in bytes. Default MAX_METADATA_BLOB_BYTES (16 MiB). */
  maxBytes?: number;
  /**
   * The `no` of the BLOB you verified last: a BLOB whose `no` is not greater is rejected
   * (section 3.2 step 6: "ignore the file if its number (no) is less or equal").
   */
  previousNo?: number;
  /**
   * Reject a BLOB whose nextUpdate is more than this many milliseconds before `now`. Default: not
   * checked, because section 3.2 step 3 makes nextUpdate the date to download a new BLOB by, not
   * an expiry; set it to notice a refresh job that keeps failing.
   */
  maxStaleMs?: number;
}

function untrusted(message: string): never {
  throw new WebAuthnError('metadata_untrusted', `metadata BLOB ${message}`, { step: STEP });
}

function badOption(message: string): never {
  throw new WebAuthnError('invalid_options', `verifyMetadataBlob: ${message}`);
}

interface CheckedOptions {
  roots: Certificate[];
  signer: SignerCheck;
  now: Date;
  maxBytes: number;
}

function checkOptions(options: VerifyMetadataBlobOptions): CheckedOptions {
  if (!isRecord(options)) badOption('options must be an object');
  const { rootCertificates, now = new Date(), maxBytes = MAX_METADATA_BLOB_BYTES, previousNo, maxStaleMs } = options;
  if (!Array.isArray(rootCertificates) || rootCertificates.length === 0 || rootCertificates.length > MAX_METADATA_ROOTS) {
    badOption(`"rootCertificates" must list 1 to ${MAX_METADATA_ROOTS} certificates (the FIDO Alliance MDS root)`);
  }
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) badOption('"now" must be a valid Date');
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) badOption('"maxBytes" must be a positive integer');
  if (previousNo !== undefined && (!Number.isSafeInteger(previousNo) || previousNo < 0)) badOption('"previousNo" must be a non-negative integer');
  if (maxStaleMs !== undefined && (!Number.isFinite(maxStaleMs) || maxStaleMs < 0)) badOption('"maxStaleMs" must be a non-negative number');
  const signer = signerCheck(options.expectedSigner);
  try {
    return { roots: toCertificates(rootCertificates), signer, now, maxBytes };
  } catch (cause) {
    if (!isWebAuthnError(cause)) throw cause;
    throw new WebAuthnError('invalid_options', `verifyMetadataBlob: a root certificate cannot be parsed (${cause.message})`, { cause });
  }
}

/**
 * Step 5 without x5c or x5u: "the Metadata BLOB signing trust anchor is considered the BLOB signing
 * certificate chain", so the roots valid at `now` sign it; a root that has expired signs nothing,
 * as it would validate no chain (RFC 5280 section 6.1.3 step (a)(2)).
 */
function rootSigners(roots: Certificate[], now: Date): Certificate[] {
  const problems = roots.map((root) => validityProblem(root, now));
  const valid = roots.filter((_, i) => problems[i] === undefined);
  if (valid.length === 0) untrusted(`has no x5c and no configured root is valid at ${now.toISOString()}: ${problems.join('; ')}`);
  return valid;
}

/**
 * Steps 4-5: the certificates whose keys may sign the BLOB. With x5c, its leaf once the chain is
 * valid at `now` up to a root and the leaf is the expected signer; without x5c or x5u, the roots.
 * When both x5c and x5u are present, x5c is used: it is held to the same root, and nothing is downloaded.
 */
async function signingCertificates(jws: CompactJws, { roots, signer, now }: CheckedOptions): Promise<Certificate[]> {
  if (jws.x5c === undefined) {
    if (jws.header.x5u !== undefined) {
      untrusted('names its signing certificate chain only by "x5u", which passkey-rp does not download; verify a BLOB whose header has "x5c"');
    }
    return rootSigners(roots, now);
  }
  let chain: Certificate[];
  try {
    chain = parseCertificates(jws.x5c);
  } catch (cause) {
    if (!isWebAuthnError(cause)) throw cause;
    throw new WebAuthnError(cause.code, `metadata BLOB x5c: ${cause.message}`, { step: STEP, cause });
  }
  const path = await validateCertificatePath(chain, roots, { now });
  if (!path.ok) untrusted(`signing certificate chain does not validate to the configured root: ${path.reasons.join('; ')}`);
  const leaf = chain[0]!;
  if (!signer.accepts(leaf)) {
    untrusted(
      `signing certificate "${leaf.subject.text}" is not the Metadata Service's: expected ${signer.expected} ` +
        '(a certificate that merely chains to the root, such as any TLS certificate the same CA issued, may not sign a BLOB)',
    );
  }
  // RFC 5280 section 4.2.1.3: a key whose usage is stated must be stated for signing.
  if (leaf.keyUsage && !leaf.keyUsage.includes('digitalSignature')) untrusted('signing certificate key usage does not include digitalSignature');
  if (!leaf.publicKey) untrusted('signing certificate has a key type passkey-rp does not verify');
  if (!keyFitsAlgorithm(leaf.publicKey, jws.algorithm)) untrusted(`JWS "alg" ${jws.algorithm.name} does not fit the signing certificate's key`);
  return [leaf];
}

/** Step 6: the signature verifies with one of the signing certificates' keys. */
async function checkSignature(jws: CompactJws, signers: readonly Certificate[]): Promise<void> {
  for (const signer of signers) {
    if (signer.publicKey && (await jwsSignatureVerifies(jws, signer.publicKey))) return;
  }
  untrusted('JWS signature does not verify');
}

/** An entry's AAGUID in lowercase, read from the raw entry (well-formed or not). */
function aaguidOf(entry: unknown): string | undefined {
  const aaguid = isRecord(entry) ? entry.aaguid : undefined;
  return typeof aaguid === 'string' && UUID.test(aaguid) ? aaguid.toLowerCase() : undefined;
}

/**
 * Section 3.2 step 8: iterate through the entries. One that is not well-formed is left out and
 * listed, rather than failing the whole (signed) BLOB; an AAGUID that several entries claim names
 * no model for certain (section 3.1.1), so all of them are left out.
 */
function readEntries(value: unknown): Pick<MetadataBlob, 'entries' | 'invalidEntries'> {
  if (!Array.isArray(value)) return invalid('payload "entries" must be an array');
  if (value.length > MAX_METADATA_ENTRIES) {
    throw new WebAuthnError('input_too_large', `metadata BLOB has more than ${MAX_METADATA_ENTRIES} entries`, { step: STEP });
  }
  const claims = new Map<string, number>();
  for (const raw of value) {
    const aaguid = aaguidOf(raw);
    if (aaguid !== undefined) claims.set(aaguid, (claims.get(aaguid) ?? 0) + 1);
  }
  const entries: MetadataBlobEntry[] = [];
  const invalidEntries: InvalidMetadataEntry[] = [];
  value.forEach((raw, index) => {
    const aaguid = aaguidOf(raw);
    const problem = (reason: string): void => {
      invalidEntries.push({ index, ...(aaguid === undefined ? {} : { aaguid }), reason });
    };
    if (aaguid !== undefined && claims.get(aaguid)! > 1) return problem(`${claims.get(aaguid)} entries claim AAGUID ${aaguid}`);
    try {
      entries.push(readEntry(raw, index));
    } catch (cause) {
      if (!isWebAuthnError(cause)) throw cause;
      problem(cause.message);
    }
  });
  return { entries: Object.freeze(entries), invalidEntries: Object.freeze(invalidEntries) };
}

/**
 * Verifies a Metadata BLOB as downloaded from the FIDO Metadata Service (MDS 3.0 section 3.2)
 * and returns its payload with typed entries (entries that are not well-formed are left out and
 * listed in `invalidEntries`). Surrounding whitespace (a trailing newline in a saved file) is
 * ignored. Throws WebAuthnError: 'input_too_large' past `maxBytes` or the entry bound;
 * 'metadata_invalid' for a JWS or payload that is not well-formed; 'unsupported_algorithm'
 * for a JWS "alg" other than RS*, PS* and ES*; 'metadata_untrusted' when the signing chain does
 * not validate to `rootCertificates` at `now` (or is only given by "x5u"), its leaf is not
 * `expectedSigner`, a BLOB without x5c has no root valid at `now`, the signature does not
 * verify, `no` is not above `previousNo`, or nextUpdate is older than `maxStaleMs`;
 * 'invalid_options' for bad options.
 */
export async function verifyMetadataBlob(jws: string, options: VerifyMetadataBlobOptions): Promise<MetadataBlob> {
  const checked = checkOptions(options);
  const { now, maxBytes } = checked;
  if (typeof jws !== 'string') invalid('must be the JWS text as downloaded');
  if (jws.length > maxBytes) throw new WebAuthnError('input_too_large', `metadata BLOB is larger than ${maxBytes} bytes`, { step: STEP });
  const parsed = parseCompactJws(jws.trim(), { what: 'metadata BLOB', malformed: 'metadata_invalid', step: STEP });

  await checkSignature(parsed, await signingCertificates(parsed, checked));

  // MetadataBLOBPayload (section 3.1.6).
  const { legalHeader, no, nextUpdate, entries } = parsed.payload;
  if (typeof legalHeader !== 'string') invalid('payload "legalHeader" must be a string');
  if (typeof no !== 'number' || !Number.isSafeInteger(no) || no < 0) invalid('payload "no" must be a non-negative integer');
  const nextUpdateDate = readDate(nextUpdate, 'payload "nextUpdate"');
  if (options.previousNo !== undefined && no <= options.previousNo) {
    untrusted(`"no" ${no} is not greater than that of the BLOB verified before (${options.previousNo})`);
  }
  if (options.maxStaleMs !== undefined && now.getTime() - nextUpdateDate.getTime() > options.maxStaleMs) {
    untrusted(`is stale: its nextUpdate (${nextUpdate as string}) passed more than ${options.maxStaleMs} ms ago`);
  }
  return indexEntries(Object.freeze({ legalHeader, no, nextUpdate: nextUpdateDate, ...readEntries(entries) }));
}
