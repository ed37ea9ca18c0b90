import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAttestation } from '../../src/attestation/index.js';
import { verifyTpm } from '../../src/attestation/tpm/index.js';
import { TPM_ALG } from '../../src/attestation/tpm/structures.js';
import { sha256 } from '../../src/crypto/index.js';
import { decodeCoseKey } from '../../src/cose/key.js';
import { concat } from '../../src/encoding/bytes.js';
import type { ErrorCode } from '../../src/errors.js';
import { createTpmAttestation, tpmSubjectAltName, type TpmAttestationOptions } from '../../src/testing/attestation-tpm.js';
import { createRootCa, generateCertificateKey, type CertificateKey, type IssuedCertificate } from '../../src/testing/ca.js';
import { generateTestKeyPair, type TestKeyPair } from '../../src/testing/keys.js';
import { AAGUID, clientDataHashOf, credential, rejection, statementInput, registerTrusted } from './helpers.js';

/** The tpm attestation statement format (WebAuthn L3 section 8.3) and its AIK certificate (8.3.1). */

let root: IssuedCertificate;
let rsaAik: CertificateKey;
let rs1Aik: CertificateKey;
let ecAik: CertificateKey;
let es256: { pair: TestKeyPair; authData: Uint8Array };
let rs256: { pair: TestKeyPair; authData: Uint8Array };

beforeAll(async () => {
  root = await createRootCa([['CN', 'TPM Test Root']]);
  [rsaAik, rs1Aik, ecAik] = await Promise.all([generateCertificateKey('RS256'), generateCertificateKey('RS1'), generateCertificateKey('ES256')]);
  [es256, rs256] = await Promise.all([credential(-7), credential(-257)]);
});

/** A TPM whose AIK is the shared key of that algorithm (default ES256: fast to certify many times). */
function tpm(options: TpmAttestationOptions = {}) {
  const alg = options.alg ?? 'ES256';
  const aikKey = { RS256: rsaAik, RS1: rs1Aik, ES256: ecAik }[alg];
  return createTpmAttestation({ issuer: root, aikKey, ...options, alg });
}

/** A statement from `options`' TPM for a credential, as the verifier receives it. */
async function statement(options: TpmAttestationOptions = {}, cred = es256) {
  const clientDataHash = await clientDataHashOf();
  const { attStmt } = await (await tpm(options)).signer({ authData: cred.authData, clientDataHash, credential: cred.pair });
  return statementInput('tpm', attStmt, cred.authData, clientDataHash);
}

/** Verifies a statement made with `options` and expects exactly this rejection. */
async function expectFailure(options: TpmAttestationOptions, code: ErrorCode, message: RegExp) {
  const error = await rejection(verifyTpm(await statement(options)));
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
  return error;
}

describe('tpm: valid statements', () => {
  it('verifies an RS256 AIK over an RSA credential: AttCA, x5c as trust path, the TPM identity as facts', async () => {
    const input = await statement({ alg: 'RS256' }, rs256);
    const result = await verifyTpm(input);
    expect(result.type).toBe('attca');
    expect(result.trustPath.map((c) => c.der)).toEqual(input.attStmt.get('x5c'));
    expect(result.trustPath[1]!.der).toEqual(root.der);
    expect(result.facts).toEqual({
      format: 'tpm',
      manufacturer: 'id:4E544300',
      manufacturerName: 'Nuvoton Technology',
      model: 'NPCT75x',
      version: 'id:00070002',
    });
  });

  it('accepts RS1 (SHA-1 extraData and signature), as Windows Hello TPMs send', async () => {
    const input = await statement({ alg: 'RS1' });
    expect(input.attStmt.get('alg')).toBe(-65535);
    expect((await verifyTpm(input)).type).toBe('attca');
  });

  it('verifies an ECC pubArea certified by an ES256 AIK', async () => {
    expect((await verifyTpm(await statement({ alg: 'ES256' }))).type).toBe('attca');
  });

  it('accepts the TPM attributes in one multi-valued RDN, in any order (real TPMs do this)', async () => {
    const result = await verifyTpm(await statement({ sanLayout: 'multi-valued', manufacturer: 'id:53544D20', model: 'ST33', version: 'id:9' }));
    expect(result.facts).toMatchObject({ manufacturer: 'id:53544D20', manufacturerName: 'STMicroelectronics', model: 'ST33', version: 'id:9' });
  });

  it('accepts an id-fido-gen-ce-aaguid extension equal to the authenticator data AAGUID', async () => {
    expect((await verifyTpm(await statement({ aaguid: AAGUID }))).type).toBe('attca');
  });

  it('is trusted through verifyAttestation only when the AIK issuer is an anchor', async () => {
    const input = await statement();
    const anchored = await verifyAttestation(input, { trustAnchors: { byFormat: { tpm: [root.der] } } });
    expect(anchored.trusted).toBe(true);
    expect(anchored.type).toBe('attca');
    const unanchored = await verifyAttestation(input, {});
    expect(unanchored.trusted).toBe(false);
    expect(unanchored.reasons.length).toBeGreaterThan(0);
  });
});

describe('tpm: statement syntax', () => {
  it('rejects ver other than "2.0"', async () => {
    const error = await expectFailure({ tamper: { attStmt: { ver: '1.2' } } }, 'attestation_statement_invalid', /"ver"/);
    expect(error.step).toBe('8.3 tpm');
  });

  it('rejects ECDAA (ecdaaKeyId) with a typed error', async () => {
    await expectFailure({ tamper: { attStmt: { ecdaaKeyId: new Uint8Array(32), x5c: undefined } } }, 'unsupported_algorithm', /ECDAA/);
  });

  it('rejects a statement without x5c', async () => {
    await expectFailure({ tamper: { attStmt: { x5c: undefined } } }, 'attestation_statement_invalid', /x5c/);
  });

  it('rejects a missing pubArea or certInfo', async () => {
    await expectFailure({ tamper: { attStmt: { pubArea: undefined } } }, 'attestation_statement_invalid', /pubArea/);
    await expectFailure({ tamper: { attStmt: { certInfo: undefined } } }, 'attestation_statement_invalid', /certInfo/);
  });
});

describe('tpm: pubArea and certInfo', () => {
  it('rejects a pubArea whose key is not the credential key', async () => {
    const other = await generateTestKeyPair(-7);
    await expectFailure({ tamper: { pubAreaKey: decodeCoseKey(other.cosePublicKey).key } }, 'attestation_key_mismatch', /pubArea key/);
  });

  it('rejects a certInfo magic other than TPM_GENERATED_VALUE', async () => {
    await expectFailure({ tamper: { magic: 0xdeadbeef } }, 'attestation_statement_invalid', /magic/);
  });

  it('rejects a certInfo type other than TPM_ST_ATTEST_CERTIFY', async () => {
    await expectFailure({ tamper: { type: 0x8014 } }, 'attestation_statement_invalid', /TPM_ST_ATTEST_CERTIFY/);
  });

  it('rejects an extraData that is not the hash of authenticatorData || clientDataHash', async () => {
    await expectFailure({ tamper: { extraData: new Uint8Array(32).fill(7) } }, 'attestation_nonce_mismatch', /extraData/);
  });

  it('rejects extraData hashed with another algorithm than alg names (SHA-256 under RS1)', async () => {
    const clientDataHash = await clientDataHashOf();
    const sha256Digest = await sha256(concat(es256.authData, clientDataHash));
    await expectFailure({ alg: 'RS1', tamper: { extraData: sha256Digest } }, 'attestation_nonce_mismatch', /extraData/);
  });

  it('rejects an attested name that is not the Name of pubArea', async () => {
    const wrongName = concat(Uint8Array.of(0, TPM_ALG.SHA256), new Uint8Array(32));
    await expectFailure({ tamper: { attestedName: wrongName } }, 'attestation_statement_invalid', /attested\.name/);
  });

  it('rejects a signature over certInfo that does not verify', async () => {
    const input = await statement();
    const sig = (input.attStmt.get('sig') as Uint8Array).slice();
    sig[sig.length - 1]! ^= 0x01;
    input.attStmt.set('sig', sig);
    const error = await rejection(verifyTpm(input));
    expect(error.code).toBe('attestation_signature_invalid');
    expect(error.message).toMatch(/certInfo does not verify/);
  });

  it('rejects an alg that does not fit the AIK key', async () => {
    await expectFailure({ tamper: { attStmt: { alg: -257 } } }, 'attestation_key_mismatch', /does not fit the AIK/);
  });
});

describe('tpm: AIK certificate requirements (8.3.1)', () => {
  it('rejects an AIK certificate that is not version 3', async () => {
    await expectFailure({ aikCertificate: { version: 1 } }, 'attestation_certificate_invalid', /version 1, not 3/);
  });

  it('rejects an AIK certificate with a non-empty subject', async () => {
    const error = await expectFailure({ aikCertificate: { subject: [['CN', 'Not empty']] } }, 'attestation_certificate_invalid', /subject must be empty/);
    expect(error.step).toBe('8.3.1 tpm');
  });

  it('rejects an AIK certificate without the subjectAltName naming the TPM', async () => {
    await expectFailure({ aikCertificate: { extensions: [] } }, 'attestation_certificate_invalid', /no subjectAltName/);
  });

  it('rejects a subjectAltName that is not critical although the subject is empty', async () => {
    const value = tpmSubjectAltName('id:4E544300', 'NPCT75x', 'id:7');
    await expectFailure({ aikCertificate: { extensions: [{ oid: '2.5.29.17', critical: false, value }] } }, 'attestation_certificate_invalid', /must be critical/);
  });

  it('rejects a manufacturer that is not in the TCG TPM Vendor ID Registry', async () => {
    await expectFailure({ manufacturer: 'id:12345678' }, 'attestation_certificate_invalid', /Vendor ID Registry/);
  });

  it('rejects an AIK certificate without extKeyUsage tcg-kp-AIKCertificate', async () => {
    await expectFailure({ aikCertificate: { extKeyUsage: undefined } }, 'attestation_certificate_invalid', /tcg-kp-AIKCertificate/);
    await expectFailure({ aikCertificate: { extKeyUsage: ['1.3.6.1.5.5.7.3.2'] } }, 'attestation_certificate_invalid', /tcg-kp-AIKCertificate/);
  });

  it('rejects an AIK certificate that is a CA', async () => {
    await expectFailure({ aikCertificate: { basicConstraints: { ca: true } } }, 'attestation_certificate_invalid', /CA set to true/);
  });

  it('rejects an AIK certificate without basicConstraints', async () => {
    await expectFailure({ aikCertificate: { basicConstraints: undefined } }, 'attestation_certificate_invalid', /no basicConstraints/);
  });

  it('rejects an id-fido-gen-ce-aaguid extension that differs from the authenticator data AAGUID', async () => {
    await expectFailure({ aaguid: new Uint8Array(16).fill(0xee) }, 'attestation_aaguid_mismatch', /AAGUID/);
  });
});

describe('tpm: produced by the software authenticator', () => {
  it('registers through verifyRegistrationResponse, trusted with the issuer as anchor', async () => {
    const { signer } = await tpm();
    const result = await registerTrusted('tpm', signer, root.der);
    expect(result.attestation.format).toBe('tpm');
    expect(result.attestation.trusted).toBe(true);
  });
});
