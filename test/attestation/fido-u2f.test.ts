import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAttestation } from '../../src/attestation/index.js';
import { verifyFidoU2f } from '../../src/attestation/fido-u2f.js';
import { decodeCoseKey } from '../../src/cose/key.js';
import { concat, toHex, toUuid } from '../../src/encoding/bytes.js';
import { parseAuthenticatorData } from '../../src/parse/authenticator-data.js';
import { createLeafCertificate, type IssuedCertificate } from '../../src/testing/ca.js';
import type { TestKeyPair } from '../../src/testing/keys.js';
import type { TrustContext } from '../../src/attestation/types.js';
import { AAGUID, clientDataHashOf, createTestPki, credential, rejection, statementInput, type TestPki } from './helpers.js';

let pki: TestPki;
let leaf: IssuedCertificate;
let cred: { pair: TestKeyPair; authData: Uint8Array };
let cdh: Uint8Array;

beforeAll(async () => {
  pki = await createTestPki('U2F');
  leaf = await createLeafCertificate(pki.root, { subject: [['CN', 'U2F Batch']] });
  cred = await credential(-7, { aaguid: new Uint8Array(16) });
  cdh = await clientDataHashOf();
});

/** 0x00 || rpIdHash || clientDataHash || credentialId || publicKeyU2F (FIDO U2F raw message formats 4.3). */
function verificationData(authData: Uint8Array): Uint8Array {
  const parsed = parseAuthenticatorData(authData);
  const key = decodeCoseKey(parsed.attestedCredentialData!.credentialPublicKey).key;
  if (key.kind !== 'ec') throw new Error('expected an EC key');
  return concat(new Uint8Array([0]), parsed.rpIdHash, cdh, parsed.attestedCredentialData!.credentialId, new Uint8Array([4]), key.x, key.y);
}

async function statement(signer: IssuedCertificate, authData = cred.authData, x5c = [signer.der]) {
  return new Map<unknown, unknown>([
    ['sig', await signer.key.sign(verificationData(authData))],
    ['x5c', x5c],
  ]);
}

describe('fido-u2f', () => {
  it('verifies the U2F registration signature; type basic, trusted with the root anchor', async () => {
    const verdict = await verifyAttestation(statementInput('fido-u2f', await statement(leaf), cred.authData, cdh), {
      trustAnchors: { byFormat: { 'fido-u2f': [pki.root.der] } },
    });
    expect(verdict).toMatchObject({ format: 'fido-u2f', type: 'basic', trusted: true, facts: { format: 'fido-u2f', x5cSubject: 'CN=U2F Batch' } });
    expect(verdict.aaguid).toBe('00000000-0000-0000-0000-000000000000');
  });

  it('rejects an attestation certificate whose key is not P-256', async () => {
    const p384 = await createLeafCertificate(pki.root, { alg: 'ES384' });
    const error = await rejection(verifyFidoU2f(statementInput('fido-u2f', await statement(p384), cred.authData, cdh)));
    expect(error.code).toBe('attestation_certificate_invalid');
    expect(error.step).toBe('8.6 fido-u2f');
  });

  it('rejects a credential key that is not EC2 P-256', async () => {
    const ed = await credential(-8);
    const stmt = new Map<unknown, unknown>([
      ['sig', await leaf.key.sign(new Uint8Array(1))],
      ['x5c', [leaf.der]],
    ]);
    expect((await rejection(verifyFidoU2f(statementInput('fido-u2f', stmt, ed.authData, cdh)))).code).toBe('attestation_key_mismatch');
  });

  it('rejects an x5c with more than one certificate', async () => {
    const stmt = await statement(leaf, cred.authData, [leaf.der, pki.root.der]);
    expect((await rejection(verifyFidoU2f(statementInput('fido-u2f', stmt, cred.authData, cdh)))).code).toBe('attestation_statement_invalid');
  });

  it('rejects an empty x5c', async () => {
    const stmt = await statement(leaf, cred.authData, []);
    expect((await rejection(verifyFidoU2f(statementInput('fido-u2f', stmt, cred.authData, cdh)))).code).toBe('attestation_statement_invalid');
  });

  it('rejects a signature over anything but the U2F verification data', async () => {
    const stmt = await statement(leaf);
    stmt.set('sig', await leaf.key.sign(concat(cred.authData, cdh)));
    expect((await rejection(verifyFidoU2f(statementInput('fido-u2f', stmt, cred.authData, cdh)))).code).toBe('attestation_signature_invalid');
  });

  it('rejects a statement for another credential', async () => {
    const other = await credential(-7, { aaguid: new Uint8Array(16) });
    const stmt = await statement(leaf, other.authData);
    expect((await rejection(verifyFidoU2f(statementInput('fido-u2f', stmt, cred.authData, cdh)))).code).toBe('attestation_signature_invalid');
  });

  it('rejects a non-zero AAGUID, which the U2F signature does not cover, even when anchors are listed for it', async () => {
    const premium = await credential(-7, { aaguid: AAGUID });
    const stmt = await statement(leaf, premium.authData);
    const input = statementInput('fido-u2f', stmt, premium.authData, cdh);
    const error = await rejection(verifyAttestation(input, { trustAnchors: { byAaguid: { [toUuid(AAGUID)]: [pki.root.der] } }, requireTrustedAttestation: true }));
    expect(error.code).toBe('attestation_aaguid_mismatch');
    expect(error.step).toBe('8.6 fido-u2f');
  });

  it('rejects a non-zero AAGUID inside a compound statement too', async () => {
    const premium = await credential(-7, { aaguid: AAGUID });
    const item = new Map<unknown, unknown>([
      ['fmt', 'fido-u2f'],
      ['attStmt', await statement(leaf, premium.authData)],
    ]);
    const input = { ...statementInput('compound', new Map(), premium.authData, cdh), attStmt: [item, item] };
    expect((await rejection(verifyAttestation(input, { trustAnchors: { byFormat: { 'fido-u2f': [pki.root.der] } } }))).code).toBe('attestation_aaguid_mismatch');
  });

  it('gives a trust anchor lookup the attestation certificate key identifier (RFC 5280 4.2.1.2 method 1)', async () => {
    const seen: TrustContext[] = [];
    const verdict = await verifyAttestation(statementInput('fido-u2f', await statement(leaf), cred.authData, cdh), {
      trustAnchors: (ctx) => {
        seen.push(ctx);
        return [pki.root.der];
      },
    });
    expect(verdict.trusted).toBe(true);
    // The subjectPublicKey of a P-256 certificate is the uncompressed point, as Web Crypto exports it.
    const point = new Uint8Array(await crypto.subtle.exportKey('raw', leaf.key.publicKey));
    const keyIdentifier = toHex(new Uint8Array(await crypto.subtle.digest('SHA-1', point)));
    expect(seen).toEqual([{ fmt: 'fido-u2f', aaguid: '00000000-0000-0000-0000-000000000000', attestationCertificateKeyIdentifier: keyIdentifier }]);
  });
});
