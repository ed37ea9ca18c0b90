import { AsnSerializer } from '@peculiar/asn1-schema';
import {
  AttributeTypeAndValue,
  AttributeValue,
  GeneralName,
  Name,
  RelativeDistinguishedName,
  SubjectAlternativeName,
} from '@peculiar/asn1-x509';
import type { PublicKeyMaterial } from '../crypto/types.js';
import { COSE_ALG } from '../cose/algorithms.js';
import { decodeCoseKey } from '../cose/key.js';
import { concat } from '../encoding/bytes.js';
import { TCG_AT, TCG_KP_AIK_CERTIFICATE } from '../attestation/tpm/certificate.js';
import { TPM_ALG, TPM_ECC_CURVE, TPM_GENERATED_VALUE, TPM_ST_ATTEST_CERTIFY } from '../attestation/tpm/structures.js';
import type { AttestationSigner } from './authenticator.js';
import {
  createCertificate,
  createRootCa,
  generateCertificateKey,
  type CertificateKey,
  type CertificateOptions,
  type IssuedCertificate,
} from './ca.js';

/**
 * Test `tpm` attestation statements (WebAuthn L3 section 8.3), made the way a TPM and Windows
 * make them: a TPMT_PUBLIC for the credential key, a TPMS_ATTEST certifying it, signed by an AIK
 * whose certificate the test CA issues. Every part can be broken on its own.
 */

type HashName = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';
const NAME_ALG_HASH: Record<number, HashName> = {
  [TPM_ALG.SHA1]: 'SHA-1',
  [TPM_ALG.SHA256]: 'SHA-256',
  [TPM_ALG.SHA384]: 'SHA-384',
  [TPM_ALG.SHA512]: 'SHA-512',
};
const TPM_CURVES: Record<string, number> = {
  'P-256': TPM_ECC_CURVE.NIST_P256,
  'P-384': TPM_ECC_CURVE.NIST_P384,
  'P-521': TPM_ECC_CURVE.NIST_P521,
};
/** fixedTPM | fixedParent | sensitiveDataOrigin | userWithAuth | noDA | sign: what Windows Hello keys carry. */
const SIGNING_KEY_ATTRIBUTES = 0x00060472;

const u16 = (n: number) => Uint8Array.of(n >> 8, n & 0xff);
const u32 = (n: number) => Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
const u64 = (n: bigint) => concat(u32(Number(n >> 32n)), u32(Number(n & 0xffffffffn)));
const tpm2b = (bytes: Uint8Array) => concat(u16(bytes.length), bytes);

async function digest(hash: HashName, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest(hash, data as Uint8Array<ArrayBuffer>));
}

export interface PubAreaOptions {
  /** Default TPM_ALG_SHA256. */
  nameAlg?: number;
  objectAttributes?: number;
  /** RSA only: write 65537 as 0, the TPM's "default exponent" (default true). */
  defaultExponent?: boolean;
}

/** TPMT_PUBLIC (TPM 2.0 Part 2 section 12.2.4) for an RSA or NIST-curve EC key, with NULL symmetric and schemes. */
export function encodePubArea(key: PublicKeyMaterial, options: PubAreaOptions = {}): Uint8Array {
  const head = concat(u16(options.nameAlg ?? TPM_ALG.SHA256), u32(options.objectAttributes ?? SIGNING_KEY_ATTRIBUTES), tpm2b(new Uint8Array(0)));
  const NULL = u16(TPM_ALG.NULL);
  if (key.kind === 'rsa') {
    let exponent = 0;
    for (const b of key.e) exponent = exponent * 256 + b;
    const written = exponent === 65537 && options.defaultExponent !== false ? 0 : exponent;
    let n = key.n;
    while (n.length > 1 && n[0] === 0) n = n.subarray(1);
    return concat(u16(TPM_ALG.RSA), head, NULL, NULL, u16(n.length * 8), u32(written), tpm2b(n));
  }
  if (key.kind === 'ec' && TPM_CURVES[key.curve] !== undefined) {
    return concat(u16(TPM_ALG.ECC), head, NULL, NULL, u16(TPM_CURVES[key.curve]!), NULL, tpm2b(key.x), tpm2b(key.y));
  }
  throw new Error(`a TPM cannot hold a ${key.kind === 'ec' ? key.curve : key.kind} key`);
}

/** The TPM Name of a TPMT_PUBLIC (TPM 2.0 Part 1 section 16): nameAlg || H_nameAlg(pubArea). */
export async function tpmName(pubArea: Uint8Array, nameAlg: number = TPM_ALG.SHA256): Promise<Uint8Array> {
  const hash = NAME_ALG_HASH[nameAlg];
  if (!hash) throw new Error(`no hash for nameAlg 0x${nameAlg.toString(16)}`);
  return concat(u16(nameAlg), await digest(hash, pubArea));
}

export interface CertInfoFields {
  /** Default TPM_GENERATED_VALUE. */
  magic?: number;
  /** Default TPM_ST_ATTEST_CERTIFY. */
  type?: number;
  qualifiedSigner?: Uint8Array;
  extraData: Uint8Array;
  clock?: bigint;
  resetCount?: number;
  restartCount?: number;
  safe?: number;
  firmwareVersion?: bigint;
  name: Uint8Array;
  qualifiedName?: Uint8Array;
}

/** TPMS_ATTEST with a TPMS_CERTIFY_INFO (TPM 2.0 Part 2 sections 10.12.12 and 10.12.3). */
export function encodeCertInfo(fields: CertInfoFields): Uint8Array {
  return concat(
    u32(fields.magic ?? TPM_GENERATED_VALUE),
    u16(fields.type ?? TPM_ST_ATTEST_CERTIFY),
    tpm2b(fields.qualifiedSigner ?? concat(u16(TPM_ALG.SHA256), new Uint8Array(32).fill(0x51))),
    tpm2b(fields.extraData),
    u64(fields.clock ?? 1_000_000n),
    u32(fields.resetCount ?? 3),
    u32(fields.restartCount ?? 0),
    Uint8Array.of(fields.safe ?? 1),
    u64(fields.firmwareVersion ?? 0x0007000200000000n),
    tpm2b(fields.name),
    tpm2b(fields.qualifiedName ?? concat(u16(TPM_ALG.SHA256), new Uint8Array(32).fill(0x71))),
  );
}

/** The AIK key algorithm, which is also the statement's `alg`. Windows Hello TPMs use RS1 or RS256. */
export type TpmAikAlgorithm = 'RS256' | 'RS1' | 'ES256';

/** The AIK certificate's subjectAltName layout: 'spec' puts each TPM attribute in its own RDN
 * (TCG EK profile section 3.2.9); 'multi-valued' puts all three in one RDN, as many real TPMs do. */
export type TpmSanLayout = 'spec' | 'multi-valued';

/** One change to an otherwise honest statement, for negative tests. */
export interface TpmTamper {
  magic?: number;
  type?: number;
  extraData?: Uint8Array;
  /** certInfo attested.name. */
  attestedName?: Uint8Array;
  /** A key other than the credential's in pubArea (certInfo then certifies that pubArea). */
  pubAreaKey?: PublicKeyMaterial;
  /** attStmt members to set (undefined deletes one), applied last: e.g. { ver: '1.2' } or { ecdaaKeyId: ... }. */
  attStmt?: Record<string, unknown>;
}

export interface TpmAttestationOptions {
  /** Issues the AIK certificate. Default: a fresh test root CA. */
  issuer?: IssuedCertificate;
  /** Default 'RS256'. */
  alg?: TpmAikAlgorithm;
  /** The AIK key pair to certify, of algorithm `alg` (RSA keys are slow to make: share one). Default: a fresh one. */
  aikKey?: CertificateKey;
  /** tcg-at-tpmManufacturer. Default "id:4E544300" (Nuvoton). */
  manufacturer?: string;
  /** tcg-at-tpmModel. Default "NPCT75x". */
  model?: string;
  /** tcg-at-tpmVersion. Default "id:00070002". */
  version?: string;
  /** Default 'spec'. */
  sanLayout?: TpmSanLayout;
  /** Put this AAGUID in the AIK certificate's id-fido-gen-ce-aaguid extension. Default: no extension. */
  aaguid?: Uint8Array;
  /** Fields of the AIK certificate to replace (subject, extKeyUsage, basicConstraints, version, ...). */
  aikCertificate?: Partial<CertificateOptions>;
  tamper?: TpmTamper;
}

export interface TpmAttestation {
  /** Makes a statement for the software authenticator or a test (fmt "tpm"). */
  signer: AttestationSigner;
  /** The AIK: its certificate is x5c[0]. */
  aik: IssuedCertificate;
  /** The AIK certificate's issuer; x5c[1], and the trust anchor to configure. */
  issuer: IssuedCertificate;
}

const STATEMENT_ALG: Record<TpmAikAlgorithm, number> = { RS256: COSE_ALG.RS256, RS1: COSE_ALG.RS1, ES256: COSE_ALG.ES256 };
const EXTRA_DATA_HASH: Record<TpmAikAlgorithm, HashName> = { RS256: 'SHA-256', RS1: 'SHA-1', ES256: 'SHA-256' };

/** The subjectAltName extension value naming the TPM (TCG EK Credential Profile section 3.2.9). */
export function tpmSubjectAltName(manufacturer: string, model: string, version: string, layout: TpmSanLayout = 'spec'): Uint8Array {
  const attribute = (type: string, value: string) => new AttributeTypeAndValue({ type, value: new AttributeValue({ utf8String: value }) });
  const attributes = [
    attribute(TCG_AT.tpmManufacturer, manufacturer),
    attribute(TCG_AT.tpmModel, model),
    attribute(TCG_AT.tpmVersion, version),
  ];
  const rdns =
    layout === 'spec' ? attributes.map((a) => new RelativeDistinguishedName([a])) : [new RelativeDistinguishedName(attributes.reverse())];
  const san = new SubjectAlternativeName([new GeneralName({ directoryName: new Name(rdns) })]);
  return new Uint8Array(AsnSerializer.serialize(san));
}

/**
 * A TPM that attests credentials: an AIK, its certificate (version 3, empty subject, critical
 * subjectAltName naming the TPM, extKeyUsage tcg-kp-AIKCertificate, basicConstraints CA false),
 * and a signer that builds pubArea, certInfo and sig for each new credential.
 */
export async function createTpmAttestation(options: TpmAttestationOptions = {}): Promise<TpmAttestation> {
  const alg = options.alg ?? 'RS256';
  const issuer = options.issuer ?? (await createRootCa([['CN', 'passkey-rp Test TPM Root CA']]));
  const key = options.aikKey ?? (await generateCertificateKey(alg));
  if (key.alg !== alg) throw new Error(`aikKey is ${key.alg}, not ${alg}`);
  const der = await createCertificate({
    subject: [],
    subjectKey: key,
    issuer: { name: issuer.name, key: issuer.key },
    basicConstraints: { ca: false },
    keyUsage: ['digitalSignature'],
    extKeyUsage: [TCG_KP_AIK_CERTIFICATE],
    extensions: [
      {
        oid: '2.5.29.17',
        critical: true,
        value: tpmSubjectAltName(
          options.manufacturer ?? 'id:4E544300',
          options.model ?? 'NPCT75x',
          options.version ?? 'id:00070002',
          options.sanLayout,
        ),
      },
    ],
    ...(options.aaguid ? { aaguid: options.aaguid } : {}),
    ...options.aikCertificate,
  });
  const aik: IssuedCertificate = { der, name: [], key };
  const tamper = options.tamper ?? {};

  const signer: AttestationSigner = async ({ authData, clientDataHash, credential }) => {
    const credentialKey = tamper.pubAreaKey ?? decodeCoseKey(credential.cosePublicKey).key;
    const pubArea = encodePubArea(credentialKey);
    // WebAuthn L3 section 8.3 signing procedure: extraData is the digest of attToBeSigned with alg's hash.
    const extraData = tamper.extraData ?? (await digest(EXTRA_DATA_HASH[alg], concat(authData, clientDataHash)));
    const certInfo = encodeCertInfo({
      ...(tamper.magic === undefined ? {} : { magic: tamper.magic }),
      ...(tamper.type === undefined ? {} : { type: tamper.type }),
      extraData,
      name: tamper.attestedName ?? (await tpmName(pubArea)),
    });
    const attStmt = new Map<string, unknown>([
      ['ver', '2.0'],
      ['alg', STATEMENT_ALG[alg]],
      ['x5c', [aik.der, issuer.der]],
      ['sig', await key.sign(certInfo)],
      ['certInfo', certInfo],
      ['pubArea', pubArea],
    ]);
    for (const [member, value] of Object.entries(tamper.attStmt ?? {})) {
      if (value === undefined) attStmt.delete(member);
      else attStmt.set(member, value);
    }
    return { fmt: 'tpm', attStmt };
  };
  return { signer, aik, issuer };
}
