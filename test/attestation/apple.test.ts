import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAttestation } from '../../src/attestation/index.js';
import { verifyApple } from '../../src/attestation/apple.js';
import { sha256 } from '../../src/crypto/index.js';
import { concat } from '../../src/encoding/bytes.js';
import { APPLE_NONCE_OID, createLeafCertificate, generateCertificateKey, type CertificateKey } from '../../src/testing/ca.js';
import { buildAuthData, clientDataHashOf, coseKeyOfCertificateKey, createTestPki, rejection, statementInput, type TestPki } from './helpers.js';

let pki: TestPki;
let credentialKey: CertificateKey;
let authData: Uint8Array;
let cdh: Uint8Array;
let nonce: Uint8Array;

beforeAll(async () => {
  pki = await createTestPki('Apple');
  credentialKey = await generateCertificateKey('ES256');
  authData = await buildAuthData({ cosePublicKey: coseKeyOfCertificateKey(credentialKey, -7) });
  cdh = await clientDataHashOf();
  nonce = await sha256(concat(authData, cdh));
});

/** credCert: certifies `key` and carries `certNonce` in the Apple extension (or the extensions given). */
async function credCert(options: Parameters<typeof createLeafCertificate>[1] = {}) {
  const cert = await createLeafCertificate(pki.intermediate, { subject: [['CN', 'credCert']], key: credentialKey, appleNonce: nonce, ...options });
  return new Map<unknown, unknown>([['x5c', [cert.der, pki.intermediate.der]]]);
}

describe('apple', () => {
  it('verifies nonce and key; type anonca, trusted with the root anchor', async () => {
    const verdict = await verifyAttestation(statementInput('apple', await credCert(), authData, cdh), {
      trustAnchors: { byFormat: { apple: [pki.root.der] } },
    });
    expect(verdict).toMatchObject({ format: 'apple', type: 'anonca', trusted: true, facts: { format: 'apple' } });
    expect(verdict.trustPath).toHaveLength(2);
  });

  it('rejects a wrong nonce', async () => {
    const stmt = await credCert({ appleNonce: await sha256(authData) });
    const error = await rejection(verifyApple(statementInput('apple', stmt, authData, cdh)));
    expect(error.code).toBe('attestation_nonce_mismatch');
    expect(error.step).toBe('8.8 apple');
  });

  it('rejects a credential key that is not the certified key', async () => {
    const other = await generateCertificateKey('ES256');
    const stmt = await credCert({ key: other });
    expect((await rejection(verifyApple(statementInput('apple', stmt, authData, cdh)))).code).toBe('attestation_key_mismatch');
  });

  it('rejects credCert without the nonce extension', async () => {
    const stmt = await credCert({ appleNonce: undefined });
    expect((await rejection(verifyApple(statementInput('apple', stmt, authData, cdh)))).code).toBe('attestation_certificate_invalid');
  });

  it('rejects a nonce extension that is not SEQUENCE { [1] OCTET STRING }', async () => {
    const bare = concat(new Uint8Array([0x04, nonce.length]), nonce);
    const stmt = await credCert({ appleNonce: undefined, extensions: [{ oid: APPLE_NONCE_OID, value: bare }] });
    expect((await rejection(verifyApple(statementInput('apple', stmt, authData, cdh)))).code).toBe('attestation_certificate_invalid');
  });

  it('rejects an empty x5c', async () => {
    const stmt = new Map<unknown, unknown>([['x5c', []]]);
    expect((await rejection(verifyApple(statementInput('apple', stmt, authData, cdh)))).code).toBe('attestation_statement_invalid');
  });
});
