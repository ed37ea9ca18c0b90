import { beforeAll, describe, expect, it } from 'vitest';
import { ecdsaDerToRaw } from '../../src/crypto/der.js';
import { toBase64url } from '../../src/encoding/base64url.js';
import { utf8 } from '../../src/encoding/bytes.js';
import type { ErrorCode } from '../../src/errors.js';
import {
  FIDO_MDS_SIGNER_NAME,
  MAX_METADATA_BLOB_BYTES,
  MAX_METADATA_ENTRIES,
  MAX_STATUS_REPORTS,
  verifyMetadataBlob,
  type Certificate,
  type VerifyMetadataBlobOptions,
} from '../../src/metadata/index.js';
import { signerCheck } from '../../src/metadata/signer.js';
import { createLeafCertificate, createRootCa, toPem, type IssuedCertificate } from '../../src/testing/ca.js';
import { createTestMetadataService, isoDate, testMetadataEntry, type TestMetadataService } from '../../src/testing/metadata.js';
import { parseCertificate, validateCertificatePath } from '../../src/x509/index.js';
import { caught } from '../helpers/errors.js';
import { GLOBALSIGN_ROOT_R3, PRODUCTION_CHAIN_VALID_AT, PRODUCTION_INTERMEDIATE_2021, PRODUCTION_SIGNER_2021 } from './production-chain.js';

/** Verifying a Metadata BLOB (FIDO MDS 3.0 section 3.2) against the root the host configures. */

const DAY = 86400_000;
const AAGUID = 'a0a1a2a3-a4a5-a6a7-a8a9-aaabacadaeaf';
const OTHER_AAGUID = 'c0c1c2c3-c4c5-c6c7-c8c9-cacbcccdcecf';

let mds: TestMetadataService;
let attestationRoot: IssuedCertificate;
let otherRoot: IssuedCertificate;

beforeAll(async () => {
  [mds, attestationRoot, otherRoot] = await Promise.all([
    createTestMetadataService(),
    createRootCa([['CN', 'Attestation Root for MDS tests']]),
    createRootCa([['CN', 'Some Other Root']]),
  ]);
});

const entry = (changes: Record<string, unknown> = {}) => ({
  ...testMetadataEntry({ aaguid: AAGUID, attestationRootCertificates: [attestationRoot.der] }),
  ...changes,
});

function options(extra: Partial<VerifyMetadataBlobOptions> = {}): VerifyMetadataBlobOptions {
  return { rootCertificates: [mds.root.der], ...extra };
}

async function expectRejected(jws: string, code: ErrorCode, message: RegExp, extra: Partial<VerifyMetadataBlobOptions> = {}) {
  const error = await caught(() => verifyMetadataBlob(jws, options(extra)));
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
  return error;
}

/** The three parts of a compact JWS. */
function parts(jws: string): [string, string, string] {
  return jws.split('.') as [string, string, string];
}

const encodeJson = (value: unknown) => toBase64url(utf8(JSON.stringify(value)));

describe('verifyMetadataBlob: a valid BLOB', () => {
  it('returns the payload with typed entries (ES256, x5c = [signing certificate])', async () => {
    const nextUpdate = isoDate(Date.now() + 10 * DAY);
    const blob = await verifyMetadataBlob(await mds.createBlob({ no: 42, nextUpdate, entries: [entry()] }), options());
    expect(blob.no).toBe(42);
    expect(blob.nextUpdate.toISOString()).toBe(`${nextUpdate}T00:00:00.000Z`);
    expect(blob.legalHeader).toMatch(/not for production/);
    expect(blob.entries).toHaveLength(1);
    const [first] = blob.entries;
    expect(first!.aaguid).toBe(AAGUID);
    expect(first!.metadataStatement!.description).toBe('passkey-rp Test Authenticator');
    expect(first!.metadataStatement!.attestationRootCertificates).toEqual([btoa(String.fromCharCode(...attestationRoot.der))]);
    expect(first!.statusReports[0]!.status).toBe('FIDO_CERTIFIED_L1');
    // Members the library does not type are kept as the BLOB has them.
    expect(first!.metadataStatement!.upv).toEqual([{ major: 1, minor: 1 }]);
    expect(blob.invalidEntries).toEqual([]);
  });

  it('verifies an RS256 BLOB whose x5c carries an intermediate, the root given as PEM', async () => {
    const rs256 = await createTestMetadataService({ root: mds.root, alg: 'RS256', chain: 'leaf+intermediate' });
    const blob = await verifyMetadataBlob(await rs256.createBlob({ entries: [entry()] }), { rootCertificates: [toPem(mds.root.der)] });
    expect(blob.entries[0]!.aaguid).toBe(AAGUID);
  });

  it('ignores surrounding whitespace, as a saved file has', async () => {
    const blob = await verifyMetadataBlob(`${await mds.createBlob()}\n`, options());
    expect(blob.entries).toEqual([]);
  });

  it('accepts a BLOB without x5c or x5u when the root itself signed it (section 3.2 step 5)', async () => {
    const jws = await mds.createBlob({ header: { x5c: undefined }, signWithRoot: true });
    expect((await verifyMetadataBlob(jws, options())).no).toBe(1);
    // ...but not when something else signed it.
    await expectRejected(await mds.createBlob({ header: { x5c: undefined } }), 'metadata_untrusted', /signature does not verify/);
  });

  it('keeps UAF and U2F entries, which have no AAGUID', async () => {
    const uaf = { aaid: '4e4e#4005', statusReports: [], timeOfLastStatusChange: '2020-01-01' };
    const u2f = { attestationCertificateKeyIdentifiers: ['bf7bcaa0d0c6187a8c6abbdd16a15640e7c7bde2'], statusReports: [], timeOfLastStatusChange: '2020-01-01' };
    const blob = await verifyMetadataBlob(await mds.createBlob({ entries: [uaf, u2f, entry()] }), options());
    expect(blob.entries.map((e) => e.aaguid ?? e.aaid ?? e.attestationCertificateKeyIdentifiers?.[0])).toEqual([
      '4e4e#4005',
      'bf7bcaa0d0c6187a8c6abbdd16a15640e7c7bde2',
      AAGUID,
    ]);
  });
});

describe('verifyMetadataBlob: signature and signing chain', () => {
  it('rejects a payload changed after signing', async () => {
    const [header, , signature] = parts(await mds.createBlob({ entries: [entry()] }));
    const forged = encodeJson({ legalHeader: 'x', no: 2, nextUpdate: isoDate(Date.now() + DAY), entries: [] });
    await expectRejected(`${header}.${forged}.${signature}`, 'metadata_untrusted', /JWS signature does not verify/);
  });

  it('rejects a flipped signature bit', async () => {
    const [header, payload, signature] = parts(await mds.createBlob());
    const bytes = Uint8Array.from(atob(signature.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    bytes[5]! ^= 0x01;
    await expectRejected(`${header}.${payload}.${toBase64url(bytes)}`, 'metadata_untrusted', /JWS signature does not verify/);
  });

  it('rejects a BLOB whose chain does not reach the configured root', async () => {
    await expectRejected(await mds.createBlob(), 'metadata_untrusted', /does not validate to the configured root/, { rootCertificates: [otherRoot.der] });
  });

  it('rejects a signing certificate that has expired at `now`, and accepts it at a time it was valid', async () => {
    const root = await createRootCa([['CN', 'MDS Root valid since 60 days']], { notBefore: new Date(Date.now() - 60 * DAY) });
    const expired = await createTestMetadataService({
      root,
      signingCertificate: { notBefore: new Date(Date.now() - 30 * DAY), notAfter: new Date(Date.now() - DAY) },
    });
    const jws = await expired.createBlob();
    await expectRejected(jws, 'metadata_untrusted', /expired/, { rootCertificates: [root.der] });
    expect((await verifyMetadataBlob(jws, { rootCertificates: [root.der], now: new Date(Date.now() - 2 * DAY) })).no).toBe(1);
  });

  it('rejects a header that names its chain only by x5u, which is not downloaded', async () => {
    const jws = await mds.createBlob({ header: { x5c: undefined, x5u: 'https://mds.example/chain.pem' } });
    await expectRejected(jws, 'metadata_untrusted', /"x5u"/);
  });

  it('rejects a JWS "alg" that does not fit the signing key, and algorithms without a certificate key', async () => {
    const [, payload, signature] = parts(await mds.createBlob());
    const x5c = mds.x5c.map((der) => btoa(String.fromCharCode(...der)));
    await expectRejected(`${encodeJson({ alg: 'RS256', x5c })}.${payload}.${signature}`, 'metadata_untrusted', /does not fit/);
    await expectRejected(`${encodeJson({ alg: 'HS256', x5c })}.${payload}.${signature}`, 'unsupported_algorithm', /HS256/);
    await expectRejected(`${encodeJson({ alg: 'none', x5c })}.${payload}.${signature}`, 'unsupported_algorithm', /none/);
  });

  it('rejects a signing certificate whose key usage excludes digitalSignature', async () => {
    const service = await createTestMetadataService({ root: mds.root, signingCertificate: { keyUsage: ['keyEncipherment'] } });
    await expectRejected(await service.createBlob(), 'metadata_untrusted', /digitalSignature/);
  });
});

/** A compact JWS over `payload`, with x5c = [certificate], signed by the certificate's (ES256) key. */
async function signedBy(certificate: IssuedCertificate, payload: Record<string, unknown> = { legalHeader: 'x', no: 9, nextUpdate: '2099-01-01', entries: [] }) {
  const input = `${encodeJson({ alg: 'ES256', typ: 'JWT', x5c: [btoa(String.fromCharCode(...certificate.der))] })}.${encodeJson(payload)}`;
  return `${input}.${toBase64url(ecdsaDerToRaw(await certificate.key.sign(utf8(input)), 'P-256'))}`;
}

describe('verifyMetadataBlob: the signing certificate must be the Metadata Service\'s (expectedSigner)', () => {
  const host = (name: string, dns?: string[]) => ({
    subject: [['CN', name]] as [string, string][],
    ...(dns ? { subjectAltName: dns.map((d) => ({ dns: d })) } : {}),
  });

  it('rejects a BLOB signed by another certificate the same root issued, such as a TLS certificate for any site', async () => {
    const tls = await createLeafCertificate(mds.root, { ...host('www.attacker.example', ['www.attacker.example']), extKeyUsage: ['1.3.6.1.5.5.7.3.1'] });
    const jws = await signedBy(tls);
    await expectRejected(jws, 'metadata_untrusted', /signing certificate "CN=www\.attacker\.example" is not the Metadata Service's: expected a certificate for mds\.fidoalliance\.org/);
    // The same BLOB verifies for a host that expects exactly that signer: only the name was at fault.
    expect((await verifyMetadataBlob(jws, options({ expectedSigner: 'www.attacker.example' }))).no).toBe(9);
  });

  it('takes the name from subjectAltName dNSName, and from the subject CN only when there is none (RFC 6125 section 6.4.4)', async () => {
    const bySan = await createLeafCertificate(mds.root, host('FIDO MDS BLOB Signer', ['www.fidoalliance.org', FIDO_MDS_SIGNER_NAME]));
    expect((await verifyMetadataBlob(await signedBy(bySan), options())).no).toBe(9);
    const byCn = await createLeafCertificate(mds.root, host(FIDO_MDS_SIGNER_NAME));
    expect((await verifyMetadataBlob(await signedBy(byCn), options())).no).toBe(9);
    const cnButOtherSan = await createLeafCertificate(mds.root, host(FIDO_MDS_SIGNER_NAME, ['www.attacker.example']));
    await expectRejected(await signedBy(cnButOtherSan), 'metadata_untrusted', /is not the Metadata Service's/);
  });

  it('compares names without regard to case, and honours no wildcard', async () => {
    const upper = await createLeafCertificate(mds.root, host('MDS.FIDOALLIANCE.ORG', ['MDS.FidoAlliance.org']));
    expect((await verifyMetadataBlob(await signedBy(upper), options())).no).toBe(9);
    const wildcard = await createLeafCertificate(mds.root, host('*.fidoalliance.org', ['*.fidoalliance.org']));
    await expectRejected(await signedBy(wildcard), 'metadata_untrusted', /is not the Metadata Service's/);
  });

  it('accepts the name of a private metadata service, one of several names, or what a function accepts', async () => {
    const service = await createTestMetadataService({ root: mds.root, signingCertificate: host('mds.example.com', ['mds.example.com']) });
    const jws = await service.createBlob({ entries: [entry()] });
    await expectRejected(jws, 'metadata_untrusted', /"CN=mds\.example\.com" is not the Metadata Service's: expected a certificate for mds\.fidoalliance\.org/);
    expect((await verifyMetadataBlob(jws, options({ expectedSigner: 'mds.example.com' }))).entries).toHaveLength(1);
    expect((await verifyMetadataBlob(jws, options({ expectedSigner: [FIDO_MDS_SIGNER_NAME, 'MDS.example.com'] }))).entries).toHaveLength(1);

    const seen: Certificate[] = [];
    const accept = (certificate: Certificate) => (seen.push(certificate), certificate.subject.text === 'CN=mds.example.com');
    expect((await verifyMetadataBlob(jws, options({ expectedSigner: accept }))).entries).toHaveLength(1);
    expect(seen.map((c) => c.der)).toEqual([service.signer.der]);
    const truthy = (() => 'yes') as unknown as (certificate: Certificate) => boolean;
    await expectRejected(jws, 'metadata_untrusted', /expected a certificate your expectedSigner function accepts/, { expectedSigner: truthy });
  });

  it('holds a BLOB of the test Metadata Service to the default name, which its signing certificate carries', async () => {
    expect(parseCertificate(mds.signer.der).subjectAltName).toEqual([{ type: 'dns', value: FIDO_MDS_SIGNER_NAME }]);
    await expectRejected(await mds.createBlob(), 'metadata_untrusted', /expected a certificate for mds\.example\.com/, { expectedSigner: 'mds.example.com' });
  });

  it('fits the production signer: the 2021 BLOB chain validates to GlobalSign Root R3 and its leaf is the default signer, its CA is not', async () => {
    const leaf = parseCertificate(Uint8Array.from(atob(PRODUCTION_SIGNER_2021), (c) => c.charCodeAt(0)));
    const intermediate = parseCertificate(Uint8Array.from(atob(PRODUCTION_INTERMEDIATE_2021), (c) => c.charCodeAt(0)));
    const root = parseCertificate(Uint8Array.from(atob(GLOBALSIGN_ROOT_R3), (c) => c.charCodeAt(0)));
    const path = await validateCertificatePath([leaf, intermediate], [root], { now: PRODUCTION_CHAIN_VALID_AT });
    expect(path.ok).toBe(true);
    const check = signerCheck();
    expect(check.accepts(leaf)).toBe(true);
    expect(check.accepts(intermediate)).toBe(false);
    expect(check.accepts(root)).toBe(false);
  });

  it('rejects an expectedSigner that is not a name, a list of names or a function', async () => {
    const jws = await mds.createBlob();
    for (const expectedSigner of ['', [], [''], [7], 7, null, Array.from({ length: 17 }, () => 'a.example'), 'a'.repeat(254)]) {
      const error = await caught(() => verifyMetadataBlob(jws, options({ expectedSigner: expectedSigner as string })));
      expect(error.code).toBe('invalid_options');
      expect(error.message).toMatch(/"expectedSigner"/);
    }
  });
});

describe('verifyMetadataBlob: a BLOB without x5c, signed by the root itself (section 3.2 step 5)', () => {
  it('rejects it when the root has expired at `now`, and accepts it at a time the root was valid', async () => {
    const root = await createRootCa([['CN', 'Expired MDS Root']], { notBefore: new Date(Date.now() - 60 * DAY), notAfter: new Date(Date.now() - DAY) });
    const service = await createTestMetadataService({ root });
    const jws = await service.createBlob({ header: { x5c: undefined }, signWithRoot: true });
    await expectRejected(jws, 'metadata_untrusted', /has no x5c and no configured root is valid at .*expired at/, { rootCertificates: [root.der] });
    expect((await verifyMetadataBlob(jws, { rootCertificates: [root.der], now: new Date(Date.now() - 2 * DAY) })).no).toBe(1);
  });

  it('rejects it when the root is not valid yet', async () => {
    const root = await createRootCa([['CN', 'Future MDS Root']], { notBefore: new Date(Date.now() + DAY), notAfter: new Date(Date.now() + 60 * DAY) });
    const service = await createTestMetadataService({ root });
    const jws = await service.createBlob({ header: { x5c: undefined }, signWithRoot: true });
    await expectRejected(jws, 'metadata_untrusted', /not valid before/, { rootCertificates: [root.der] });
  });

  it('lets only the roots valid at `now` sign: an expired root that signed it does not count beside a valid one', async () => {
    const expiredRoot = await createRootCa([['CN', 'Expired MDS Root 2']], { notBefore: new Date(Date.now() - 60 * DAY), notAfter: new Date(Date.now() - DAY) });
    const service = await createTestMetadataService({ root: expiredRoot });
    const jws = await service.createBlob({ header: { x5c: undefined }, signWithRoot: true });
    await expectRejected(jws, 'metadata_untrusted', /signature does not verify/, { rootCertificates: [expiredRoot.der, mds.root.der] });
    const byValidRoot = await mds.createBlob({ header: { x5c: undefined }, signWithRoot: true });
    expect((await verifyMetadataBlob(byValidRoot, { rootCertificates: [expiredRoot.der, mds.root.der] })).no).toBe(1);
  });
});

describe('verifyMetadataBlob: serial number and nextUpdate', () => {
  it('rejects a BLOB whose no is not above previousNo (section 3.2 step 6), and accepts a newer one', async () => {
    const jws = await mds.createBlob({ no: 7 });
    await expectRejected(jws, 'metadata_untrusted', /"no" 7 is not greater/, { previousNo: 7 });
    expect((await verifyMetadataBlob(jws, options({ previousNo: 6 }))).no).toBe(7);
  });

  it('rejects a BLOB whose nextUpdate passed more than maxStaleMs ago, and ignores staleness by default', async () => {
    const jws = await mds.createBlob({ nextUpdate: isoDate(Date.now() - 10 * DAY) });
    await expectRejected(jws, 'metadata_untrusted', /stale/, { maxStaleMs: 7 * DAY });
    expect((await verifyMetadataBlob(jws, options({ maxStaleMs: 30 * DAY }))).no).toBe(1);
    expect((await verifyMetadataBlob(jws, options())).no).toBe(1);
  });
});

describe('verifyMetadataBlob: bounds and malformed input', () => {
  it('rejects a BLOB larger than maxBytes before parsing it', async () => {
    const jws = await mds.createBlob();
    await expectRejected(jws, 'input_too_large', new RegExp(`larger than ${jws.length - 1} bytes`), { maxBytes: jws.length - 1 });
    await expectRejected('a'.repeat(MAX_METADATA_BLOB_BYTES + 1), 'input_too_large', /larger than 16777216 bytes/);
  });

  it('rejects more than MAX_METADATA_ENTRIES entries', async () => {
    const tiny = { aaid: '0000#0000', statusReports: [], timeOfLastStatusChange: '2020-01-01' };
    const jws = await mds.createBlob({ entries: Array.from({ length: MAX_METADATA_ENTRIES + 1 }, () => tiny) });
    await expectRejected(jws, 'input_too_large', /more than 10000 entries/);
  });

  it('rejects x5c with too many certificates', async () => {
    const [, payload, signature] = parts(await mds.createBlob());
    const x5c = Array.from({ length: 11 }, () => btoa(String.fromCharCode(...mds.signer.der)));
    await expectRejected(`${encodeJson({ alg: 'ES256', x5c })}.${payload}.${signature}`, 'input_too_large', /more than 10 certificates/);
  });

  it('rejects malformed compact JWS: parts, base64url, JSON, header members', async () => {
    const [header, payload, signature] = parts(await mds.createBlob());
    const cases: [string, RegExp][] = [
      [`${header}.${payload}`, /compact JWS/],
      [`${header}.${payload}.${signature}.${signature}`, /compact JWS/],
      [`${header}..${signature}`, /compact JWS/],
      [`${header}!.${payload}.${signature}`, /header is not base64url/],
      [`${header}.${payload}.${signature}=`, /signature is not base64url/],
      [`${toBase64url(utf8('not json'))}.${payload}.${signature}`, /header is not JSON/],
      [`${toBase64url(Uint8Array.of(0xff, 0xfe))}.${payload}.${signature}`, /header is not UTF-8/],
      [`${encodeJson([1])}.${payload}.${signature}`, /header is not a JSON object/],
      [`${header}.${toBase64url(utf8('{"no":'))}.${signature}`, /payload is not JSON/],
      [`${encodeJson({ alg: 'ES256', crit: ['b64'], x5c: [] })}.${payload}.${signature}`, /crit/],
      [`${encodeJson({ alg: 'ES256', x5c: [] })}.${payload}.${signature}`, /non-empty array/],
      [`${encodeJson({ alg: 'ES256', x5c: ['not base64!'] })}.${payload}.${signature}`, /x5c\[0\] is not standard base64/],
    ];
    for (const [jws, message] of cases) await expectRejected(jws, 'metadata_invalid', message);
  });

  it('rejects an x5c item that is base64 but not a certificate', async () => {
    const [, payload, signature] = parts(await mds.createBlob());
    const error = await caught(() => verifyMetadataBlob(`${encodeJson({ alg: 'ES256', x5c: [btoa('not a certificate')] })}.${payload}.${signature}`, options()));
    expect(error.code).toBe('malformed_certificate');
    expect(error.message).toMatch(/metadata BLOB x5c/);
  });

  it('rejects a non-string BLOB', async () => {
    const error = await caught(() => verifyMetadataBlob(new Uint8Array(4) as unknown as string, options()));
    expect(error.code).toBe('metadata_invalid');
  });

  it('rejects payload members of the wrong type (section 3.1.6)', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ legalHeader: undefined }, /legalHeader/],
      [{ no: '1' }, /"no"/],
      [{ no: -1 }, /"no"/],
      [{ no: 1.5 }, /"no"/],
      [{ nextUpdate: undefined }, /nextUpdate/],
      [{ nextUpdate: '2024-02-30' }, /nextUpdate/],
      [{ nextUpdate: '1 July 2024' }, /nextUpdate/],
      [{ entries: {} }, /"entries" must be an array/],
    ];
    for (const [payload, message] of cases) await expectRejected(await mds.createBlob({ payload }), 'metadata_invalid', message);
  });

  it('leaves out entries that break MDS 3.0 section 3.1.1, listing the member at fault, and keeps the others', async () => {
    const statement = (changes: Record<string, unknown>) =>
      testMetadataEntry({ aaguid: AAGUID, attestationRootCertificates: [attestationRoot.der], statement: changes });
    const good = testMetadataEntry({ aaguid: OTHER_AAGUID, attestationRootCertificates: [attestationRoot.der] });
    const cases: [unknown, RegExp][] = [
      ['entry', /entries\[0\] must be an object/],
      [entry({ aaguid: 'not-a-uuid' }), /entries\[0\]\.aaguid must be a UUID/],
      [entry({ statusReports: undefined }), /statusReports must be an array/],
      [entry({ statusReports: [{ effectiveDate: '2020-01-01' }] }), /statusReports\[0\]\.status/],
      [entry({ statusReports: [{ status: 'REVOKED', effectiveDate: 'yesterday' }] }), /effectiveDate/],
      [entry({ statusReports: Array.from({ length: MAX_STATUS_REPORTS + 1 }, () => ({ status: 'FIDO_CERTIFIED' })) }), /more than 256 reports/],
      [entry({ timeOfLastStatusChange: undefined }), /timeOfLastStatusChange/],
      [entry({ attestationCertificateKeyIdentifiers: ['not hex'] }), /attestationCertificateKeyIdentifiers\[0\]/],
      [statement({ description: '' }), /description/],
      [statement({ authenticatorVersion: -1 }), /authenticatorVersion/],
      [statement({ attestationRootCertificates: ['MIIB!'] }), /attestationRootCertificates\[0\]/],
      [statement({ attestationRootCertificates: undefined }), /attestationRootCertificates must be an array/],
      [statement({ aaguid: 'b0b1b2b3-b4b5-b6b7-b8b9-babbbcbdbebf' }), /differs from the entry's aaguid/],
    ];
    for (const [bad, reason] of cases) {
      const blob = await verifyMetadataBlob(await mds.createBlob({ entries: [bad, good] }), options());
      expect(blob.entries.map((e) => e.aaguid)).toEqual([OTHER_AAGUID]);
      expect(blob.invalidEntries).toHaveLength(1);
      expect(blob.invalidEntries[0]!.index).toBe(0);
      expect(blob.invalidEntries[0]!.reason).toMatch(reason);
    }
  });

  it('leaves out every entry of an AAGUID that several entries claim, whatever its case', async () => {
    const jws = await mds.createBlob({ entries: [entry(), entry({ aaguid: AAGUID.toUpperCase() })] });
    const blob = await verifyMetadataBlob(jws, options());
    expect(blob.entries).toEqual([]);
    expect(blob.invalidEntries).toEqual([
      { index: 0, aaguid: AAGUID, reason: `2 entries claim AAGUID ${AAGUID}` },
      { index: 1, aaguid: AAGUID, reason: `2 entries claim AAGUID ${AAGUID}` },
    ]);
  });

  it('tolerates statuses and members from later MDS versions', async () => {
    const later = entry({ statusReports: [{ status: 'FIPS140_CERTIFIED_L2', effectiveDate: '2025-06-01' }], rogueListURL: 'https://example.com/rogue' });
    const blob = await verifyMetadataBlob(await mds.createBlob({ entries: [later] }), options());
    expect(blob.entries[0]!.statusReports[0]!.status).toBe('FIPS140_CERTIFIED_L2');
    expect(blob.entries[0]!.rogueListURL).toBe('https://example.com/rogue');
  });
});

describe('verifyMetadataBlob: options', () => {
  it('rejects missing, empty, oversized or unparseable rootCertificates, and a bad now', async () => {
    const jws = await mds.createBlob();
    const bad: unknown[] = [
      undefined,
      { rootCertificates: [] },
      { rootCertificates: Array.from({ length: 17 }, () => mds.root.der) },
      { rootCertificates: [new Uint8Array([1, 2, 3])] },
      { rootCertificates: [mds.root.der], now: new Date(Number.NaN) },
      { rootCertificates: [mds.root.der], maxBytes: 0 },
      { rootCertificates: [mds.root.der], previousNo: -1 },
      { rootCertificates: [mds.root.der], maxStaleMs: Number.NaN },
    ];
    for (const opts of bad) {
      expect((await caught(() => verifyMetadataBlob(jws, opts as VerifyMetadataBlobOptions))).code).toBe('invalid_options');
    }
  });
});
