import { COSE_ALG } from '../cose/algorithms.js';
import { concat, fromUuid } from '../encoding/bytes.js';
import type { AttestationSigner } from './authenticator.js';
import {
  createIntermediateCa,
  createLeafCertificate,
  createRootCa,
  generateCertificateKey,
  PACKED_ATTESTATION_SUBJECT,
  type CertificateKey,
  type CertificateKeyAlgorithm,
  type CertificateOptions,
  type IssuedCertificate,
  type NameSpec,
} from './ca.js';

/**
 * Test `packed` attestation statements with an x5c chain (WebAuthn L3 section 8.2, Basic or
 * AttCA): an attestation certificate (section 8.2.1) issued once by the test CA, whose key signs
 * authenticatorData || clientDataHash for every credential. Every checked part can be broken.
 */

/** The statement's `alg` for each attestation key algorithm ("alg ... of the attestation private key"). */
const STATEMENT_ALG: Record<CertificateKeyAlgorithm, number> = {
  ES256: COSE_ALG.ES256,
  ES384: COSE_ALG.ES384,
  ES512: COSE_ALG.ES512,
  RS256: COSE_ALG.RS256,
  RS384: COSE_ALG.RS384,
  RS512: COSE_ALG.RS512,
  RS1: COSE_ALG.RS1,
  PS256: COSE_ALG.PS256,
  PS384: COSE_ALG.PS384,
  PS512: COSE_ALG.PS512,
  Ed25519: COSE_ALG.EdDSA,
};

const DAY = 86400_000;

/** What x5c carries: the attestation certificate alone, issued by `issuer`, or with an intermediate between them. */
export type AttestationChainShape = 'leaf' | 'leaf+intermediate';

/** One change to an otherwise honest statement, for negative tests. */
export interface PackedTamper {
  /** The statement's `alg`, in place of the attestation key's. */
  alg?: number;
  /** Flip a bit of `sig` after signing. */
  corruptSignature?: boolean;
  /** attStmt members to set (undefined deletes one), applied last. */
  attStmt?: Record<string, unknown>;
}

export interface PackedAttestationOptions {
  /** The trust anchor: issues the intermediate, or the leaf when `chain` is 'leaf'. Default: a fresh test root CA. */
  issuer?: IssuedCertificate;
  /** Default 'leaf+intermediate': x5c = [leaf, intermediate], `issuer` the anchor. */
  chain?: AttestationChainShape;
  /** The attestation key's algorithm. Default 'ES256'. */
  alg?: CertificateKeyAlgorithm;
  /** The attestation key, of algorithm `alg` (RSA keys are slow to make: share one). Default: a fresh one. */
  leafKey?: CertificateKey;
  /** Put this AAGUID (bytes or UUID text) in the id-fido-gen-ce-aaguid extension. Default: no extension. */
  aaguid?: Uint8Array | string;
  /** The leaf's subject. Default PACKED_ATTESTATION_SUBJECT (C, O, OU "Authenticator Attestation", CN). */
  subject?: NameSpec;
  /** Make the leaf a CA (basicConstraints cA true), which 8.2.1 forbids. */
  caLeaf?: boolean;
  /** Make the leaf's validity end yesterday. */
  expired?: boolean;
  /** Any other leaf certificate fields to replace (version, a critical AAGUID extension, validity, ...). */
  leafCertificate?: Partial<CertificateOptions>;
  tamper?: PackedTamper;
}

export interface PackedAttestation {
  /** Makes a statement for the software authenticator or a test (fmt "packed"); one signature per call. */
  signer: AttestationSigner;
  /** The attestation certificate, x5c[0]. */
  leaf: IssuedCertificate;
  /** x5c[1], when `chain` is 'leaf+intermediate'. */
  intermediate?: IssuedCertificate;
  /** The trust anchor to configure (not in x5c). */
  issuer: IssuedCertificate;
  /** The x5c every statement carries. */
  x5c: Uint8Array[];
}

function aaguidBytes(aaguid: Uint8Array | string): Uint8Array {
  if (aaguid instanceof Uint8Array) return aaguid;
  const bytes = fromUuid(aaguid);
  if (!bytes) throw new Error(`not a UUID: ${aaguid}`);
  return bytes;
}

/**
 * An authenticator model with a packed attestation certificate. The CA keys and the certificates
 * are made here, once; each credential then costs one signature, so one instance can attest any
 * number of credentials (as a batch of real authenticators shares one certificate).
 */
export async function createPackedAttestation(options: PackedAttestationOptions = {}): Promise<PackedAttestation> {
  const alg = options.alg ?? 'ES256';
  const issuer = options.issuer ?? (await createRootCa([['CN', 'passkey-rp Test Packed Root CA']]));
  const intermediate =
    (options.chain ?? 'leaf+intermediate') === 'leaf+intermediate'
      ? await createIntermediateCa(issuer, [['CN', 'passkey-rp Test Packed Intermediate CA']])
      : undefined;
  const key = options.leafKey ?? (await generateCertificateKey(alg));
  if (key.alg !== alg) throw new Error(`leafKey is ${key.alg}, not ${alg}`);
  const now = Date.now();
  const leaf = await createLeafCertificate(intermediate ?? issuer, {
    key,
    subject: options.subject ?? PACKED_ATTESTATION_SUBJECT,
    ...(options.aaguid === undefined ? {} : { aaguid: aaguidBytes(options.aaguid) }),
    ...(options.caLeaf ? { basicConstraints: { ca: true } } : {}),
    ...(options.expired ? { notBefore: new Date(now - 30 * DAY), notAfter: new Date(now - DAY) } : {}),
    ...options.leafCertificate,
  });
  const x5c = intermediate ? [leaf.der, intermediate.der] : [leaf.der];
  const tamper = options.tamper ?? {};

  const signer: AttestationSigner = async ({ authData, clientDataHash }) => {
    // 8.2 signing procedure: sign authenticatorData || clientDataHash with the attestation private
    // key; x5c is attestnCert followed by its chain; alg is the attestation key's algorithm.
    const sig = await key.sign(concat(authData, clientDataHash));
    if (tamper.corruptSignature) sig[sig.length - 1]! ^= 0x01;
    const attStmt = new Map<string, unknown>([
      ['alg', tamper.alg ?? STATEMENT_ALG[alg]],
      ['sig', sig],
      ['x5c', x5c],
    ]);
    for (const [member, value] of Object.entries(tamper.attStmt ?? {})) {
      if (value === undefined) attStmt.delete(member);
      else attStmt.set(member, value);
    }
    return { fmt: 'packed', attStmt };
  };
  return { signer, leaf, ...(intermediate ? { intermediate } : {}), issuer, x5c };
}
