import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { describePasskey, generateRegistrationOptions, verifyRegistrationResponse } from '../../src/index.js';
import {
  DEFAULT_REJECTED_STATUSES,
  latestStatusReport,
  metadataEntry,
  metadataEntryByKeyIdentifier,
  metadataTrustAnchors,
  providerDirectory,
  verifyMetadataBlob,
  type MetadataBlob,
  type MetadataBlobEntry,
  type MetadataTrustOptions,
  type TrustAnchorSource,
  type TrustContext,
} from '../../src/metadata/index.js';
import { certificateFingerprint, parseCertificate } from '../../src/x509/index.js';
import { createFidoU2fAttestation, type FidoU2fAttestation } from '../../src/testing/attestation-fido-u2f.js';
import { createPackedAttestation, type PackedAttestation } from '../../src/testing/attestation-packed.js';
import { SoftwareAuthenticator } from '../../src/testing/authenticator.js';
import { createRootCa, type IssuedCertificate } from '../../src/testing/ca.js';
import { createTestMetadataService, isoDate, testMetadataEntry, type TestMetadataService } from '../../src/testing/metadata.js';
import { caught } from '../helpers/errors.js';

/** A verified BLOB as attestation trust anchors (by AAGUID, with status) and as a provider directory. */

const AAGUID = 'c5ef55ff-ad9a-4b9f-b580-adebafe026d0';
const OTHER_AAGUID = 'ee882879-721c-4913-9775-3dfcce97072a';
const ZERO_AAGUID = '00000000-0000-0000-0000-000000000000';
const RP_ID = 'example.com';
const ORIGIN = `https://${RP_ID}`;
const ICON = 'data:image/png;base64,iVBORw0KGgo=';

const DAY = 86400_000;

let mds: TestMetadataService;
let packed: PackedAttestation;
let unrelatedRoot: IssuedCertificate;
let u2f: FidoU2fAttestation;
/** Another U2F device of the same model: another batch certificate from the same root. */
let u2fOtherBatch: FidoU2fAttestation;

beforeAll(async () => {
  [mds, packed, unrelatedRoot, u2f] = await Promise.all([
    createTestMetadataService(),
    createPackedAttestation({ aaguid: AAGUID }),
    createRootCa([['CN', 'Unrelated Attestation Root']]),
    createFidoU2fAttestation(),
  ]);
  u2fOtherBatch = await createFidoU2fAttestation({ issuer: u2f.issuer, subject: [['CN', 'passkey-rp Test U2F Batch 2']] });
});

const base64 = (der: Uint8Array) => btoa(String.fromCharCode(...der));

/**
 * RFC 5280 section 4.2.1.2 method (1), computed apart from the library: SHA-1 of the
 * subjectPublicKey, which for a P-256 SubjectPublicKeyInfo is its last 65 bytes (0x04 || x || y).
 */
function keyIdentifierOf(certificate: IssuedCertificate): string {
  const spki = certificate.key.spki;
  return createHash('sha1').update(spki.subarray(spki.length - 65)).digest('hex');
}

/** A verified BLOB holding one entry for AAGUID (with the packed attestation's root) and any others. */
async function blobWith(statusReports?: Record<string, unknown>[], others: unknown[] = []): Promise<MetadataBlob> {
  const entry = testMetadataEntry({
    aaguid: AAGUID,
    attestationRootCertificates: [packed.issuer.der],
    description: 'Example Key 5',
    icon: ICON,
    ...(statusReports ? { statusReports } : {}),
  });
  return verifyMetadataBlob(await mds.createBlob({ entries: [entry, ...others] }), { rootCertificates: [mds.root.der] });
}

function lookup(blob: MetadataBlob, aaguid: string, options?: MetadataTrustOptions) {
  return metadataTrustAnchors(blob, options)({ fmt: 'packed', aaguid });
}

/** A registration ceremony whose packed x5c statement comes from `packed`, verified with the BLOB's anchors (or any source). */
async function register(anchors: MetadataBlob | TrustAnchorSource, requireTrustedAttestation = false) {
  const options = generateRegistrationOptions({ rpName: 'Example', rpID: RP_ID, userName: 'alice', userID: Uint8Array.of(1, 2, 3), attestation: 'direct' });
  const authenticator = new SoftwareAuthenticator({ aaguid: AAGUID, algorithm: -7, attestation: packed.signer });
  const response = await authenticator.createCredential(options, ORIGIN);
  return verifyRegistrationResponse({
    response,
    expectedChallenge: options.challenge,
    expectedOrigin: ORIGIN,
    expectedRPID: RP_ID,
    attestation: { trustAnchors: typeof anchors === 'function' ? anchors : metadataTrustAnchors(anchors as MetadataBlob), requireTrustedAttestation },
  });
}

describe('metadataEntry', () => {
  it('finds a FIDO2 entry by AAGUID in any case, and nothing for unknown or all-zero AAGUIDs', async () => {
    const blob = await blobWith();
    expect(metadataEntry(blob, AAGUID)?.metadataStatement?.description).toBe('Example Key 5');
    expect(metadataEntry(blob, AAGUID.toUpperCase())).toBe(metadataEntry(blob, AAGUID));
    expect(metadataEntry(blob, OTHER_AAGUID)).toBeUndefined();
    expect(metadataEntry(blob, ZERO_AAGUID)).toBeUndefined();
    expect(metadataEntry(blob, 'not a uuid')).toBeUndefined();
  });

  it('ignores entries without an AAGUID (UAF aaid, U2F key identifiers)', async () => {
    const uaf = { aaid: '4e4e#4005', statusReports: [], timeOfLastStatusChange: '2020-01-01' };
    const u2f = { attestationCertificateKeyIdentifiers: ['bf7bcaa0d0c6187a8c6abbdd16a15640e7c7bde2'], statusReports: [], timeOfLastStatusChange: '2020-01-01' };
    const blob = await blobWith(undefined, [uaf, u2f]);
    expect(blob.entries).toHaveLength(3);
    expect(metadataEntry(blob, ZERO_AAGUID)).toBeUndefined();
    expect(Object.keys(providerDirectory(blob))).toEqual([AAGUID]);
  });
});

describe('latestStatusReport', () => {
  const entry = (statusReports: Record<string, unknown>[]) => ({ statusReports, timeOfLastStatusChange: '2024-01-01' }) as MetadataBlobEntry;

  it('is the report with the latest effectiveDate, whatever the list order', () => {
    const reports = [
      { status: 'FIDO_CERTIFIED_L1', effectiveDate: '2020-05-01' },
      { status: 'REVOKED', effectiveDate: '2023-02-01' },
      { status: 'UPDATE_AVAILABLE', effectiveDate: '2021-09-01' },
    ];
    expect(latestStatusReport(entry(reports))?.status).toBe('REVOKED');
  });

  it('prefers the later of two reports on the same date, and any dated report over an undated one', () => {
    expect(latestStatusReport(entry([{ status: 'FIDO_CERTIFIED', effectiveDate: '2022-01-01' }, { status: 'REVOKED', effectiveDate: '2022-01-01' }]))?.status).toBe('REVOKED');
    expect(latestStatusReport(entry([{ status: 'FIDO_CERTIFIED_L2', effectiveDate: '2022-01-01' }, { status: 'NOT_FIDO_CERTIFIED' }]))?.status).toBe('FIDO_CERTIFIED_L2');
    expect(latestStatusReport(entry([]))).toBeUndefined();
  });
});

describe('metadataTrustAnchors', () => {
  it("answers an entry's attestation root certificates, parsed", async () => {
    const result = lookup(await blobWith(), AAGUID);
    expect(result.reasons).toEqual([]);
    expect(result.anchors).toHaveLength(1);
    expect(result.anchors[0]).toMatchObject({ der: packed.issuer.der });
  });

  it('withholds the anchors of a model with a rejected status in effect, saying why', async () => {
    for (const status of DEFAULT_REJECTED_STATUSES) {
      const blob = await blobWith([
        { status: 'FIDO_CERTIFIED_L1', effectiveDate: '2020-01-01' },
        { status, effectiveDate: '2024-03-01' },
      ]);
      const result = lookup(blob, AAGUID);
      expect(result.anchors).toEqual([]);
      const notice = `the FIDO metadata gives AAGUID ${AAGUID} ("Example Key 5") the status ${status} since 2024-03-01, which this relying party rejects`;
      const suffix = status === 'ATTESTATION_KEY_COMPROMISE' ? ' (the report names no certificate, so every attestation key of the model counts as compromised)' : '';
      expect(result.reasons).toEqual([notice + suffix]);
    }
  });

  it('keeps withholding them when later reports follow a rejected status (every report counts, not the latest)', async () => {
    const cases: Record<string, unknown>[][] = [
      [
        { status: 'USER_VERIFICATION_BYPASS', effectiveDate: '2021-01-01' },
        { status: 'FIDO_CERTIFIED_L1', effectiveDate: '2022-06-01', authenticatorVersion: 7 },
      ],
      [
        { status: 'FIDO_CERTIFIED_L1', effectiveDate: '2020-01-01' },
        { status: 'USER_VERIFICATION_BYPASS', effectiveDate: '2021-01-01' },
        { status: 'UPDATE_AVAILABLE', effectiveDate: '2022-06-01', authenticatorVersion: 5 },
      ],
    ];
    for (const reports of cases) {
      const result = lookup(await blobWith(reports), AAGUID);
      expect(result.anchors).toEqual([]);
      expect(result.reasons).toEqual([`the FIDO metadata gives AAGUID ${AAGUID} ("Example Key 5") the status USER_VERIFICATION_BYPASS since 2021-01-01, which this relying party rejects`]);
    }
  });

  it('takes a rejected status without effectiveDate as in effect while listed (MDS 3.0 section 3.1.3), before or after dated reports', async () => {
    const undated = `the FIDO metadata gives AAGUID ${AAGUID} ("Example Key 5") the status REVOKED (undated, so in effect while listed), which this relying party rejects`;
    for (const reports of [
      [{ status: 'REVOKED' }, { status: 'FIDO_CERTIFIED_L1', effectiveDate: '2020-01-01' }],
      [{ status: 'FIDO_CERTIFIED_L1', effectiveDate: '2020-01-01' }, { status: 'REVOKED' }],
    ]) {
      expect(lookup(await blobWith(reports), AAGUID)).toEqual({ anchors: [], reasons: [undated] });
    }
  });

  it('ignores a rejected status dated after now, until its date comes (option `now`)', async () => {
    const tomorrow = isoDate(Date.now() + DAY);
    const blob = await blobWith([
      { status: 'FIDO_CERTIFIED_L1', effectiveDate: '2020-01-01' },
      { status: 'REVOKED', effectiveDate: tomorrow },
    ]);
    expect(lookup(blob, AAGUID).anchors).toHaveLength(1);
    const later = lookup(blob, AAGUID, { now: () => new Date(Date.now() + 2 * DAY) });
    expect(later.anchors).toEqual([]);
    expect(later.reasons[0]).toMatch(new RegExp(`status REVOKED since ${tomorrow}`));
    // The day itself counts: a report is in effect from midnight UTC of its effectiveDate.
    expect(lookup(blob, AAGUID, { now: () => new Date(`${tomorrow}T00:00:00Z`) }).anchors).toEqual([]);
    expect(lookup(blob, AAGUID, { now: () => new Date(Date.parse(`${tomorrow}T00:00:00Z`) - 1) }).anchors).toHaveLength(1);
  });

  it('lists every rejected status in effect', async () => {
    const result = lookup(
      await blobWith([
        { status: 'USER_KEY_REMOTE_COMPROMISE', effectiveDate: '2021-01-01' },
        { status: 'REVOKED', effectiveDate: '2022-01-01' },
      ]),
      AAGUID,
    );
    expect(result.reasons.map((r) => r.match(/status (\w+)/)![1])).toEqual(['USER_KEY_REMOTE_COMPROMISE', 'REVOKED']);
  });

  it('follows rejectStatuses: other statuses can be rejected, and the defaults accepted', async () => {
    const updateAvailable = await blobWith([{ status: 'UPDATE_AVAILABLE', effectiveDate: '2024-01-01' }]);
    expect(lookup(updateAvailable, AAGUID).anchors).toHaveLength(1);
    expect(lookup(updateAvailable, AAGUID, { rejectStatuses: ['UPDATE_AVAILABLE'] }).anchors).toEqual([]);
    const revoked = await blobWith([{ status: 'REVOKED', effectiveDate: '2024-01-01' }]);
    expect(lookup(revoked, AAGUID, { rejectStatuses: [] }).anchors).toHaveLength(1);
  });

  it('says why there are no anchors for an unknown or undisclosed AAGUID', async () => {
    const blob = await blobWith();
    expect(lookup(blob, OTHER_AAGUID)).toEqual({ anchors: [], reasons: [`the FIDO metadata BLOB (no. 1) has no entry for AAGUID ${OTHER_AAGUID}`] });
    expect(lookup(blob, ZERO_AAGUID).reasons).toEqual(['the authenticator discloses no AAGUID, so the FIDO metadata cannot name its trust anchors']);
  });

  it('says so when the entry for the AAGUID was left out of the BLOB', async () => {
    const broken = testMetadataEntry({ aaguid: OTHER_AAGUID, attestationRootCertificates: [], statement: { description: 7 } });
    const blob = await verifyMetadataBlob(await mds.createBlob({ entries: [broken] }), { rootCertificates: [mds.root.der] });
    const result = lookup(blob, OTHER_AAGUID);
    expect(result.anchors).toEqual([]);
    expect(result.reasons).toEqual([`the FIDO metadata BLOB (no. 1) entry for AAGUID ${OTHER_AAGUID} was left out: metadata BLOB entries[0].metadataStatement.description must be a non-empty string`]);
  });

  it('leaves out a root certificate that cannot be parsed, keeping the others and a reason', async () => {
    const entry = testMetadataEntry({ aaguid: OTHER_AAGUID, attestationRootCertificates: [Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x01), unrelatedRoot.der] });
    const blob = await verifyMetadataBlob(await mds.createBlob({ entries: [entry] }), { rootCertificates: [mds.root.der] });
    const result = lookup(blob, OTHER_AAGUID);
    expect(result.anchors).toHaveLength(1);
    expect(result.anchors[0]).toMatchObject({ der: unrelatedRoot.der });
    expect(result.reasons).toHaveLength(1);
    expect(result.reasons[0]).toMatch(/attestation root certificate \(0\) that cannot be parsed/);
  });

  it('withholds the whole model for ATTESTATION_KEY_COMPROMISE naming a certificate, as the lookup cannot see a packed chain', async () => {
    const blob = await blobWith([{ status: 'ATTESTATION_KEY_COMPROMISE', effectiveDate: '2024-01-01', certificate: base64(packed.issuer.der) }]);
    const result = lookup(blob, AAGUID);
    expect(result.anchors).toEqual([]);
    expect(result.reasons).toEqual([
      `the FIDO metadata gives AAGUID ${AAGUID} ("Example Key 5") the status ATTESTATION_KEY_COMPROMISE for the certificate "CN=passkey-rp Test Packed Root CA" since 2024-01-01, which this relying party rejects (a trust anchor lookup is not given the attestation chain to look for that key in, so the whole model is withheld)`,
    ]);
    const unreadable = lookup(await blobWith([{ status: 'ATTESTATION_KEY_COMPROMISE', effectiveDate: '2024-01-01', certificate: 'AAAA' }]), AAGUID);
    expect(unreadable.anchors).toEqual([]);
    expect(unreadable.reasons[0]).toMatch(/names a certificate that cannot be read, so every attestation key of the model counts as compromised/);
  });

  it('rejects rejectStatuses that are not MDS statuses, a bad now, and a blob that is not one', async () => {
    const blob = await blobWith();
    const typo = await caught(async () => metadataTrustAnchors(blob, { rejectStatuses: ['REVOKE' as 'REVOKED'] }));
    expect(typo.code).toBe('invalid_options');
    const notAClock = await caught(async () => metadataTrustAnchors(blob, { now: new Date() as unknown as () => Date }));
    expect(notAClock.code).toBe('invalid_options');
    const badTime = await caught(async () => lookup(blob, AAGUID, { now: () => new Date(Number.NaN) }));
    expect(badTime.code).toBe('invalid_options');
    expect((await caught(async () => metadataTrustAnchors({} as MetadataBlob))).code).toBe('invalid_options');
    expect((await caught(async () => metadataTrustAnchors(blob, null as unknown as MetadataTrustOptions))).code).toBe('invalid_options');
  });

  it('the other readers reject what is not a verified BLOB or entry with invalid_options', async () => {
    expect((await caught(async () => metadataEntry(null as unknown as MetadataBlob, AAGUID))).code).toBe('invalid_options');
    expect((await caught(async () => providerDirectory({ entries: 'x' } as unknown as MetadataBlob))).code).toBe('invalid_options');
    expect((await caught(async () => latestStatusReport({} as MetadataBlobEntry))).code).toBe('invalid_options');
  });
});

describe('metadataTrustAnchors for FIDO U2F: by attestation certificate key identifier (MDS 3.0 section 3.1.1)', () => {
  /** A U2F entry: no AAGUID, its key identifiers, and the root of its batch certificates. */
  function u2fEntry(keyIdentifiers: string[], statusReports?: Record<string, unknown>[], roots: Uint8Array[] = [u2f.issuer.der]) {
    const { aaguid: _none, ...entry } = testMetadataEntry({
      aaguid: AAGUID,
      attestationRootCertificates: roots,
      description: 'Example U2F Key',
      ...(statusReports ? { statusReports } : {}),
      statement: { aaguid: undefined, protocolFamily: 'u2f', attestationCertificateKeyIdentifiers: keyIdentifiers },
    });
    return { ...entry, attestationCertificateKeyIdentifiers: keyIdentifiers };
  }

  async function u2fBlob(...entries: unknown[]): Promise<MetadataBlob> {
    return verifyMetadataBlob(await mds.createBlob({ entries }), { rootCertificates: [mds.root.der] });
  }

  const u2fContext = (keyIdentifier: string | undefined, aaguid = ZERO_AAGUID): TrustContext => ({
    fmt: 'fido-u2f',
    aaguid,
    ...(keyIdentifier === undefined ? {} : { attestationCertificateKeyIdentifier: keyIdentifier }),
  });

  it("answers the root of the entry that lists the attestation certificate's key identifier, in any case", async () => {
    const id = keyIdentifierOf(u2f.leaf);
    for (const listed of [id, id.toUpperCase()]) {
      const blob = await u2fBlob(u2fEntry([listed]));
      for (const given of [id, id.toUpperCase()]) {
        const result = metadataTrustAnchors(blob)(u2fContext(given));
        expect(result.reasons).toEqual([]);
        expect(result.anchors.map((a) => (a as { der: Uint8Array }).der)).toEqual([u2f.issuer.der]);
      }
      expect(metadataEntryByKeyIdentifier(blob, id)?.metadataStatement?.description).toBe('Example U2F Key');
    }
  });

  it('never finds a fido-u2f attestation by AAGUID, which its signature does not cover', async () => {
    const blob = await u2fBlob(testMetadataEntry({ aaguid: AAGUID, attestationRootCertificates: [u2f.issuer.der] }));
    const withoutKeyIdentifier = metadataTrustAnchors(blob)(u2fContext(undefined, AAGUID));
    expect(withoutKeyIdentifier.anchors).toEqual([]);
    expect(withoutKeyIdentifier.reasons).toEqual([
      'the fido-u2f attestation comes without its certificate key identifier, so the FIDO metadata cannot name its trust anchors (its AAGUID is not signed)',
    ]);
    const unlisted = metadataTrustAnchors(blob)(u2fContext(keyIdentifierOf(u2f.leaf), AAGUID));
    expect(unlisted).toEqual({ anchors: [], reasons: [`the FIDO metadata BLOB (no. 1) has no entry for attestation certificate key identifier ${keyIdentifierOf(u2f.leaf)}`] });
  });

  it('finds other formats by AAGUID first, and by key identifier when the AAGUID finds no entry', async () => {
    const blob = await u2fBlob(
      testMetadataEntry({ aaguid: AAGUID, attestationRootCertificates: [packed.issuer.der] }),
      u2fEntry([keyIdentifierOf(u2f.leaf)]),
    );
    const source = metadataTrustAnchors(blob);
    const byAaguid = source({ fmt: 'packed', aaguid: AAGUID, attestationCertificateKeyIdentifier: keyIdentifierOf(u2f.leaf) });
    expect(byAaguid.anchors.map((a) => (a as { der: Uint8Array }).der)).toEqual([packed.issuer.der]);
    const byKey = source({ fmt: 'packed', aaguid: OTHER_AAGUID, attestationCertificateKeyIdentifier: keyIdentifierOf(u2f.leaf) });
    expect(byKey.anchors.map((a) => (a as { der: Uint8Array }).der)).toEqual([u2f.issuer.der]);
  });

  it('gives no anchors for a key identifier that several entries list, nor for one that is not hex', async () => {
    const id = keyIdentifierOf(u2f.leaf);
    const blob = await u2fBlob(u2fEntry([id]), u2fEntry([keyIdentifierOf(u2fOtherBatch.leaf), id]));
    expect(metadataTrustAnchors(blob)(u2fContext(id))).toEqual({
      anchors: [],
      reasons: [`the FIDO metadata BLOB (no. 1) has 2 entries for attestation certificate key identifier ${id}, so it names no model for certain`],
    });
    expect(metadataEntryByKeyIdentifier(blob, id)).toBeUndefined();
    expect(metadataEntryByKeyIdentifier(blob, keyIdentifierOf(u2fOtherBatch.leaf))).toBeDefined();
    expect(metadataTrustAnchors(blob)(u2fContext('not hex'))).toEqual({
      anchors: [],
      reasons: ['the attestation certificate key identifier given to the FIDO metadata lookup is not hex'],
    });
  });

  it('withholds U2F anchors for a rejected status in effect, like FIDO2 ones', async () => {
    const id = keyIdentifierOf(u2f.leaf);
    const blob = await u2fBlob(u2fEntry([id], [{ status: 'REVOKED' }]));
    expect(metadataTrustAnchors(blob)(u2fContext(id)).reasons).toEqual([
      `the FIDO metadata gives attestation certificate key identifier ${id} ("Example U2F Key") the status REVOKED (undated, so in effect while listed), which this relying party rejects`,
    ]);
  });

  it('ATTESTATION_KEY_COMPROMISE naming a batch certificate withholds the anchors from that batch only', async () => {
    const compromised = [{ status: 'ATTESTATION_KEY_COMPROMISE', effectiveDate: '2024-01-01', certificate: base64(u2f.leaf.der) }];
    const blob = await u2fBlob(u2fEntry([keyIdentifierOf(u2f.leaf), keyIdentifierOf(u2fOtherBatch.leaf)], compromised));
    const source = metadataTrustAnchors(blob);
    const batch1 = source(u2fContext(keyIdentifierOf(u2f.leaf)));
    expect(batch1.anchors).toEqual([]);
    expect(batch1.reasons).toEqual([
      `the FIDO metadata gives attestation certificate key identifier ${keyIdentifierOf(u2f.leaf)} ("Example U2F Key") the status ATTESTATION_KEY_COMPROMISE for the certificate "CN=passkey-rp Test U2F Batch" since 2024-01-01, which this relying party rejects (its key is this attestation certificate's)`,
    ]);
    const batch2 = source(u2fContext(keyIdentifierOf(u2fOtherBatch.leaf)));
    expect(batch2).toEqual({ anchors: [expect.objectContaining({ der: u2f.issuer.der })], reasons: [] });
  });

  it('ATTESTATION_KEY_COMPROMISE naming a root leaves that root out and keeps the others', async () => {
    const id = keyIdentifierOf(u2f.leaf);
    const compromised = [{ status: 'ATTESTATION_KEY_COMPROMISE', effectiveDate: '2024-01-01', certificate: base64(unrelatedRoot.der) }];
    const blob = await u2fBlob(u2fEntry([id], compromised, [unrelatedRoot.der, u2f.issuer.der]));
    const result = metadataTrustAnchors(blob)(u2fContext(id));
    expect(result.anchors.map((a) => (a as { der: Uint8Array }).der)).toEqual([u2f.issuer.der]);
    expect(result.reasons).toEqual([
      `the FIDO metadata gives attestation certificate key identifier ${id} ("Example U2F Key") the status ATTESTATION_KEY_COMPROMISE for the certificate "CN=Unrelated Attestation Root" since 2024-01-01, which this relying party rejects: the attestation root "CN=Unrelated Attestation Root" is left out`,
    ]);
  });

  /** A fido-u2f registration (all-zero AAGUID) from `device`, verified with the BLOB's anchors. */
  async function registerU2f(blob: MetadataBlob, device: FidoU2fAttestation) {
    const options = generateRegistrationOptions({ rpName: 'Example', rpID: RP_ID, userName: 'alice', userID: Uint8Array.of(1), attestation: 'direct' });
    const authenticator = new SoftwareAuthenticator({ algorithm: -7, aaguid: ZERO_AAGUID, attestation: device.signer });
    const response = await authenticator.createCredential(options, ORIGIN);
    const { attestation } = await verifyRegistrationResponse({
      response,
      expectedChallenge: options.challenge,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      attestation: { trustAnchors: metadataTrustAnchors(blob) },
    });
    return attestation;
  }

  it('trusts a fido-u2f registration whose attestation certificate the BLOB lists, and not one of a compromised batch', async () => {
    const listed = await u2fBlob(u2fEntry([keyIdentifierOf(u2f.leaf), keyIdentifierOf(u2fOtherBatch.leaf)]));
    expect(await registerU2f(listed, u2f)).toMatchObject({ format: 'fido-u2f', trusted: true, aaguid: ZERO_AAGUID, reasons: [] });

    const compromised = [{ status: 'ATTESTATION_KEY_COMPROMISE', effectiveDate: '2024-01-01', certificate: base64(u2f.leaf.der) }];
    const blob = await u2fBlob(u2fEntry([keyIdentifierOf(u2f.leaf), keyIdentifierOf(u2fOtherBatch.leaf)], compromised));
    const batch1 = await registerU2f(blob, u2f);
    expect(batch1.trusted).toBe(false);
    expect(batch1.reasons[0]).toMatch(/ATTESTATION_KEY_COMPROMISE for the certificate "CN=passkey-rp Test U2F Batch" since 2024-01-01/);
    expect(await registerU2f(blob, u2fOtherBatch)).toMatchObject({ trusted: true, reasons: [] });
  });

  it('does not trust a fido-u2f registration whose key identifier no entry lists, though an entry lists its root', async () => {
    const blob = await u2fBlob(u2fEntry([keyIdentifierOf(u2fOtherBatch.leaf)]), testMetadataEntry({ aaguid: AAGUID, attestationRootCertificates: [u2f.issuer.der] }));
    const attestation = await registerU2f(blob, u2f);
    expect(attestation.trusted).toBe(false);
    expect(attestation.reasons[0]).toBe(`the FIDO metadata BLOB (no. 1) has no entry for attestation certificate key identifier ${keyIdentifierOf(u2f.leaf)}`);
  });
});

describe('metadata trust anchors in a registration (WebAuthn L3 section 7.1 steps 23-24)', () => {
  it('trusts a packed x5c statement whose root the BLOB lists for its AAGUID', async () => {
    const { attestation, credential } = await register(await blobWith(), true);
    expect(attestation).toMatchObject({ format: 'packed', type: 'basic', trusted: true, aaguid: AAGUID, reasons: [] });
    expect(attestation.anchor).toEqual({
      subject: 'CN=passkey-rp Test Packed Root CA',
      sha256: await certificateFingerprint(parseCertificate(packed.issuer.der)),
    });
    expect(credential.aaguid).toBe(AAGUID);
  });

  it('does not trust it once the BLOB marks the model REVOKED, and says why', async () => {
    const blob = await blobWith([{ status: 'REVOKED', effectiveDate: '2024-03-01' }]);
    const { attestation } = await register(blob);
    expect(attestation.trusted).toBe(false);
    expect(attestation.anchor).toBeUndefined();
    expect(attestation.reasons[0]).toMatch(/status REVOKED since 2024-03-01/);
  });

  it('rejects the registration when a trusted attestation is required', async () => {
    const blob = await blobWith([{ status: 'REVOKED', effectiveDate: '2024-03-01' }]);
    const error = await caught(() => register(blob, true));
    expect(error.code).toBe('attestation_untrusted');
    expect(error.message).toMatch(/REVOKED/);
  });

  it('does not trust a statement whose root the entry does not list', async () => {
    const entry = testMetadataEntry({ aaguid: AAGUID, attestationRootCertificates: [unrelatedRoot.der] });
    const blob = await verifyMetadataBlob(await mds.createBlob({ entries: [entry] }), { rootCertificates: [mds.root.der] });
    const { attestation } = await register(blob);
    expect(attestation.trusted).toBe(false);
    expect(attestation.reasons.join('; ')).toMatch(/was not issued by any of the 1 trust anchor/);
  });
});

describe('a trust anchor function that answers with reasons (TrustAnchorLookup)', () => {
  it('puts its reasons first in an untrusted verdict, in place of the generic "no trust anchors" one', async () => {
    const { attestation } = await register(() => ({ anchors: [], reasons: ['model withheld by policy'] }));
    expect(attestation.trusted).toBe(false);
    expect(attestation.reasons[0]).toBe('model withheld by policy');
    expect(attestation.reasons.join('; ')).not.toMatch(/no trust anchors are configured/);
  });

  it('drops its reasons when the path is trusted through the anchors it gave', async () => {
    const { attestation } = await register(async () => ({ anchors: [packed.issuer.der], reasons: ['one root was left out'] }));
    expect(attestation).toMatchObject({ trusted: true, reasons: [] });
  });

  it('still accepts a bare list, and rejects any other answer as invalid_options', async () => {
    expect((await register(() => [packed.issuer.der])).attestation.trusted).toBe(true);
    const notALookup = (() => ({ roots: [] })) as unknown as TrustAnchorSource;
    expect((await caught(() => register(notALookup))).code).toBe('invalid_options');
    const badReasons = (() => ({ anchors: [], reasons: 'revoked' })) as unknown as TrustAnchorSource;
    expect((await caught(() => register(badReasons))).code).toBe('invalid_options');
  });
});

describe('providerDirectory', () => {
  it("names a passkey on the account page from the statement's description and icon", async () => {
    const providers = providerDirectory(await blobWith());
    expect(providers[AAGUID]).toEqual({ name: 'Example Key 5', icon_light: ICON, icon_dark: ICON });
    const view = describePasskey(
      { id: 'cred-1', aaguid: AAGUID, backupEligible: false, backupState: false, transports: ['usb'], createdAt: '2024-05-01T10:00:00.000Z', lastUsedAt: undefined, name: undefined, authenticatorAttachment: 'cross-platform' },
      { providers },
    );
    expect(view).toMatchObject({ name: 'Example Key 5', providerName: 'Example Key 5', providerKnown: true, icon: { light: ICON, dark: ICON } });
  });

  it('uses the MDS 3.1 iconDark for dark mode, and lets the provider lookup drop icons that are not image data URLs', async () => {
    const dark = 'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=';
    const entries = [
      testMetadataEntry({ aaguid: AAGUID, attestationRootCertificates: [], description: 'Dark Key', icon: ICON, statement: { iconDark: dark } }),
      testMetadataEntry({ aaguid: OTHER_AAGUID, attestationRootCertificates: [], description: 'Linked Key', icon: 'https://example.com/icon.png' }),
    ];
    const blob = await verifyMetadataBlob(await mds.createBlob({ entries }), { rootCertificates: [mds.root.der] });
    const providers = providerDirectory(blob);
    expect(providers[AAGUID]).toEqual({ name: 'Dark Key', icon_light: ICON, icon_dark: dark });
    const record = { id: 'c', backupEligible: false, backupState: false, transports: [], createdAt: '2024-05-01T10:00:00.000Z', lastUsedAt: undefined, name: undefined, authenticatorAttachment: undefined };
    expect(describePasskey({ ...record, aaguid: OTHER_AAGUID }, { providers })).toMatchObject({ providerName: 'Linked Key', icon: undefined });
  });
});
