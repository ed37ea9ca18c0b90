import { describe, expect, it } from 'vitest';
import { sha256 } from '../../src/crypto/index.js';
import { concat } from '../../src/encoding/bytes.js';
import {
  MAX_TPM_STRUCTURE,
  parseCertInfo,
  parsePubArea,
  TPM_ALG,
  TPM_ECC_CURVE,
  TPM_GENERATED_VALUE,
  TPM_ST_ATTEST_CERTIFY,
} from '../../src/attestation/tpm/structures.js';
import { encodeCertInfo, encodePubArea, tpmName } from '../../src/testing/attestation-tpm.js';
import { errorCode } from '../helpers/errors.js';

/** TPM 2.0 Part 2 structures: TPMT_PUBLIC (pubArea) and TPMS_ATTEST (certInfo), strictly bounded. */

const u16 = (n: number) => Uint8Array.of(n >> 8, n & 0xff);
const u32 = (n: number) => Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
const tpm2b = (bytes: Uint8Array) => concat(u16(bytes.length), bytes);

const ecKey = {
  kind: 'ec' as const,
  curve: 'P-256' as const,
  x: Uint8Array.from({ length: 32 }, (_, i) => i + 1),
  y: Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i),
};
const rsaKey = { kind: 'rsa' as const, n: Uint8Array.from({ length: 256 }, (_, i) => (i * 7 + 0x81) & 0xff), e: Uint8Array.of(1, 0, 1) };

describe('parsePubArea (TPMT_PUBLIC)', () => {
  it('reads an ECC P-256 signing key', () => {
    const pubArea = parsePubArea(encodePubArea(ecKey));
    expect(pubArea.type).toBe(TPM_ALG.ECC);
    expect(pubArea.nameAlg).toBe(TPM_ALG.SHA256);
    expect(pubArea.objectAttributes).toBe(0x00060472);
    expect(pubArea.authPolicy.length).toBe(0);
    if (pubArea.type !== TPM_ALG.ECC) throw new Error('not ECC');
    expect(pubArea.parameters).toEqual({
      symmetric: { algorithm: TPM_ALG.NULL },
      scheme: { scheme: TPM_ALG.NULL },
      curveId: TPM_ECC_CURVE.NIST_P256,
      kdf: { scheme: TPM_ALG.NULL },
    });
    expect(pubArea.unique.x).toEqual(ecKey.x);
    expect(pubArea.unique.y).toEqual(ecKey.y);
  });

  it('reads an RSA key, keeping exponent 0 (the default 65537) as encoded', () => {
    const pubArea = parsePubArea(encodePubArea(rsaKey));
    if (pubArea.type !== TPM_ALG.RSA) throw new Error('not RSA');
    expect(pubArea.parameters.keyBits).toBe(2048);
    expect(pubArea.parameters.exponent).toBe(0);
    expect(pubArea.unique.n).toEqual(rsaKey.n);
    const explicit = parsePubArea(encodePubArea(rsaKey, { defaultExponent: false }));
    if (explicit.type !== TPM_ALG.RSA) throw new Error('not RSA');
    expect(explicit.parameters.exponent).toBe(65537);
  });

  it('reads non-NULL symmetric definitions and schemes with their details (ECDAA has a count)', () => {
    const bytes = concat(
      u16(TPM_ALG.ECC),
      u16(TPM_ALG.SHA384),
      u32(0x00040072),
      tpm2b(new Uint8Array(48).fill(9)),
      concat(u16(0x0006), u16(128), u16(0x0043)), // AES-128-CFB
      concat(u16(TPM_ALG.ECDAA), u16(TPM_ALG.SHA256), u16(7)),
      u16(TPM_ECC_CURVE.NIST_P384),
      concat(u16(0x0020), u16(TPM_ALG.SHA256)), // KDF1_SP800_56A
      tpm2b(new Uint8Array(48).fill(1)),
      tpm2b(new Uint8Array(48).fill(2)),
    );
    const pubArea = parsePubArea(bytes);
    if (pubArea.type !== TPM_ALG.ECC) throw new Error('not ECC');
    expect(pubArea.authPolicy.length).toBe(48);
    expect(pubArea.parameters.symmetric).toEqual({ algorithm: 0x0006, keyBits: 128, mode: 0x0043 });
    expect(pubArea.parameters.scheme).toEqual({ scheme: TPM_ALG.ECDAA, hashAlg: TPM_ALG.SHA256, count: 7 });
    expect(pubArea.parameters.kdf).toEqual({ scheme: 0x0020, hashAlg: TPM_ALG.SHA256 });
  });

  it('rejects a key type other than RSA or ECC', () => {
    const bytes = encodePubArea(ecKey);
    bytes.set(u16(0x0008), 0); // TPM_ALG_KEYEDHASH
    expect(errorCode(() => parsePubArea(bytes))).toBe('attestation_statement_invalid');
  });

  it('rejects every truncation, and trailing bytes, as an invalid statement', () => {
    for (const bytes of [encodePubArea(ecKey), encodePubArea(rsaKey)]) {
      for (let length = 0; length < bytes.length; length++) {
        expect(errorCode(() => parsePubArea(bytes.subarray(0, length)))).toBe('attestation_statement_invalid');
      }
      expect(errorCode(() => parsePubArea(concat(bytes, Uint8Array.of(0))))).toBe('attestation_statement_invalid');
    }
  });

  it('caps each TPM2B at the TPM maximum for its field', () => {
    // An RSA modulus over MAX_RSA_KEY_BYTES (512), with the bytes actually present.
    const huge = encodePubArea({ ...rsaKey, n: new Uint8Array(513).fill(0xc1) });
    expect(errorCode(() => parsePubArea(huge))).toBe('attestation_statement_invalid');
    // An authPolicy longer than any digest.
    const policy = concat(u16(TPM_ALG.ECC), u16(TPM_ALG.SHA256), u32(0), tpm2b(new Uint8Array(65)));
    expect(errorCode(() => parsePubArea(policy))).toBe('attestation_statement_invalid');
  });

  it('refuses input larger than MAX_TPM_STRUCTURE before reading it', () => {
    expect(errorCode(() => parsePubArea(new Uint8Array(MAX_TPM_STRUCTURE + 1)))).toBe('input_too_large');
  });
});

describe('parseCertInfo (TPMS_ATTEST with TPMS_CERTIFY_INFO)', () => {
  const name = concat(u16(TPM_ALG.SHA256), new Uint8Array(32).fill(0xaa));
  const extraData = new Uint8Array(32).fill(0x3c);

  it('reads every field', () => {
    const bytes = encodeCertInfo({
      extraData,
      name,
      clock: 0x0102030405n,
      resetCount: 9,
      restartCount: 2,
      safe: 0,
      firmwareVersion: 0x1122334455667788n,
      qualifiedName: Uint8Array.of(0, 4, 1, 2, 3, 4),
    });
    const certInfo = parseCertInfo(bytes);
    expect(certInfo.magic).toBe(TPM_GENERATED_VALUE);
    expect(certInfo.type).toBe(TPM_ST_ATTEST_CERTIFY);
    expect(certInfo.extraData).toEqual(extraData);
    expect(certInfo.clockInfo).toEqual({ clock: 0x0102030405n, resetCount: 9, restartCount: 2, safe: false });
    expect(certInfo.firmwareVersion).toBe(0x1122334455667788n);
    expect(certInfo.attested.name).toEqual(name);
    expect(certInfo.attested.qualifiedName).toEqual(Uint8Array.of(0, 4, 1, 2, 3, 4));
    expect(certInfo.bytes).toBe(bytes);
  });

  it('rejects a magic other than TPM_GENERATED_VALUE', () => {
    expect(errorCode(() => parseCertInfo(encodeCertInfo({ extraData, name, magic: 0xff544348 })))).toBe('attestation_statement_invalid');
  });

  it('rejects a type other than TPM_ST_ATTEST_CERTIFY (e.g. TPM_ST_ATTEST_QUOTE)', () => {
    expect(errorCode(() => parseCertInfo(encodeCertInfo({ extraData, name, type: 0x8018 })))).toBe('attestation_statement_invalid');
  });

  it('rejects clockInfo.safe other than 0 or 1', () => {
    expect(errorCode(() => parseCertInfo(encodeCertInfo({ extraData, name, safe: 2 })))).toBe('attestation_statement_invalid');
  });

  it('rejects an extraData or name longer than a TPMT_HA', () => {
    expect(errorCode(() => parseCertInfo(encodeCertInfo({ extraData: new Uint8Array(67), name })))).toBe('attestation_statement_invalid');
    expect(errorCode(() => parseCertInfo(encodeCertInfo({ extraData, name: new Uint8Array(67) })))).toBe('attestation_statement_invalid');
  });

  it('rejects every truncation, and trailing bytes', () => {
    const bytes = encodeCertInfo({ extraData, name });
    for (let length = 0; length < bytes.length; length++) {
      expect(errorCode(() => parseCertInfo(bytes.subarray(0, length)))).toBe('attestation_statement_invalid');
    }
    expect(errorCode(() => parseCertInfo(concat(bytes, Uint8Array.of(0))))).toBe('attestation_statement_invalid');
  });

  it('never throws anything but a WebAuthnError on random bytes', () => {
    for (let i = 0; i < 500; i++) {
      const bytes = crypto.getRandomValues(new Uint8Array(6 + (i % 200)));
      if (i % 2 === 0) bytes.set(u32(TPM_GENERATED_VALUE), 0);
      if (i % 4 === 0) bytes.set(u16(TPM_ST_ATTEST_CERTIFY), 4);
      const cert = errorCode(() => parseCertInfo(bytes));
      const pub = errorCode(() => parsePubArea(bytes));
      expect(cert === 'no error' || cert === 'attestation_statement_invalid').toBe(true);
      expect(pub === 'no error' || pub === 'attestation_statement_invalid').toBe(true);
    }
  });
});

describe('tpmName (TPM 2.0 Part 1 section 16)', () => {
  it('is nameAlg followed by the nameAlg digest of the whole pubArea', async () => {
    const pubArea = encodePubArea(ecKey);
    const name = await tpmName(pubArea);
    expect(name.subarray(0, 2)).toEqual(u16(TPM_ALG.SHA256));
    expect(name.subarray(2)).toEqual(await sha256(pubArea));
    expect((await tpmName(pubArea, TPM_ALG.SHA1)).length).toBe(22);
  });
});
