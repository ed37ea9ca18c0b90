import { beforeAll, describe, expect, it } from 'vitest';
import { FORMAT_VERIFIERS, verifyAttestation } from '../../src/attestation/index.js';
import type { TrustContext } from '../../src/attestation/types.js';
import { concat, toHex, toUuid } from '../../src/encoding/bytes.js';
import { createLeafCertificate, createRootCa, toPem, type IssuedCertificate } from '../../src/testing/ca.js';
import { signWithTestKey, type TestKeyPair } from '../../src/testing/keys.js';
import { certificateFingerprint, parseCertificate } from '../../src/x509/index.js';
import { AAGUID, clientDataHashOf, createTestPki, credential, rejection, statementInput, type TestPki } from './helpers.js';

const DAY = 86400_000;
let pki: TestPki;
let leaf: IssuedCertificate;
let cred: { pair: TestKeyPair; authData: Uint8Array };
let cdh: Uint8Array;
let full: Map<unknown, unknown>;

beforeAll(async () => {
  pki = await createTestPki('Verify');
  leaf = await createLeafCertificate(pki.intermediate, { notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 30 * DAY) });
  cred = await credential(-7);
  cdh = await clientDataHashOf();
  full = new Map<unknown, unknown>([
    ['alg', -7],
    ['sig', await leaf.key.sign(concat(cred.authData, cdh))],
    ['x5c', [leaf.der, pki.intermediate.der]],
  ]);
});

const packed = (now?: Date) => statementInput('packed', full, cred.authData, cdh, now);

describe('verifyAttestation: registry', () => {
  it('lists every WebAuthn L3 format except compound, which it handles itself', () => {
    expect(Object.keys(FORMAT_VERIFIERS).sort()).toEqual(['android-key', 'android-safetynet', 'apple', 'fido-u2f', 'none', 'packed', 'tpm']);
  });

  it('rejects an unknown fmt, including names that exist on every object', async () => {
    for (const fmt of ['x-unknown', 'toString', '__proto__', 'constructor', 'Packed']) {
      const error = await rejection(verifyAttestation(statementInput(fmt, new Map(), cred.authData, cdh)));
      expect(error.code, fmt).toBe('unsupported_attestation_format');
    }
  });

  it("treats an unknown fmt as none when unknownFormats is 'treat-as-none'", async () => {
    const verdict = await verifyAttestation(statementInput('x-unknown', new Map([['a', 1]]), cred.authData, cdh), { unknownFormats: 'treat-as-none' });
    expect(verdict).toMatchObject({ format: 'x-unknown', type: 'none', trusted: false, facts: { format: 'unknown', fmt: 'x-unknown' } });
  });
});

describe('verifyAttestation: trust policy', () => {
  it('trusts only a chain to an anchor the caller gave; reports it with its fingerprint', async () => {
    const verdict = await verifyAttestation(packed(), { trustAnchors: { byFormat: { packed: [toPem(pki.root.der)] } } });
    expect(verdict.trusted).toBe(true);
    expect(verdict.anchor).toEqual({ subject: 'CN=Verify Test Root', sha256: await certificateFingerprint(parseCertificate(pki.root.der)) });
    const other = await createRootCa([['CN', 'Unrelated Root']]);
    const untrusted = await verifyAttestation(packed(), { trustAnchors: { byFormat: { packed: [other.der] } } });
    expect(untrusted.trusted).toBe(false);
    expect(untrusted.anchor).toBeUndefined();
  });

  it('anchors for another format do not apply', async () => {
    const verdict = await verifyAttestation(packed(), { trustAnchors: { byFormat: { 'fido-u2f': [pki.root.der] } } });
    expect(verdict.trusted).toBe(false);
  });

  it('anchors by AAGUID (any case)', async () => {
    const verdict = await verifyAttestation(packed(), { trustAnchors: { byAaguid: { [toUuid(AAGUID).toUpperCase()]: [pki.intermediate.der] } } });
    expect(verdict.trusted).toBe(true);
    expect(verdict.anchor?.subject).toBe('CN=Verify Test Intermediate');
  });

  it('anchors from a function of { fmt, aaguid, attestationCertificateKeyIdentifier }', async () => {
    const seen: TrustContext[] = [];
    const verdict = await verifyAttestation(packed(), {
      trustAnchors: async (ctx) => {
        seen.push(ctx);
        return [parseCertificate(pki.root.der)];
      },
    });
    expect(verdict.trusted).toBe(true);
    // RFC 5280 section 4.2.1.2 method 1 over the leaf's key (for P-256, the uncompressed point Web Crypto exports).
    const point = new Uint8Array(await crypto.subtle.exportKey('raw', leaf.key.publicKey));
    const attestationCertificateKeyIdentifier = toHex(new Uint8Array(await crypto.subtle.digest('SHA-1', point)));
    expect(seen).toEqual([{ fmt: 'packed', aaguid: toUuid(AAGUID), attestationCertificateKeyIdentifier }]);
  });

  it('requireTrustedAttestation rejects an unanchored chain, and self attestation', async () => {
    const error = await rejection(verifyAttestation(packed(), { requireTrustedAttestation: true }));
    expect(error.code).toBe('attestation_untrusted');
    expect(error.message).toMatch(/no trust anchors/);
    const self = new Map<unknown, unknown>([
      ['alg', -7],
      ['sig', await signWithTestKey(cred.pair, concat(cred.authData, cdh))],
    ]);
    const selfError = await rejection(verifyAttestation(statementInput('packed', self, cred.authData, cdh), { requireTrustedAttestation: true }));
    expect(selfError.code).toBe('attestation_untrusted');
  });

  it('requireTrustedAttestation accepts a trusted chain', async () => {
    const verdict = await verifyAttestation(packed(), { requireTrustedAttestation: true, trustAnchors: { byFormat: { packed: [pki.root.der] } } });
    expect(verdict.trusted).toBe(true);
  });

  it('validates at options.now, then at the input now', async () => {
    const anchors = { trustAnchors: { byFormat: { packed: [pki.root.der] } } };
    const later = new Date(Date.now() + 60 * DAY);
    expect((await verifyAttestation(packed(), { ...anchors, now: later })).trusted).toBe(false);
    expect((await verifyAttestation(packed(later), anchors)).trusted).toBe(false);
    expect((await verifyAttestation(packed(later), { ...anchors, now: new Date() })).trusted).toBe(true);
  });

  it('allowedTypes rejects another attestation type', async () => {
    const error = await rejection(verifyAttestation(statementInput('none', new Map(), cred.authData, cdh), { allowedTypes: ['basic', 'attca'] }));
    expect(error.code).toBe('attestation_type_not_allowed');
    expect((await verifyAttestation(packed(), { allowedTypes: ['basic'] })).type).toBe('basic');
  });

  it('rejects invalid options', async () => {
    const cases = [
      { trustAnchors: { byFormat: { packed: ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'] } } },
      { trustAnchors: { byFormat: { packed: 'not a list' } } },
      { trustAnchors: () => 'not a list' },
      { allowedTypes: ['trusted'] },
      { now: new Date(Number.NaN) },
      { unknownFormats: 'ignore' },
    ];
    for (const options of cases) {
      expect((await rejection(verifyAttestation(packed(), options as never))).code, JSON.stringify(options)).toBe('invalid_options');
    }
  });
});
