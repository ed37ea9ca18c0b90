import { WebAuthnError } from '../../errors.js';

/**
 * Parsers for the two TPM 2.0 structures a `tpm` attestation statement carries (WebAuthn L3
 * section 8.3): TPMT_PUBLIC (`pubArea`, TPM 2.0 Part 2 section 12.2.4) and TPMS_ATTEST
 * (`certInfo`, Part 2 section 10.12.12). Both are big-endian, with TPM2B_* fields as a 16-bit size
 * then that many bytes. Every read is bounds-checked, every TPM2B size is capped at the TPM's own
 * maximum for that field, and no trailing bytes are allowed.
 */

/** TPM_ALG_ID values used here (TPM 2.0 Part 2 section 6.3). */
export const TPM_ALG = {
  RSA: 0x0001,
  SHA1: 0x0004,
  SHA256: 0x000b,
  SHA384: 0x000c,
  SHA512: 0x000d,
  NULL: 0x0010,
  ECDAA: 0x001a,
  ECC: 0x0023,
} as const;

/** TPM_ECC_CURVE values (TPM 2.0 Part 2 section 6.4). */
export const TPM_ECC_CURVE = {
  NIST_P256: 0x0003,
  NIST_P384: 0x0004,
  NIST_P521: 0x0005,
} as const;

/** TPM_GENERATED_VALUE: 0xFF 'TCG' (Part 2 section 6.2). */
export const TPM_GENERATED_VALUE = 0xff544347;
/** TPM_ST_ATTEST_CERTIFY (Part 2 section 6.9). */
export const TPM_ST_ATTEST_CERTIFY = 0x8017;

/** Largest pubArea or certInfo accepted: a 4096-bit RSA TPMT_PUBLIC is about 600 bytes. */
export const MAX_TPM_STRUCTURE = 4096;
/** MAX_RSA_KEY_BYTES for 4096-bit keys (Part 2 section 11.2.4.5). */
const MAX_RSA_KEY_BYTES = 512;
/** MAX_ECC_KEY_BYTES covers every TPM curve, up to BN P638 (Part 2 section 11.2.5.1). */
const MAX_ECC_KEY_BYTES = 128;
/** sizeof(TPMU_HA): the largest digest, SHA-512 (Part 2 section 10.3.1). */
const MAX_DIGEST = 64;
/** sizeof(TPMT_HA): the bound of TPM2B_NAME and TPM2B_DATA (Part 2 sections 10.4.3 and 10.5.3). */
const MAX_TPMT_HA = 2 + MAX_DIGEST;

/** TPMT_SYM_DEF_OBJECT (Part 2 section 11.1.7): keyBits and mode are absent for TPM_ALG_NULL. */
export interface TpmSymmetricDefinition {
  algorithm: number;
  keyBits?: number;
  mode?: number;
}

/** TPMT_RSA_SCHEME, TPMT_ECC_SCHEME, TPMT_KDF_SCHEME: details are absent for TPM_ALG_NULL. */
export interface TpmScheme {
  scheme: number;
  hashAlg?: number;
  /** Only for TPM_ALG_ECDAA (TPMS_SCHEME_ECDAA). */
  count?: number;
}

/** TPMS_RSA_PARMS (Part 2 section 12.2.3.5). */
export interface TpmRsaParameters {
  symmetric: TpmSymmetricDefinition;
  scheme: TpmScheme;
  keyBits: number;
  /** As encoded; 0 means the default exponent 2^16 + 1. */
  exponent: number;
}

/** TPMS_ECC_PARMS (Part 2 section 12.2.3.6). */
export interface TpmEccParameters {
  symmetric: TpmSymmetricDefinition;
  scheme: TpmScheme;
  curveId: number;
  kdf: TpmScheme;
}

interface TpmPublicAreaCommon {
  nameAlg: number;
  /** TPMA_OBJECT bits. */
  objectAttributes: number;
  authPolicy: Uint8Array;
  /** The whole structure, as the TPM hashed it for the Name. */
  bytes: Uint8Array;
}

export interface TpmRsaPublicArea extends TpmPublicAreaCommon {
  type: typeof TPM_ALG.RSA;
  parameters: TpmRsaParameters;
  /** TPM2B_PUBLIC_KEY_RSA: the modulus. */
  unique: { n: Uint8Array };
}

export interface TpmEccPublicArea extends TpmPublicAreaCommon {
  type: typeof TPM_ALG.ECC;
  parameters: TpmEccParameters;
  /** TPMS_ECC_POINT. */
  unique: { x: Uint8Array; y: Uint8Array };
}

/** TPMT_PUBLIC for the two key types WebAuthn credentials use. */
export type TpmPublicArea = TpmRsaPublicArea | TpmEccPublicArea;

/** TPMS_CLOCK_INFO (Part 2 section 10.11.1). */
export interface TpmClockInfo {
  clock: bigint;
  resetCount: number;
  restartCount: number;
  safe: boolean;
}

/** TPMS_ATTEST (Part 2 section 10.12.12) whose `attested` is a TPMS_CERTIFY_INFO (section 10.12.3). */
export interface TpmCertifyAttest {
  magic: number;
  type: number;
  qualifiedSigner: Uint8Array;
  extraData: Uint8Array;
  clockInfo: TpmClockInfo;
  firmwareVersion: bigint;
  attested: { name: Uint8Array; qualifiedName: Uint8Array };
  /** The whole structure, as signed. */
  bytes: Uint8Array;
}

class TpmReader {
  private offset = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
  ) {
    if (bytes.length > MAX_TPM_STRUCTURE) {
      throw new WebAuthnError('input_too_large', `TPM ${what} is larger than ${MAX_TPM_STRUCTURE} bytes`, { step: '8.3 tpm' });
    }
  }

  fail(message: string): never {
    throw new WebAuthnError('attestation_statement_invalid', `TPM ${this.what} ${message}`, { step: '8.3 tpm' });
  }

  private take(length: number, field: string): Uint8Array {
    if (this.offset + length > this.bytes.length) this.fail(`ends inside ${field}`);
    const out = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  u8(field: string): number {
    return this.take(1, field)[0]!;
  }

  u16(field: string): number {
    const b = this.take(2, field);
    return (b[0]! << 8) | b[1]!;
  }

  u32(field: string): number {
    const b = this.take(4, field);
    return ((b[0]! << 24) >>> 0) + (b[1]! << 16) + (b[2]! << 8) + b[3]!;
  }

  u64(field: string): bigint {
    const high = BigInt(this.u32(field));
    return (high << 32n) | BigInt(this.u32(field));
  }

  /** A TPM2B_*: 16-bit size, then the bytes; `max` is the TPM's bound for this field. */
  sized(field: string, max: number): Uint8Array {
    const size = this.u16(`${field} size`);
    if (size > max) this.fail(`${field} is ${size} bytes; at most ${max} are allowed`);
    return this.take(size, field);
  }

  end(): void {
    if (this.offset !== this.bytes.length) this.fail(`has ${this.bytes.length - this.offset} trailing bytes`);
  }
}

function readSymmetric(r: TpmReader): TpmSymmetricDefinition {
  const algorithm = r.u16('parameters.symmetric.algorithm');
  if (algorithm === TPM_ALG.NULL) return { algorithm };
  return { algorithm, keyBits: r.u16('parameters.symmetric.keyBits'), mode: r.u16('parameters.symmetric.mode') };
}

/** TPMT_RSA_SCHEME / TPMT_ECC_SCHEME / TPMT_KDF_SCHEME: every non-NULL scheme carries a hash (and ECDAA a count). */
function readScheme(r: TpmReader, field: string): TpmScheme {
  const scheme = r.u16(`${field}.scheme`);
  if (scheme === TPM_ALG.NULL) return { scheme };
  const hashAlg = r.u16(`${field}.hashAlg`);
  if (scheme === TPM_ALG.ECDAA) return { scheme, hashAlg, count: r.u16(`${field}.count`) };
  return { scheme, hashAlg };
}

/** Parses TPMT_PUBLIC (the `pubArea` of a tpm statement). Only RSA and ECC keys are accepted. */
export function parsePubArea(bytes: Uint8Array): TpmPublicArea {
  const r = new TpmReader(bytes, 'pubArea');
  const type = r.u16('type');
  if (type !== TPM_ALG.RSA && type !== TPM_ALG.ECC) {
    return r.fail(`type 0x${type.toString(16).padStart(4, '0')} is neither TPM_ALG_RSA nor TPM_ALG_ECC`);
  }
  const nameAlg = r.u16('nameAlg');
  const objectAttributes = r.u32('objectAttributes');
  const authPolicy = r.sized('authPolicy', MAX_DIGEST);
  const common = { nameAlg, objectAttributes, authPolicy, bytes };

  if (type === TPM_ALG.RSA) {
    const symmetric = readSymmetric(r);
    const scheme = readScheme(r, 'parameters.scheme');
    const keyBits = r.u16('parameters.keyBits');
    const exponent = r.u32('parameters.exponent');
    const n = r.sized('unique (RSA modulus)', MAX_RSA_KEY_BYTES);
    r.end();
    return { ...common, type, parameters: { symmetric, scheme, keyBits, exponent }, unique: { n } };
  }

  const symmetric = readSymmetric(r);
  const scheme = readScheme(r, 'parameters.scheme');
  const curveId = r.u16('parameters.curveID');
  const kdf = readScheme(r, 'parameters.kdf');
  const x = r.sized('unique.x', MAX_ECC_KEY_BYTES);
  const y = r.sized('unique.y', MAX_ECC_KEY_BYTES);
  r.end();
  return { ...common, type, parameters: { symmetric, scheme, curveId, kdf }, unique: { x, y } };
}

/**
 * Parses TPMS_ATTEST (the `certInfo` of a tpm statement). The first two checks of WebAuthn L3
 * section 8.3 "Validate that certInfo is valid" happen here, because `type` selects the layout
 * of `attested`: magic must be TPM_GENERATED_VALUE and type TPM_ST_ATTEST_CERTIFY.
 */
export function parseCertInfo(bytes: Uint8Array): TpmCertifyAttest {
  const r = new TpmReader(bytes, 'certInfo');
  const magic = r.u32('magic');
  // 8.3: "Verify that magic is set to TPM_GENERATED_VALUE."
  if (magic !== TPM_GENERATED_VALUE) r.fail(`magic is 0x${magic.toString(16)}, not TPM_GENERATED_VALUE`);
  const type = r.u16('type');
  // 8.3: "Verify that type is set to TPM_ST_ATTEST_CERTIFY."
  if (type !== TPM_ST_ATTEST_CERTIFY) r.fail(`type is 0x${type.toString(16)}, not TPM_ST_ATTEST_CERTIFY`);
  const qualifiedSigner = r.sized('qualifiedSigner', MAX_TPMT_HA);
  const extraData = r.sized('extraData', MAX_TPMT_HA);
  const clock = r.u64('clockInfo.clock');
  const resetCount = r.u32('clockInfo.resetCount');
  const restartCount = r.u32('clockInfo.restartCount');
  const safe = r.u8('clockInfo.safe');
  // TPMI_YES_NO admits only 0 and 1 (Part 2 section 9.2).
  if (safe > 1) r.fail(`clockInfo.safe is ${safe}; only 0 and 1 are allowed`);
  const firmwareVersion = r.u64('firmwareVersion');
  const name = r.sized('attested.name', MAX_TPMT_HA);
  const qualifiedName = r.sized('attested.qualifiedName', MAX_TPMT_HA);
  r.end();
  return {
    magic,
    type,
    qualifiedSigner,
    extraData,
    clockInfo: { clock, resetCount, restartCount, safe: safe === 1 },
    firmwareVersion,
    attested: { name, qualifiedName },
    bytes,
  };
}
