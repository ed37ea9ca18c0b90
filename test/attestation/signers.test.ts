import { beforeAll, describe, expect, it } from 'vitest';
import { toBase64url } from '../../src/encoding/base64url.js';
import type { ErrorCode } from '../../src/errors.js';
import { generateRegistrationOptions } from '../../src/registration/options.js';
import { verifyRegistrationResponse } from '../../src/registration/verify.js';
import { createAppleAttestation, type AppleAttestationOptions } from '../../src/testing/attestation-apple.js';
import { createCompoundAttestation } from '../../src/testing/attestation-compound.js';
import { createFidoU2fAttestation, type FidoU2fAttestationOptions } from '../../src/testing/attestation-fido-u2f.js';
import { createPackedAttestation, type PackedAttestation, type PackedAttestationOptions } from '../../src/testing/attestation-packed.js';
import { createTpmAttestation } from '../../src/testing/attestation-tpm.js';
import { SoftwareAuthenticator, type AnyAttestationSigner, type SoftwareAuthenticatorOptions } from '../../src/testing/authenticator.js';
import { createRootCa, generateCertificateKey, PACKED_ATTESTATION_SUBJECT, type IssuedCertificate } from '../../src/testing/ca.js';
import { generateTestKeyPair } from '../../src/testing/keys.js';
import { RP_ID, registerTrusted, rejection } from './helpers.js';

/**
 * The testing entry's attestation builders (packed x5c, fido-u2f, apple, compound), end to end:
 * generateRegistrationOptions -> SoftwareAuthenticator.createCredential -> verifyRegistrationResponse
 * with the builder's issuer as the format's only anchor and a trusted chain required. Each tamper
 * switch breaks one requirement of the format and must be caught with that requirement's code.
 */

const ORIGIN = `https://${RP_ID}`;
const MODEL_AAGUID = '2fc0579f-8113-47ea-b116-bb5a8db9202a';

let root: IssuedCertificate;
let packed: PackedAttestation;

beforeAll(async () => {
  root = await createRootCa([['CN', 'Signers Test Root']]);
  packed = await createPackedAttestation();
});

/** A registration ceremony with `signer`'s statement, these anchors by format, trust required. */
async function register(signer: AnyAttestationSigner, anchors: Record<string, Uint8Array[]>, authenticator: SoftwareAuthenticatorOptions = {}) {
  const options = generateRegistrationOptions({ rpName: 'Example', rpID: RP_ID, userName: 'alice', userID: Uint8Array.of(1, 2, 3) });
  const device = new SoftwareAuthenticator({ algorithm: -7, ...authenticator, attestation: signer });
  const response = await device.createCredential(options, ORIGIN);
  return verifyRegistrationResponse({
    response,
    expectedChallenge: options.challenge,
    expectedOrigin: ORIGIN,
    expectedRPID: RP_ID,
    attestation: { trustAnchors: { byFormat: anchors }, requireTrustedAttestation: true },
  });
}

async function expectRejected(ceremony: Promise<unknown>, code: ErrorCode, step?: string) {
  const error = await rejection(ceremony);
  expect(error.code).toBe(code);
  if (step) expect(error.step).toBe(step);
}

/** A packed model issued straight by the shared root, with one change. */
const packedWith = (options: PackedAttestationOptions) => createPackedAttestation({ issuer: root, chain: 'leaf', ...options });

describe('packed (x5c) from createPackedAttestation', () => {
  it('defaults to leaf + intermediate under a fresh root: trusted Basic, x5c as trust path, subject as fact', async () => {
    expect(packed.x5c).toEqual([packed.leaf.der, packed.intermediate!.der]);
    const { attestation } = await registerTrusted('packed', packed.signer, packed.issuer.der);
    expect(attestation).toMatchObject({ format: 'packed', type: 'basic', trusted: true, reasons: [] });
    expect(attestation.trustPath).toEqual(packed.x5c.map((der) => toBase64url(der)));
    expect(attestation.anchor?.subject).toBe('CN=passkey-rp Test Packed Root CA');
    expect(attestation.facts).toEqual({
      format: 'packed',
      x5cSubject: 'C=US, O=passkey-rp Test Authenticators, OU=Authenticator Attestation, CN=passkey-rp Test Batch 1',
    });
  });

  it('attests many credentials with one leaf: one model, three registrations, the same certificate', async () => {
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await registerTrusted('packed', packed.signer, packed.issuer.der));
    expect(new Set(results.map((r) => r.credential.id)).size).toBe(3);
    expect(results.every((r) => r.attestation.trusted && r.attestation.trustPath[0] === toBase64url(packed.leaf.der))).toBe(true);
  });

  it('signs with an RS256 leaf directly under a given issuer, with a matching AAGUID extension', async () => {
    const model = await packedWith({ alg: 'RS256', aaguid: MODEL_AAGUID });
    expect(model.x5c).toEqual([model.leaf.der]);
    const { attestation } = await register(model.signer, { packed: [root.der] }, { aaguid: MODEL_AAGUID });
    expect(attestation).toMatchObject({ format: 'packed', type: 'basic', trusted: true, aaguid: MODEL_AAGUID });
    expect(attestation.trustPath).toEqual([toBase64url(model.leaf.der)]);
  });

  it('takes a subject other than the default when it still meets 8.2.1', async () => {
    const subject = PACKED_ATTESTATION_SUBJECT.map(([t, v]): [string, string] => [t, t === 'CN' ? 'Batch 7' : v]);
    const { attestation } = await registerTrusted('packed', (await packedWith({ subject })).signer, root.der);
    expect(attestation.facts).toMatchObject({ x5cSubject: expect.stringMatching(/CN=Batch 7$/) });
  });

  it('rejects an AAGUID extension that is not the authenticator data AAGUID', async () => {
    const model = await packedWith({ aaguid: MODEL_AAGUID });
    await expectRejected(register(model.signer, { packed: [root.der] }, { aaguid: '00000000-0000-0000-0000-0000000000ee' }), 'attestation_aaguid_mismatch');
  });

  it('rejects a critical AAGUID extension', async () => {
    const aaguid = { value: new Uint8Array(16), critical: true };
    await expectRejected(registerTrusted('packed', (await packedWith({ leafCertificate: { aaguid } })).signer, root.der), 'attestation_certificate_invalid', '8.2.1 packed');
  });

  it('rejects a leaf that is a CA', async () => {
    await expectRejected(registerTrusted('packed', (await packedWith({ caLeaf: true })).signer, root.der), 'attestation_certificate_invalid', '8.2.1 packed');
  });

  it('rejects a subject without OU "Authenticator Attestation"', async () => {
    const subject = PACKED_ATTESTATION_SUBJECT.filter(([t]) => t !== 'OU');
    await expectRejected(registerTrusted('packed', (await packedWith({ subject })).signer, root.der), 'attestation_certificate_invalid', '8.2.1 packed');
  });

  it('rejects a version 1 leaf', async () => {
    await expectRejected(registerTrusted('packed', (await packedWith({ leafCertificate: { version: 1 } })).signer, root.der), 'attestation_certificate_invalid', '8.2.1 packed');
  });

  it('rejects an expired leaf as a broken chain', async () => {
    await expectRejected(registerTrusted('packed', (await packedWith({ expired: true })).signer, root.der), 'attestation_chain_invalid', '7.1 step 22');
  });

  it('rejects an alg that does not fit the leaf key', async () => {
    await expectRejected(registerTrusted('packed', (await packedWith({ tamper: { alg: -35 } })).signer, root.der), 'attestation_key_mismatch', '8.2 packed');
  });

  it('rejects a signature that does not verify', async () => {
    await expectRejected(registerTrusted('packed', (await packedWith({ tamper: { corruptSignature: true } })).signer, root.der), 'attestation_signature_invalid', '8.2 packed');
  });

  it('rejects a valid chain to an issuer the relying party does not trust', async () => {
    await expectRejected(registerTrusted('packed', packed.signer, root.der), 'attestation_untrusted', '7.1 step 22');
  });
});

describe('fido-u2f from createFidoU2fAttestation', () => {
  const u2fWith = (options: FidoU2fAttestationOptions = {}) => createFidoU2fAttestation({ issuer: root, ...options });

  it('signs the U2F registration data: trusted Basic, one certificate, zero AAGUID', async () => {
    const u2f = await createFidoU2fAttestation();
    const { attestation } = await registerTrusted('fido-u2f', u2f.signer, u2f.issuer.der);
    expect(attestation).toMatchObject({
      format: 'fido-u2f',
      type: 'basic',
      trusted: true,
      aaguid: '00000000-0000-0000-0000-000000000000',
      facts: { format: 'fido-u2f', x5cSubject: 'CN=passkey-rp Test U2F Batch' },
    });
    expect(attestation.trustPath).toEqual([toBase64url(u2f.leaf.der)]);
  });

  it('refuses to attest a credential that is not ES256, as the signing procedure says', async () => {
    const { signer } = await u2fWith();
    const options = generateRegistrationOptions({ rpName: 'Example', rpID: RP_ID, userName: 'alice', userID: Uint8Array.of(1) });
    await expect(new SoftwareAuthenticator({ algorithm: -8, attestation: signer }).createCredential(options, ORIGIN)).rejects.toThrow(/ES256/);
  });

  it('rejects an attestation certificate whose key is not P-256', async () => {
    await expectRejected(registerTrusted('fido-u2f', (await u2fWith({ alg: 'ES384' })).signer, root.der), 'attestation_certificate_invalid', '8.6 fido-u2f');
  });

  it('rejects an x5c of more than one certificate', async () => {
    await expectRejected(registerTrusted('fido-u2f', (await u2fWith({ tamper: { includeIssuer: true } })).signer, root.der), 'attestation_statement_invalid', '8.6 fido-u2f');
  });

  it('rejects a credential key that is not EC2 P-256', async () => {
    const { signer } = await u2fWith({ tamper: { publicKeyU2F: new Uint8Array(65).fill(4) } });
    await expectRejected(register(signer, { 'fido-u2f': [root.der] }, { algorithm: -8 }), 'attestation_key_mismatch', '8.6 fido-u2f');
  });

  it('rejects a signature over another user public key', async () => {
    const other = await generateCertificateKey('ES256');
    const point = new Uint8Array(await crypto.subtle.exportKey('raw', other.publicKey));
    await expectRejected(registerTrusted('fido-u2f', (await u2fWith({ tamper: { publicKeyU2F: point } })).signer, root.der), 'attestation_signature_invalid', '8.6 fido-u2f');
  });

  it('rejects a signature that does not verify', async () => {
    await expectRejected(registerTrusted('fido-u2f', (await u2fWith({ tamper: { corruptSignature: true } })).signer, root.der), 'attestation_signature_invalid', '8.6 fido-u2f');
  });

  it('rejects a ceremony whose client wrote an AAGUID that the U2F signature does not cover', async () => {
    await expectRejected(register((await u2fWith()).signer, { 'fido-u2f': [root.der] }, { aaguid: MODEL_AAGUID }), 'attestation_aaguid_mismatch', '8.6 fido-u2f');
  });
});

describe('apple from createAppleAttestation', () => {
  const appleWith = (options: AppleAttestationOptions = {}) => createAppleAttestation({ issuer: root, ...options });

  it('certifies the credential key with the nonce: trusted AnonCA, credCert + intermediate', async () => {
    const apple = await createAppleAttestation();
    const { attestation } = await registerTrusted('apple', apple.signer, apple.issuer.der);
    expect(attestation).toMatchObject({ format: 'apple', type: 'anonca', trusted: true, facts: { format: 'apple' } });
    expect(attestation.trustPath).toHaveLength(2);
    expect(attestation.trustPath[1]).toBe(toBase64url(apple.intermediate!.der));
    expect(attestation.anchor?.subject).toBe('CN=passkey-rp Test Apple WebAuthn Root CA');
  });

  it("issues credCert straight from the given issuer with chain 'leaf'", async () => {
    const { attestation } = await registerTrusted('apple', (await appleWith({ chain: 'leaf' })).signer, root.der);
    expect(attestation).toMatchObject({ type: 'anonca', trusted: true });
    expect(attestation.trustPath).toHaveLength(1);
  });

  it('rejects a nonce that is not SHA-256(authenticatorData || clientDataHash)', async () => {
    await expectRejected(registerTrusted('apple', (await appleWith({ tamper: { nonce: new Uint8Array(32).fill(9) } })).signer, root.der), 'attestation_nonce_mismatch', '8.8 apple');
  });

  it('rejects a credCert for another key', async () => {
    const certifiedKey = await generateTestKeyPair(-7);
    await expectRejected(registerTrusted('apple', (await appleWith({ tamper: { certifiedKey } })).signer, root.der), 'attestation_key_mismatch', '8.8 apple');
  });

  it('rejects a credCert without the nonce extension', async () => {
    await expectRejected(registerTrusted('apple', (await appleWith({ tamper: { omitNonce: true } })).signer, root.der), 'attestation_certificate_invalid', '8.8 apple');
  });
});

describe('compound from createCompoundAttestation', () => {
  it('carries packed x5c and apple through the ceremony: both verdicts, trusted after the first anchored', async () => {
    const apple = await createAppleAttestation({ issuer: root });
    const signer = createCompoundAttestation([packed.signer, apple.signer]);
    const { attestation } = await register(signer, { packed: [packed.issuer.der], apple: [root.der] });
    expect(attestation).toMatchObject({ format: 'compound', type: 'basic', trusted: true, facts: { format: 'compound' } });
    expect(attestation.statements?.map((s) => [s.format, s.type, s.trusted])).toEqual([
      ['packed', 'basic', true],
      ['apple', 'anonca', true],
    ]);
  });

  it('carries packed x5c and tpm; trusted when only the tpm statement is anchored', async () => {
    const tpm = await createTpmAttestation({ issuer: root, alg: 'ES256' });
    const { attestation } = await register(createCompoundAttestation([packed.signer, tpm.signer]), { tpm: [root.der] });
    expect(attestation).toMatchObject({ format: 'compound', type: 'attca', trusted: true });
    expect(attestation.statements?.map((s) => [s.format, s.trusted])).toEqual([
      ['packed', false],
      ['tpm', true],
    ]);
  });

  it('rejects the whole statement when one sub-statement is broken', async () => {
    const badApple = await createAppleAttestation({ issuer: root, tamper: { nonce: new Uint8Array(32) } });
    const signer = createCompoundAttestation([packed.signer, badApple.signer]);
    await expectRejected(register(signer, { packed: [packed.issuer.der], apple: [root.der] }), 'attestation_nonce_mismatch', '8.8 apple');
  });

  it('rejects a compound statement of one sub-statement', async () => {
    await expectRejected(register(createCompoundAttestation([packed.signer]), { packed: [packed.issuer.der] }), 'attestation_statement_invalid', '8.9 compound');
  });

  it('rejects a compound statement none of whose parts chains to an anchor', async () => {
    const apple = await createAppleAttestation({ issuer: root });
    await expectRejected(register(createCompoundAttestation([packed.signer, apple.signer]), { packed: [root.der] }), 'attestation_untrusted', '7.1 step 22');
  });
});
