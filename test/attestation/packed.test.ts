import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAttestation } from '../../src/attestation/index.js';
import { verifyPacked } from '../../src/attestation/packed.js';
import { toBase64url } from '../../src/encoding/base64url.js';
import { concat, toUuid } from '../../src/encoding/bytes.js';
import { createLeafCertificate, createCertificate, generateCertificateKey, PACKED_ATTESTATION_SUBJECT, type IssuedCertificate } from '../../src/testing/ca.js';
import { signWithTestKey, type TestKeyPair } from '../../src/testing/keys.js';
import { AAGUID, clientDataHashOf, createTestPki, credential, rejection, statementInput, type TestPki } from './helpers.js';

let pki: TestPki;
let leaf: IssuedCertificate;
let cred: { pair: TestKeyPair; authData: Uint8Array };
let cdh: Uint8Array;

beforeAll(async () => {
  pki = await createTestPki('Packed');
  leaf = await createLeafCertificate(pki.intermediate, { aaguid: AAGUID });
  cred = await credential(-7);
  cdh = await clientDataHashOf();
});

/** A full (x5c) packed statement signed by `signer`'s key over authData || clientDataHash. */
async function fullStatement(signer: IssuedCertificate, x5c: Uint8Array[] = [signer.der, pki.intermediate.der], alg = -7) {
  const sig = await signer.key.sign(concat(cred.authData, cdh));
  return new Map<unknown, unknown>([
    ['alg', alg],
    ['sig', sig],
    ['x5c', x5c],
  ]);
}

function input(attStmt: Map<unknown, unknown>, authData = cred.authData, now = new Date()) {
  return statementInput('packed', attStmt, authData, cdh, now);
}

describe('packed: full attestation (x5c)', () => {
  it('verifies, chains to the root anchor and reports a JSON verdict', async () => {
    const verdict = await verifyAttestation(input(await fullStatement(leaf)), { trustAnchors: { byFormat: { packed: [pki.root.der] } } });
    expect(verdict).toMatchObject({ format: 'packed', type: 'basic', trusted: true, aaguid: toUuid(AAGUID), reasons: [] });
    expect(verdict.trustPath).toEqual([toBase64url(leaf.der), toBase64url(pki.intermediate.der)]);
    expect(verdict.anchor?.subject).toBe('CN=Packed Test Root');
    expect(verdict.facts).toEqual({ format: 'packed', x5cSubject: 'C=US, O=passkey-rp Test Authenticators, OU=Authenticator Attestation, CN=passkey-rp Test Batch 1' });
    expect(JSON.parse(JSON.stringify(verdict))).toEqual(verdict);
  });

  it('is valid but untrusted without anchors', async () => {
    const verdict = await verifyAttestation(input(await fullStatement(leaf)));
    expect(verdict.trusted).toBe(false);
    expect(verdict.reasons.join(' ')).toMatch(/no trust anchors/);
  });

  it('accepts a certificate without the AAGUID extension and with an RSA attestation key', async () => {
    const rsaLeaf = await createLeafCertificate(pki.intermediate, { alg: 'RS256' });
    const result = await verifyPacked(input(await fullStatement(rsaLeaf, [rsaLeaf.der], -257)));
    expect(result.type).toBe('basic');
  });

  it('rejects an AAGUID extension that does not match authData', async () => {
    const other = await createLeafCertificate(pki.intermediate, { aaguid: new Uint8Array(16).fill(7) });
    const error = await rejection(verifyPacked(input(await fullStatement(other))));
    expect(error.code).toBe('attestation_aaguid_mismatch');
    expect(error.step).toMatch(/^8\.2/);
  });

  it('rejects a critical AAGUID extension', async () => {
    const critical = await createLeafCertificate(pki.intermediate, { aaguid: { value: AAGUID, critical: true } });
    expect((await rejection(verifyPacked(input(await fullStatement(critical))))).code).toBe('attestation_certificate_invalid');
  });

  it('rejects a CA:true attestation certificate', async () => {
    const ca = await createLeafCertificate(pki.intermediate, { basicConstraints: { ca: true } });
    expect((await rejection(verifyPacked(input(await fullStatement(ca))))).code).toBe('attestation_certificate_invalid');
  });

  it('rejects a subject without OU, or with another OU', async () => {
    const noOu = await createLeafCertificate(pki.intermediate, { subject: PACKED_ATTESTATION_SUBJECT.filter(([t]) => t !== 'OU') });
    expect((await rejection(verifyPacked(input(await fullStatement(noOu))))).code).toBe('attestation_certificate_invalid');
    const wrongOu = await createLeafCertificate(pki.intermediate, {
      subject: PACKED_ATTESTATION_SUBJECT.map(([t, v]): [string, string] => [t, t === 'OU' ? 'Authenticator' : v]),
    });
    expect((await rejection(verifyPacked(input(await fullStatement(wrongOu))))).code).toBe('attestation_certificate_invalid');
  });

  it('rejects a version 1 attestation certificate', async () => {
    const key = await generateCertificateKey();
    const der = await createCertificate({ subject: PACKED_ATTESTATION_SUBJECT, subjectKey: key, issuer: { name: pki.intermediate.name, key: pki.intermediate.key }, version: 1 });
    const v1 = { der, name: PACKED_ATTESTATION_SUBJECT, key };
    expect((await rejection(verifyPacked(input(await fullStatement(v1))))).code).toBe('attestation_certificate_invalid');
  });

  it('rejects a signature by another key', async () => {
    const impostor = await createLeafCertificate(pki.intermediate);
    const stmt = await fullStatement(impostor);
    stmt.set('x5c', [leaf.der]);
    expect((await rejection(verifyPacked(input(stmt)))).code).toBe('attestation_signature_invalid');
  });

  it('rejects a signature that is not DER', async () => {
    const stmt = await fullStatement(leaf);
    stmt.set('sig', new Uint8Array(64).fill(1));
    expect((await rejection(verifyPacked(input(stmt)))).code).toBe('attestation_signature_invalid');
  });

  it('rejects a signature over other authenticator data', async () => {
    const other = await credential(-7);
    expect((await rejection(verifyPacked(input(await fullStatement(leaf), other.authData)))).code).toBe('attestation_signature_invalid');
  });

  it('rejects an alg that does not fit the attestation key', async () => {
    const error = await rejection(verifyPacked(input(await fullStatement(leaf, [leaf.der], -35))));
    expect(error.code).toBe('attestation_key_mismatch');
  });

  it('rejects malformed statements', async () => {
    const good = await fullStatement(leaf);
    const cases: [string, (m: Map<unknown, unknown>) => void, string][] = [
      ['empty x5c', (m) => m.set('x5c', []), 'attestation_statement_invalid'],
      ['x5c not an array', (m) => m.set('x5c', leaf.der), 'attestation_statement_invalid'],
      ['x5c item not bytes', (m) => m.set('x5c', ['cert']), 'attestation_statement_invalid'],
      ['no alg', (m) => m.delete('alg'), 'attestation_statement_invalid'],
      ['alg not an integer', (m) => m.set('alg', '-7'), 'attestation_statement_invalid'],
      ['no sig', (m) => m.delete('sig'), 'attestation_statement_invalid'],
      ['unknown alg', (m) => m.set('alg', -9999), 'unsupported_algorithm'],
      ['x5c item not a certificate', (m) => m.set('x5c', [new Uint8Array([0x30, 0x03, 1, 2, 3])]), 'malformed_certificate'],
      ['x5c too long', (m) => m.set('x5c', Array(11).fill(leaf.der)), 'input_too_large'],
    ];
    for (const [name, mutate, code] of cases) {
      const stmt = new Map(good);
      mutate(stmt);
      const error = await rejection(verifyPacked(input(stmt)));
      expect(error.code, name).toBe(code);
      expect(error.step, name).toBe('8.2 packed');
    }
  });

  it('an expired attestation certificate is valid but untrusted, and rejected when trust is required', async () => {
    const day = 86400_000;
    const expired = await createLeafCertificate(pki.intermediate, { notBefore: new Date(Date.now() - 10 * day), notAfter: new Date(Date.now() - day) });
    const stmt = await fullStatement(expired);
    const options = { trustAnchors: { byFormat: { packed: [pki.root.der] } } };
    const verdict = await verifyAttestation(input(stmt), options);
    expect(verdict.trusted).toBe(false);
    expect(verdict.reasons.join(' ')).toMatch(/expired/);
    expect((await rejection(verifyAttestation(input(stmt), { ...options, requireTrustedAttestation: true }))).code).toBe('attestation_chain_invalid');
  });
});

describe('packed: self attestation', () => {
  async function selfStatement(pair: TestKeyPair, authData: Uint8Array, alg = pair.alg) {
    return new Map<unknown, unknown>([
      ['alg', alg],
      ['sig', await signWithTestKey(pair, concat(authData, cdh))],
    ]);
  }

  it.each([-7, -8, -35])('verifies with the credential key (alg %i), untrusted with a reason', async (alg) => {
    const c = alg === -7 ? cred : await credential(alg);
    const verdict = await verifyAttestation(input(await selfStatement(c.pair, c.authData), c.authData), {
      trustAnchors: { byFormat: { packed: [pki.root.der] } },
    });
    expect(verdict).toMatchObject({ type: 'self', trustPath: [], trusted: false, facts: { format: 'packed' } });
    expect(verdict.reasons[0]).toMatch(/self attestation/);
  });

  it('rejects an alg that is not the credential key alg', async () => {
    const error = await rejection(verifyPacked(input(await selfStatement(cred.pair, cred.authData, -257))));
    expect(error.code).toBe('attestation_key_mismatch');
  });

  it('rejects a signature by another key', async () => {
    const other = await credential(-7);
    const error = await rejection(verifyPacked(input(await selfStatement(other.pair, cred.authData))));
    expect(error.code).toBe('attestation_signature_invalid');
  });
});
