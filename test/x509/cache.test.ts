import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isWebAuthnError } from '../../src/errors.js';
import {
  createCertificate,
  createLeafCertificate,
  createRootCa,
  generateCertificateKey,
  toPem,
  type IssuedCertificate,
} from '../../src/testing/ca.js';
import { MAX_CACHED_CERTIFICATES, MAX_CACHED_DER } from '../../src/x509/cache.js';
import {
  clearCertificateCaches,
  parseCertificate,
  toCertificates,
  validateCertificatePath,
  verifyIssuedBy,
  type Certificate,
} from '../../src/x509/index.js';

const NOW = new Date();

let root: IssuedCertificate;
/** A second root with the same name as `root` and a key of its own. */
let impostor: IssuedCertificate;
let leaf: IssuedCertificate;

beforeAll(async () => {
  root = await createRootCa([['CN', 'Cache Root']]);
  impostor = await createRootCa([['CN', 'Cache Root']]);
  leaf = await createLeafCertificate(root);
});

beforeEach(() => clearCertificateCaches());

/** A copy of `der` with its last byte (inside the signature BIT STRING) changed: still a well-formed certificate. */
function withLastByteChanged(der: Uint8Array, xor = 0x01): Uint8Array {
  const copy = der.slice();
  copy[copy.length - 1]! ^= xor;
  return copy;
}

function indexOfText(der: Uint8Array, text: string): number {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i + bytes.length <= der.length; i++) if (bytes.every((b, j) => der[i + j] === b)) return i;
  throw new Error(`"${text}" is not in the certificate`);
}

describe('parsed-certificate cache', () => {
  it('serves the same DER again as the same object, equal to a fresh parse', () => {
    const first = parseCertificate(leaf.der);
    expect(parseCertificate(leaf.der.slice())).toBe(first);
    expect(parseCertificate(toPem(leaf.der))).toBe(first);
    clearCertificateCaches();
    const fresh = parseCertificate(leaf.der);
    expect(fresh).not.toBe(first);
    expect(fresh).toEqual(first);
  });

  it('returns a frozen certificate whose dates cannot be moved', () => {
    const cert = parseCertificate(leaf.der);
    const nested = [cert, cert.subject, cert.subject.rdns, cert.subject.rdns[0], cert.issuer, cert.extensions, cert.extensions[0], cert.signatureAlgorithm, cert.publicKey, cert.basicConstraints];
    expect(nested.every((value) => value !== undefined && Object.isFrozen(value))).toBe(true);
    expect(() => {
      (cert as { version: number }).version = 1;
    }).toThrow(TypeError);
    expect(() => (cert.extensions as unknown[]).push({})).toThrow(TypeError);
    const notAfter = cert.notAfter.getTime();
    cert.notAfter.setUTCFullYear(2200);
    expect(cert.notAfter.getTime()).toBe(notAfter);
    expect(parseCertificate(leaf.der).notAfter.getTime()).toBe(notAfter);
  });

  it('keeps its own copy of the bytes: rewriting the caller buffer changes nothing cached', () => {
    const buffer = leaf.der.slice();
    const cert = parseCertificate(buffer);
    buffer.fill(0);
    expect(cert.der).toEqual(leaf.der);
    expect(parseCertificate(leaf.der)).toBe(cert);
  });

  it('does not serve a tampered DER (one byte changed) from the cache', () => {
    const original = parseCertificate(leaf.der);

    const badSignature = withLastByteChanged(leaf.der);
    const tampered = parseCertificate(badSignature);
    expect(tampered).not.toBe(original);
    expect(tampered.der).toEqual(badSignature);
    expect(tampered.signature).not.toEqual(original.signature);

    const renamed = leaf.der.slice();
    renamed[indexOfText(renamed, 'Authenticator Attestation')] = 0x42; // 'A' -> 'B'
    expect(parseCertificate(renamed).subject.text).toContain('OU=Buthenticator Attestation');

    const broken = leaf.der.slice();
    broken[1]! ^= 0x01; // the outer length
    let error: unknown;
    try {
      parseCertificate(broken);
    } catch (e) {
      error = e;
    }
    expect(isWebAuthnError(error, 'malformed_certificate')).toBe(true);
    expect(parseCertificate(leaf.der)).toBe(original);
  });

  it(`holds at most ${MAX_CACHED_CERTIFICATES} certificates and lets the least recently used go first`, () => {
    // Distinct DER that all parse: the last two signature bytes count up.
    const variants = Array.from({ length: MAX_CACHED_CERTIFICATES + 1 }, (_, i) => {
      const v = leaf.der.slice();
      v[v.length - 1] = i & 0xff;
      v[v.length - 2] = i >> 8;
      return v;
    });
    const oldest = parseCertificate(variants[0]!);
    const touched = parseCertificate(variants[1]!);
    for (const v of variants.slice(2, MAX_CACHED_CERTIFICATES)) parseCertificate(v);
    expect(parseCertificate(variants[1]!)).toBe(touched); // now the most recently used
    parseCertificate(variants[MAX_CACHED_CERTIFICATES]!); // one more than fits
    expect(parseCertificate(variants[1]!)).toBe(touched);
    const reparsed = parseCertificate(variants[0]!);
    expect(reparsed).not.toBe(oldest);
    expect(reparsed).toEqual(oldest);
  });

  it(`parses a certificate over ${MAX_CACHED_DER} bytes every time, sealed all the same`, async () => {
    const der = await createCertificate({
      subject: [['CN', 'large']],
      subjectKey: await generateCertificateKey(),
      issuer: { name: root.name, key: root.key },
      extensions: [{ oid: '1.2.3.4', value: new Uint8Array(MAX_CACHED_DER) }],
    });
    const first = parseCertificate(der);
    const second = parseCertificate(der);
    expect(second).not.toBe(first);
    expect(second).toEqual(first);
    expect(Object.isFrozen(second)).toBe(true);
    expect(await verifyIssuedBy(second, parseCertificate(root.der))).toBe(true);
  });
});

describe('trust anchor cache', () => {
  it('parses a PEM or DER anchor once per input', () => {
    const pem = toPem(root.der);
    const [fromPem] = toCertificates([pem]);
    expect(toCertificates([pem])[0]).toBe(fromPem);
    const bytes = root.der.slice();
    const [fromDer] = toCertificates([bytes]);
    expect(toCertificates([bytes])[0]).toBe(fromDer);
    clearCertificateCaches();
    expect(toCertificates([pem])[0]).not.toBe(fromPem);
  });

  it('an anchor array the caller rewrote in place is read again', () => {
    const bytes = root.der.slice();
    const [before] = toCertificates([bytes]);
    bytes.set(withLastByteChanged(root.der));
    const [after] = toCertificates([bytes]);
    expect(after!.der).toEqual(bytes);
    expect(after!.signature).not.toEqual(before!.signature);
  });
});

describe('signature result cache', () => {
  it('never lets a different issuer pass', async () => {
    const child = parseCertificate(leaf.der);
    const issuer = parseCertificate(root.der);
    const other = parseCertificate(impostor.der);
    expect(other.subject.der).toEqual(issuer.subject.der);
    // Each order: a cached true for the real issuer and a cached false for the impostor stay apart.
    expect(await verifyIssuedBy(child, other)).toBe(false);
    expect(await verifyIssuedBy(child, issuer)).toBe(true);
    expect(await verifyIssuedBy(child, other)).toBe(false);
    expect(await verifyIssuedBy(child, issuer)).toBe(true);

    const viaImpostor = await validateCertificatePath([child], [impostor.der], { now: NOW });
    expect(viaImpostor.ok).toBe(false);
    const viaRoot = await validateCertificatePath([child], [root.der], { now: NOW });
    expect(viaRoot.ok).toBe(true);
  });

  it('a child whose signature bytes changed is verified afresh', async () => {
    const issuer = parseCertificate(root.der);
    expect(await verifyIssuedBy(parseCertificate(leaf.der), issuer)).toBe(true);
    expect(await verifyIssuedBy(parseCertificate(withLastByteChanged(leaf.der)), issuer)).toBe(false);
  });

  it('a certificate object the parser did not build is never answered from the cache', async () => {
    const child = parseCertificate(leaf.der);
    const issuer = parseCertificate(root.der);
    // A caller's own object may say anything, and may change: here the real issuer's name and DER...
    const lookAlike: Certificate = { ...issuer };
    expect(await verifyIssuedBy(child, lookAlike)).toBe(true);
    // ...then the impostor's key.
    lookAlike.publicKey = parseCertificate(impostor.der).publicKey!;
    expect(await verifyIssuedBy(child, lookAlike)).toBe(false);
    const result = await validateCertificatePath([child], [lookAlike], { now: NOW });
    expect(result.ok).toBe(false);
  });
});
