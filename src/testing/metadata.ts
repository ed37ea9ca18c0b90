import { ecdsaDerToRaw } from '../crypto/der.js';
import { toBase64url } from '../encoding/base64url.js';
import { utf8 } from '../encoding/bytes.js';
import { FIDO_MDS_SIGNER_NAME } from '../metadata/signer.js';
import {
  createIntermediateCa,
  createLeafCertificate,
  createRootCa,
  type CertificateKey,
  type CertificateOptions,
  type IssuedCertificate,
} from './ca.js';

/**
 * A test FIDO Metadata Service: a root CA (what a relying party configures as the MDS root), a
 * BLOB signing certificate it issued, and Metadata BLOBs (MDS 3.0 section 3.1.7: a compact JWS
 * with x5c) signed with it over any entries. The signing certificate carries the production
 * signer's name (FIDO_MDS_SIGNER_NAME, as subject CN and subjectAltName dNSName), so
 * `verifyMetadataBlob` accepts its BLOBs with only `rootCertificates: [service.root.der]`; the
 * test root keeps them apart from real ones. Every part a verifier checks can be changed.
 */

export interface TestMetadataServiceOptions {
  /** The root the BLOB chains to. Default: a fresh test root CA. */
  root?: IssuedCertificate;
  /** The JWS "alg" (the signing key's algorithm). Default 'ES256'; the production BLOB is RS256. */
  alg?: 'ES256' | 'RS256';
  /** x5c: the signing certificate alone, issued by the root, or with an intermediate CA between them. Default 'leaf'. */
  chain?: 'leaf' | 'leaf+intermediate';
  /**
   * Signing certificate fields to replace (validity, key usage, subject, subjectAltName, ...), e.g.
   * `{ subject: [['CN', 'mds.example.com']], subjectAltName: [{ dns: 'mds.example.com' }] }` for a
   * private metadata service (verify with `expectedSigner: 'mds.example.com'`).
   */
  signingCertificate?: Partial<CertificateOptions>;
}

export interface TestMetadataBlobOptions {
  /** The payload's entries (see testMetadataEntry). Default none. */
  entries?: readonly unknown[];
  /** Default 1. */
  no?: number;
  /** Default: 30 days from now, as "YYYY-MM-DD". */
  nextUpdate?: string;
  /** Header members to set over { alg, typ: "JWT", x5c }; undefined deletes one (e.g. x5c, to test x5u). */
  header?: Record<string, unknown>;
  /** Payload members to set over the honest ones; undefined deletes one. */
  payload?: Record<string, unknown>;
  /** Sign with the root's own key instead of the signing certificate's (for a BLOB without x5c). */
  signWithRoot?: boolean;
}

export interface TestMetadataService {
  /** The trust anchor to configure (not in x5c). */
  root: IssuedCertificate;
  /** The BLOB signing certificate, x5c[0]. */
  signer: IssuedCertificate;
  /** x5c[1], when `chain` is 'leaf+intermediate'. */
  intermediate?: IssuedCertificate;
  /** The x5c every BLOB carries, leaf first. */
  x5c: Uint8Array[];
  /** Signs a Metadata BLOB; returns its compact JWS text. */
  createBlob(options?: TestMetadataBlobOptions): Promise<string>;
}

const DAY = 86400_000;

/** Standard base64 with padding, as x5c and metadata statements carry certificates. */
function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function withMembers(base: Record<string, unknown>, changes: Record<string, unknown> = {}): Record<string, unknown> {
  const out = { ...base };
  for (const [member, value] of Object.entries(changes)) {
    if (value === undefined) delete out[member];
    else out[member] = value;
  }
  return out;
}

/** "YYYY-MM-DD" of a time. */
export function isoDate(time: number | Date): string {
  return new Date(time).toISOString().slice(0, 10);
}

async function jwsSign(key: CertificateKey, signingInput: string): Promise<Uint8Array> {
  const signature = await key.sign(utf8(signingInput));
  // RFC 7518 section 3.4: a JWS ECDSA signature is r || s, not DER.
  return key.alg === 'ES256' ? ecdsaDerToRaw(signature, 'P-256') : signature;
}

/** A test Metadata Service; the keys and certificates are made once, each BLOB costs one signature. */
export async function createTestMetadataService(options: TestMetadataServiceOptions = {}): Promise<TestMetadataService> {
  const alg = options.alg ?? 'ES256';
  const root = options.root ?? (await createRootCa([['CN', 'passkey-rp Test MDS Root']]));
  const intermediate = options.chain === 'leaf+intermediate' ? await createIntermediateCa(root, [['CN', 'passkey-rp Test MDS CA']]) : undefined;
  const signer = await createLeafCertificate(intermediate ?? root, {
    alg,
    subject: [['C', 'US'], ['O', 'passkey-rp Test'], ['CN', FIDO_MDS_SIGNER_NAME]],
    subjectAltName: [{ dns: FIDO_MDS_SIGNER_NAME }],
    ...options.signingCertificate,
  });
  const x5c = intermediate ? [signer.der, intermediate.der] : [signer.der];

  async function createBlob(blob: TestMetadataBlobOptions = {}): Promise<string> {
    const key = blob.signWithRoot ? root.key : signer.key;
    if (key.alg !== 'ES256' && key.alg !== 'RS256') throw new Error(`a test BLOB is signed with ES256 or RS256, not ${key.alg}`);
    const header = withMembers({ alg: key.alg, typ: 'JWT', x5c: x5c.map(base64) }, blob.header);
    const payload = withMembers(
      {
        legalHeader: 'passkey-rp test metadata: not for production use.',
        no: blob.no ?? 1,
        nextUpdate: blob.nextUpdate ?? isoDate(Date.now() + 30 * DAY),
        entries: blob.entries ?? [],
      },
      blob.payload,
    );
    const signingInput = `${toBase64url(utf8(JSON.stringify(header)))}.${toBase64url(utf8(JSON.stringify(payload)))}`;
    return `${signingInput}.${toBase64url(await jwsSign(key, signingInput))}`;
  }

  return { root, signer, ...(intermediate ? { intermediate } : {}), x5c, createBlob };
}

export interface TestMetadataEntryOptions {
  /** The model's AAGUID (UUID text). */
  aaguid: string;
  /** DER certificates listed as attestationRootCertificates. */
  attestationRootCertificates: readonly Uint8Array[];
  /** Default "passkey-rp Test Authenticator". */
  description?: string;
  /** A data: URL. Default none. */
  icon?: string;
  /** Default one FIDO_CERTIFIED_L1 report effective a year ago. */
  statusReports?: readonly Record<string, unknown>[];
  /** Statement members to set over the honest ones; undefined deletes one. */
  statement?: Record<string, unknown>;
}

/**
 * A MetadataBLOBPayloadEntry (MDS 3.0 section 3.1.1) for a FIDO2 test authenticator, with a
 * metadata statement (FIDO Metadata Statement 3.0 section 4) holding the members it requires.
 */
export function testMetadataEntry(options: TestMetadataEntryOptions): Record<string, unknown> {
  const yearAgo = isoDate(Date.now() - 365 * DAY);
  const statement = withMembers(
    {
      legalHeader: 'passkey-rp test metadata: not for production use.',
      aaguid: options.aaguid,
      description: options.description ?? 'passkey-rp Test Authenticator',
      authenticatorVersion: 1,
      protocolFamily: 'fido2',
      schema: 3,
      upv: [{ major: 1, minor: 1 }],
      authenticationAlgorithms: ['secp256r1_ecdsa_sha256_raw'],
      publicKeyAlgAndEncodings: ['cose'],
      attestationTypes: ['basic_full'],
      userVerificationDetails: [[{ userVerificationMethod: 'presence_internal' }]],
      keyProtection: ['hardware', 'secure_element'],
      matcherProtection: ['on_chip'],
      attachmentHint: ['external', 'wired'],
      tcDisplay: [],
      attestationRootCertificates: options.attestationRootCertificates.map(base64),
      ...(options.icon === undefined ? {} : { icon: options.icon }),
    },
    options.statement,
  );
  return {
    aaguid: options.aaguid,
    metadataStatement: statement,
    statusReports: options.statusReports ?? [{ status: 'FIDO_CERTIFIED_L1', effectiveDate: yearAgo }],
    timeOfLastStatusChange: yearAgo,
  };
}
