import { beforeAll, describe, expect, it } from 'vitest';
import {
  createCertificate,
  createIntermediateCa,
  createLeafCertificate,
  createRootCa,
  generateCertificateKey,
  toPem,
  type IssuedCertificate,
} from '../../src/testing/ca.js';
import { certificateFingerprint, parseCertificate, validateCertificatePath, verifyIssuedBy, type Certificate } from '../../src/x509/index.js';

const DAY = 86400_000;
const NOW = new Date();

let root: IssuedCertificate;
let intermediate: IssuedCertificate;
let leaf: IssuedCertificate;
let chain: Certificate[];

beforeAll(async () => {
  root = await createRootCa([['CN', 'Path Root']]);
  intermediate = await createIntermediateCa(root, [['CN', 'Path Intermediate']]);
  leaf = await createLeafCertificate(intermediate);
  chain = [leaf.der, intermediate.der].map((der) => parseCertificate(der));
});

async function validate(certs: Uint8Array[], anchors: (string | Uint8Array | Certificate)[]) {
  return validateCertificatePath(certs.map((der) => parseCertificate(der)), anchors, { now: NOW });
}

function reasonsOf(result: Awaited<ReturnType<typeof validate>>): string {
  return result.ok ? '' : result.reasons.join('\n');
}

describe('validateCertificatePath: accepted chains', () => {
  it('leaf -> intermediate -> root anchor, with anchors as DER, PEM or parsed', async () => {
    for (const anchor of [root.der, toPem(root.der), parseCertificate(root.der)]) {
      const result = await validateCertificatePath(chain, [anchor], { now: NOW });
      expect(result.ok, reasonsOf(result)).toBe(true);
      if (result.ok) {
        expect(result.anchor.der).toEqual(root.der);
        expect(result.path.map((c) => c.subject.text)).toEqual([chain[0]!.subject.text, 'CN=Path Intermediate']);
      }
    }
  });

  it('an intermediate may be the anchor', async () => {
    const result = await validate([leaf.der, intermediate.der], [intermediate.der]);
    expect(result.ok && result.anchor.subject.text).toBe('CN=Path Intermediate');
    const leafOnly = await validate([leaf.der], [intermediate.der]);
    expect(leafOnly.ok).toBe(true);
  });

  it('the attestation certificate may itself be the anchor (WebAuthn L3 section 7.1 step 24)', async () => {
    const result = await validate([leaf.der, intermediate.der], [leaf.der]);
    expect(result.ok && result.path).toEqual([]);
  });

  it('a chain whose last certificate an anchor signed is accepted without the root in it', async () => {
    expect((await validate([leaf.der, intermediate.der], [root.der])).ok).toBe(true);
  });

  it('a self-signed root at the end of x5c is tolerated when it is an anchor', async () => {
    const result = await validate([leaf.der, intermediate.der, root.der], [root.der]);
    expect(result.ok && result.anchor.der).toEqual(root.der);
  });

  it('picks the anchor whose key verifies among anchors with the same name', async () => {
    const impostor = await createRootCa([['CN', 'Path Root']]);
    const result = await validate([leaf.der, intermediate.der], [impostor.der, root.der]);
    expect(result.ok && result.anchor.der).toEqual(root.der);
  });

  it('reports the fingerprint of a certificate', async () => {
    expect(await certificateFingerprint(parseCertificate(root.der))).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('validateCertificatePath: rejected chains', () => {
  it('a self-signed root in x5c is never trusted by itself', async () => {
    const other = await createRootCa([['CN', 'Other Root']]);
    const result = await validate([leaf.der, intermediate.der, root.der], [other.der]);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.defective).toBe(false);
    expect(reasonsOf(result)).toMatch(/not issued by any/);
  });

  it('no anchors: a sound chain is unanchored, not defective', async () => {
    const result = await validate([leaf.der, intermediate.der], []);
    expect(result.ok || result.defective).toBe(false);
  });

  it('an untrusted anchor is not the trusted one', async () => {
    const other = await createRootCa([['CN', 'Other Root']]);
    expect((await validate([leaf.der, intermediate.der], [other.der])).ok).toBe(false);
    expect((await validate([leaf.der, intermediate.der], [root.der])).ok).toBe(true);
  });

  it('an expired leaf', async () => {
    const old = await createLeafCertificate(intermediate, { notBefore: new Date(NOW.getTime() - 10 * DAY), notAfter: new Date(NOW.getTime() - DAY) });
    const result = await validate([old.der, intermediate.der], [root.der]);
    expect(result.ok || result.defective).toBe(true);
    expect(reasonsOf(result)).toMatch(/expired/);
  });

  it('a not-yet-valid intermediate', async () => {
    const future = await createIntermediateCa(root, [['CN', 'Future']], { notBefore: new Date(NOW.getTime() + DAY) });
    const child = await createLeafCertificate(future);
    const result = await validate([child.der, future.der], [root.der]);
    expect(result.ok).toBe(false);
    expect(reasonsOf(result)).toMatch(/not valid before/);
  });

  it('an expired anchor', async () => {
    const oldRoot = await createRootCa([['CN', 'Old Root']], { notBefore: new Date(NOW.getTime() - 10 * DAY), notAfter: new Date(NOW.getTime() - DAY) });
    const child = await createLeafCertificate(oldRoot);
    const result = await validate([child.der], [oldRoot.der]);
    expect(result.ok).toBe(false);
    expect(reasonsOf(result)).toMatch(/trust anchor .*expired/);
  });

  it('a broken link: the leaf names the intermediate but another key signed it', async () => {
    const forger = await generateCertificateKey();
    const forged = await createCertificate({
      subject: [['CN', 'Forged']],
      subjectKey: await generateCertificateKey(),
      issuer: { name: intermediate.name, key: forger },
    });
    const result = await validate([forged, intermediate.der], [root.der]);
    expect(result.ok || result.defective).toBe(true);
    expect(reasonsOf(result)).toMatch(/signature does not verify/);
    expect(await verifyIssuedBy(parseCertificate(forged), parseCertificate(intermediate.der))).toBe(false);
  });

  it('a broken link: names do not chain', async () => {
    const elsewhere = await createIntermediateCa(root, [['CN', 'Elsewhere']]);
    const result = await validate([leaf.der, elsewhere.der], [root.der]);
    expect(result.ok).toBe(false);
    expect(reasonsOf(result)).toMatch(/names issuer/);
  });

  it('an issuer that is not a CA (basicConstraints cA false)', async () => {
    const notCa = await createIntermediateCa(root, [['CN', 'Not a CA']], { basicConstraints: { ca: false } });
    const child = await createLeafCertificate(notCa);
    const result = await validate([child.der, notCa.der], [root.der]);
    expect(result.ok).toBe(false);
    expect(reasonsOf(result)).toMatch(/is not a CA/);
  });

  it('an issuer whose keyUsage lacks keyCertSign', async () => {
    const noSign = await createIntermediateCa(root, [['CN', 'No keyCertSign']], { keyUsage: ['digitalSignature', 'cRLSign'] });
    const child = await createLeafCertificate(noSign);
    const result = await validate([child.der, noSign.der], [root.der]);
    expect(result.ok).toBe(false);
    expect(reasonsOf(result)).toMatch(/keyCertSign/);
  });

  it('a pathLen violation: pathLen 0 on an intermediate with another CA below it', async () => {
    const upper = await createIntermediateCa(root, [['CN', 'Upper']], { basicConstraints: { ca: true, pathLength: 0 } });
    const lower = await createIntermediateCa(upper, [['CN', 'Lower']]);
    const child = await createLeafCertificate(lower);
    const result = await validate([child.der, lower.der, upper.der], [root.der]);
    expect(result.ok).toBe(false);
    expect(reasonsOf(result)).toMatch(/allows 0 intermediate/);
    // The same pathLen with nothing below the issuing CA is fine.
    const direct = await createLeafCertificate(upper);
    expect((await validate([direct.der, upper.der], [root.der])).ok).toBe(true);
  });

  it('a pathLen violation on the anchor itself', async () => {
    const strictRoot = await createRootCa([['CN', 'Strict Root']], { basicConstraints: { ca: true, pathLength: 0 } });
    const mid = await createIntermediateCa(strictRoot, [['CN', 'Mid']]);
    const child = await createLeafCertificate(mid);
    const result = await validate([child.der, mid.der], [strictRoot.der]);
    expect(result.ok).toBe(false);
    expect(reasonsOf(result)).toMatch(/trust anchor .*allows 0/);
  });

  it('an unrecognised critical extension', async () => {
    const odd = await createLeafCertificate(intermediate, { extensions: [{ oid: '1.2.3.4', critical: true, value: new Uint8Array([5, 0]) }] });
    const result = await validate([odd.der, intermediate.der], [root.der]);
    expect(result.ok).toBe(false);
    expect(reasonsOf(result)).toMatch(/unrecognised critical extension 1\.2\.3\.4/);
  });

  it('an empty chain', async () => {
    const result = await validateCertificatePath([], [root.der], { now: NOW });
    expect(result.ok).toBe(false);
  });
});

describe('validateCertificatePath: audit findings', () => {
  it('rejects a v1 certificate from the chain as an intermediate CA (RFC 5280 section 6.1.4 (k))', async () => {
    const v1Key = await generateCertificateKey();
    const v1 = await createCertificate({ version: 1, subject: [['CN', 'v1 end-entity']], subjectKey: v1Key, issuer: { name: root.name, key: root.key } });
    const forged = await createCertificate({
      subject: [['CN', 'Forged leaf']],
      subjectKey: await generateCertificateKey(),
      issuer: { name: [['CN', 'v1 end-entity']], key: v1Key },
      basicConstraints: { ca: false },
    });
    const result = await validate([forged, v1], [root.der]);
    expect(result.ok || result.defective).toBe(true);
    expect(reasonsOf(result)).toMatch(/certificate 1 .* is a version 1 certificate, which cannot be a CA/);
  });

  it('still accepts a v1 certificate as a configured trust anchor', async () => {
    const v1Key = await generateCertificateKey();
    const v1Root = await createCertificate({ version: 1, subject: [['CN', 'Legacy v1 Root']], subjectKey: v1Key });
    const child = await createCertificate({
      subject: [['CN', 'Under v1']],
      subjectKey: await generateCertificateKey(),
      issuer: { name: [['CN', 'Legacy v1 Root']], key: v1Key },
    });
    const result = await validate([child], [v1Root]);
    expect(result.ok, reasonsOf(result)).toBe(true);
  });

  it('checks the validity of a leaf that is itself the anchor', async () => {
    const old = await createLeafCertificate(intermediate, { notBefore: new Date(NOW.getTime() - 10 * DAY), notAfter: new Date(NOW.getTime() - DAY) });
    const result = await validate([old.der], [old.der]);
    expect(result.ok || result.defective).toBe(true);
    expect(reasonsOf(result)).toMatch(/trust anchor .*expired/);
  });

  it('tries every anchor with the issuer name and key: an expired old copy of a root beside the new one (rollover)', async () => {
    const oldCopy = await createCertificate({
      subject: root.name,
      subjectKey: root.key,
      basicConstraints: { ca: true },
      keyUsage: ['keyCertSign'],
      notBefore: new Date(NOW.getTime() - 400 * DAY),
      notAfter: new Date(NOW.getTime() - DAY),
    });
    for (const anchors of [[oldCopy, root.der], [root.der, oldCopy]]) {
      const result = await validate([leaf.der, intermediate.der], anchors);
      expect(result.ok && result.anchor.der, reasonsOf(result)).toEqual(root.der);
    }
    const onlyOld = await validate([leaf.der, intermediate.der], [oldCopy]);
    expect(onlyOld.ok || onlyOld.defective).toBe(true);
    expect(reasonsOf(onlyOld)).toMatch(/trust anchor .*expired/);
  });

  it('goes on up the chain past an anchor that signed but is expired', async () => {
    const expiredIntermediate = await createCertificate({
      subject: intermediate.name,
      subjectKey: intermediate.key,
      issuer: { name: root.name, key: root.key },
      basicConstraints: { ca: true },
      notBefore: new Date(NOW.getTime() - 400 * DAY),
      notAfter: new Date(NOW.getTime() - DAY),
    });
    const result = await validate([leaf.der, intermediate.der], [expiredIntermediate, root.der]);
    expect(result.ok && result.anchor.der, reasonsOf(result)).toEqual(root.der);
  });
});
