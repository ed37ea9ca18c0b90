import { errorCode } from '../helpers/errors.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { isWebAuthnError, type ErrorCode } from '../../src/errors.js';
import { fromUuid, toHex } from '../../src/encoding/bytes.js';
import {
  certificateKeyFrom,
  createCertificate,
  createRootCa,
  generateCertificateKey,
  toPem,
  type CertificateKeyAlgorithm,
  type IssuedCertificate,
} from '../../src/testing/ca.js';
import {
  MAX_CERTIFICATE_SIZE,
  certificateKeyIdentifier,
  findExtension,
  nameValues,
  parseCertificate,
  parseCertificates,
  parsePemCertificates,
  publicKeysEqual,
  readSubjectPublicKeyInfo,
} from '../../src/x509/index.js';
import { children, readWhole, TAG, whole } from '../../src/x509/der.js';

function expectCode(fn: () => unknown, code: ErrorCode): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(isWebAuthnError(error, code), String(error)).toBe(true);
}

let root: IssuedCertificate;
beforeAll(async () => {
  root = await createRootCa([
    ['C', 'SE'],
    ['O', 'Test Org'],
    ['CN', 'Parse Root'],
  ]);
});

describe('parseCertificate: fields', () => {
  it('reads version, names, serial, validity, key and CA extensions of a root', () => {
    const cert = parseCertificate(root.der);
    expect(cert.version).toBe(3);
    expect(cert.subject.text).toBe('C=SE, O=Test Org, CN=Parse Root');
    expect(cert.subject.rdns).toEqual([
      [{ oid: '2.5.4.6', shortName: 'C', value: 'SE' }],
      [{ oid: '2.5.4.10', shortName: 'O', value: 'Test Org' }],
      [{ oid: '2.5.4.3', shortName: 'CN', value: 'Parse Root' }],
    ]);
    expect(cert.issuer.der).toEqual(cert.subject.der);
    expect(nameValues(cert.subject, 'O')).toEqual(['Test Org']);
    expect(nameValues(cert.subject, '2.5.4.3')).toEqual(['Parse Root']);
    expect(cert.basicConstraints).toEqual({ ca: true });
    expect(cert.keyUsage).toEqual(['keyCertSign', 'cRLSign']);
    expect(cert.publicKey).toMatchObject({ kind: 'ec', curve: 'P-256' });
    expect(cert.signatureAlgorithm.scheme).toEqual({ name: 'ECDSA', hash: 'SHA-256' });
    expect(cert.der).toEqual(root.der);
  });

  it('reads serial number, validity, EKU, SAN (with directoryName) and an arbitrary extension', async () => {
    const key = await generateCertificateKey('ES256');
    const notBefore = new Date('2024-01-02T03:04:05Z');
    const notAfter = new Date('2051-06-07T08:09:10Z'); // GeneralizedTime from 2050 on
    const der = await createCertificate({
      subject: [['CN', 'Leaf']],
      subjectKey: key,
      issuer: { name: root.name, key: root.key },
      serialNumber: Uint8Array.from([0x01, 0x02, 0xf3]),
      notBefore,
      notAfter,
      basicConstraints: { ca: false },
      keyUsage: ['digitalSignature', 'keyAgreement', 'decipherOnly'],
      extKeyUsage: ['1.3.6.1.5.5.7.3.2', '2.23.133.8.3'],
      subjectAltName: [
        { dns: 'example.com' },
        { directoryName: [['2.23.133.2.1', 'id:4E544300'], ['2.23.133.2.2', 'NPCT6xx']] },
      ],
      extensions: [{ oid: '1.2.3.4.5', critical: false, value: Uint8Array.from([0x04, 0x02, 0xca, 0xfe]) }],
    });
    const cert = parseCertificate(der);
    expect(cert.serialNumber).toBe('0102f3');
    expect(cert.notBefore.toISOString()).toBe('2024-01-02T03:04:05.000Z');
    expect(cert.notAfter.toISOString()).toBe('2051-06-07T08:09:10.000Z');
    expect(cert.basicConstraints).toEqual({ ca: false });
    expect(cert.keyUsage).toEqual(['digitalSignature', 'keyAgreement', 'decipherOnly']);
    expect(cert.extKeyUsage).toEqual(['1.3.6.1.5.5.7.3.2', '2.23.133.8.3']);
    expect(cert.subjectAltName?.[0]).toEqual({ type: 'dns', value: 'example.com' });
    const dirName = cert.subjectAltName?.[1];
    expect(dirName?.type).toBe('directoryName');
    if (dirName?.type === 'directoryName') {
      expect(nameValues(dirName.value, '2.23.133.2.1')).toEqual(['id:4E544300']);
      expect(nameValues(dirName.value, '2.23.133.2.2')).toEqual(['NPCT6xx']);
    }
    const arbitrary = findExtension(cert, '1.2.3.4.5');
    expect(arbitrary).toEqual({ oid: '1.2.3.4.5', critical: false, value: Uint8Array.from([0x04, 0x02, 0xca, 0xfe]) });
    expect(cert.issuer.text).toBe('C=SE, O=Test Org, CN=Parse Root');
  });

  it('reads the AAGUID extension and criticality as given', async () => {
    const aaguid = fromUuid('cb69481e-8ff7-4039-93ec-0a2729a154a8')!;
    const key = await generateCertificateKey();
    const der = await createCertificate({
      subject: [['CN', 'x']],
      subjectKey: key,
      issuer: { name: root.name, key: root.key },
      aaguid: { value: aaguid, critical: true },
    });
    const ext = findExtension(parseCertificate(der), '1.3.6.1.4.1.45724.1.1.4');
    expect(ext?.critical).toBe(true);
    expect(toHex(ext!.value)).toBe(`0410${toHex(aaguid)}`);
  });

  it('reads a version 1 certificate with no extensions', async () => {
    const key = await generateCertificateKey();
    const cert = parseCertificate(await createCertificate({ subject: [['CN', 'v1']], subjectKey: key, version: 1 }));
    expect(cert.version).toBe(1);
    expect(cert.extensions).toEqual([]);
    expect(cert.basicConstraints).toBeUndefined();
  });

  it('accepts PEM text and finds every block of a bundle', () => {
    expect(parseCertificate(toPem(root.der)).der).toEqual(root.der);
    const bundle = toPem(root.der) + 'junk between\n' + toPem(root.der);
    expect(parsePemCertificates(bundle)).toEqual([root.der, root.der]);
    expectCode(() => parseCertificate(bundle), 'malformed_certificate');
    expectCode(() => parsePemCertificates('no certificate here'), 'malformed_certificate');
  });
});

describe('parseCertificate: keys and signature algorithms', () => {
  const cases: [CertificateKeyAlgorithm, object, object][] = [
    ['ES256', { kind: 'ec', curve: 'P-256' }, { name: 'ECDSA', hash: 'SHA-256' }],
    ['ES384', { kind: 'ec', curve: 'P-384' }, { name: 'ECDSA', hash: 'SHA-384' }],
    ['ES512', { kind: 'ec', curve: 'P-521' }, { name: 'ECDSA', hash: 'SHA-512' }],
    ['RS1', { kind: 'rsa' }, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-1' }],
    ['RS256', { kind: 'rsa' }, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }],
    ['RS384', { kind: 'rsa' }, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384' }],
    ['RS512', { kind: 'rsa' }, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' }],
    ['PS256', { kind: 'rsa' }, { name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 }],
    ['PS384', { kind: 'rsa' }, { name: 'RSA-PSS', hash: 'SHA-384', saltLength: 48 }],
    ['Ed25519', { kind: 'okp', curve: 'Ed25519' }, { name: 'EdDSA' }],
  ];
  it.each(cases)('%s: self-signed key and scheme', async (alg, key, scheme) => {
    const signer = await generateCertificateKey(alg);
    const cert = parseCertificate(await createCertificate({ subject: [['CN', alg]], subjectKey: signer }));
    expect(cert.publicKey).toMatchObject(key);
    expect(cert.signatureAlgorithm.scheme).toEqual(scheme);
    expect(publicKeysEqual(cert.publicKey!, readSubjectPublicKeyInfo(signer.spki).key!)).toBe(true);
  });

  it('EC coordinates are full width and RSA n has no sign byte', async () => {
    const ec = parseCertificate(await createCertificate({ subject: [['CN', 'a']], subjectKey: await generateCertificateKey('ES512') }));
    if (ec.publicKey?.kind !== 'ec') throw new Error('expected EC');
    expect([ec.publicKey.x.length, ec.publicKey.y.length]).toEqual([66, 66]);
    const rsa = parseCertificate(await createCertificate({ subject: [['CN', 'b']], subjectKey: await generateCertificateKey('RS256') }));
    if (rsa.publicKey?.kind !== 'rsa') throw new Error('expected RSA');
    expect(rsa.publicKey.n.length).toBe(256);
    expect(toHex(rsa.publicKey.e)).toBe('010001');
  });

  it('an unknown signature algorithm parses with no scheme', async () => {
    const key = await generateCertificateKey();
    const der = await createCertificate({ subject: [['CN', 'x']], subjectKey: key });
    // ecdsa-with-SHA256 (1.2.840.10045.4.3.2) -> the unassigned arc 1.2.840.10045.4.3.9, in both places.
    const patched = der.slice();
    const oid = [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02];
    for (let i = 0; i + oid.length <= patched.length; i++) {
      if (oid.every((b, j) => patched[i + j] === b)) patched[i + oid.length - 1] = 0x09;
    }
    const cert = parseCertificate(patched);
    expect(cert.signatureAlgorithm).toEqual({ oid: '1.2.840.10045.4.3.9' });
  });
});

describe('parseCertificate: malformed input', () => {
  it('rejects garbage, truncation and trailing bytes as malformed_certificate', () => {
    expectCode(() => parseCertificate(new Uint8Array([1, 2, 3])), 'malformed_certificate');
    expectCode(() => parseCertificate(new Uint8Array(0)), 'malformed_certificate');
    expectCode(() => parseCertificate(root.der.subarray(0, root.der.length - 1)), 'malformed_certificate');
    expectCode(() => parseCertificate(Uint8Array.from([...root.der, 0])), 'malformed_certificate');
    expectCode(() => parseCertificate(new Uint8Array([0x30, 0x80, 0x00, 0x00])), 'malformed_certificate');
    expectCode(() => parseCertificate(42 as never), 'malformed_certificate');
  });

  it('rejects a certificate whose inner and outer signature algorithms differ', async () => {
    const key = await generateCertificateKey();
    const der = await createCertificate({ subject: [['CN', 'x']], subjectKey: key });
    // Change only the last (outer) AlgorithmIdentifier: ecdsa-with-SHA256 -> ecdsa-with-SHA384.
    const patched = der.slice();
    const oid = [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02];
    let last = -1;
    for (let i = 0; i + oid.length <= patched.length; i++) if (oid.every((b, j) => patched[i + j] === b)) last = i;
    patched[last + oid.length - 1] = 0x03;
    expectCode(() => parseCertificate(patched), 'malformed_certificate');
  });

  it('rejects a certificate whose EC point is not on its curve', async () => {
    const key = await generateCertificateKey();
    const spki = key.spki.slice();
    spki[spki.length - 1]! ^= 0x01; // flip a bit of y
    const der = await createCertificate({ subject: [['CN', 'x']], subjectKey: { spki }, issuer: { name: root.name, key: root.key } });
    expectCode(() => parseCertificate(der), 'malformed_certificate');
  });

  it('bounds a certificate at 32 KiB and a chain at 10 certificates', async () => {
    const key = await generateCertificateKey();
    const big = await createCertificate({
      subject: [['CN', 'big']],
      subjectKey: key,
      extensions: [{ oid: '1.2.3', value: new Uint8Array(MAX_CERTIFICATE_SIZE) }],
    });
    expectCode(() => parseCertificate(big), 'input_too_large');
    expect(parseCertificates(Array(10).fill(root.der))).toHaveLength(10);
    expectCode(() => parseCertificates(Array(11).fill(root.der)), 'input_too_large');
  });
});

/** DER TLV (definite length). */
function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const body = Uint8Array.from(parts.flatMap((p) => [...p]));
  const n = body.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Uint8Array.from([tag, ...length, ...body]);
}

/**
 * `certificate`'s tbsCertificate fields (version first when present), changed by `edit`, in a
 * certificate with the original signature: parsing does not verify it.
 */
function rebuilt(certificate: Uint8Array, edit: (fields: Uint8Array[]) => Uint8Array[]): Uint8Array {
  const [tbs, algorithm, signature] = children(certificate, readWhole(certificate, TAG.SEQUENCE, 'test'));
  const fields = children(certificate, tbs!).map((f) => whole(certificate, f).slice());
  return tlv(0x30, tlv(0x30, ...edit(fields)), whole(certificate, algorithm!), whole(certificate, signature!));
}

describe('parseCertificate: tbsCertificate structure (RFC 5280 section 4.1)', () => {
  const uniqueId = (n: 1 | 2) => tlv(0x80 | n, Uint8Array.of(0x00, 0xab, 0xcd));
  const extensions = (...items: Uint8Array[]) => tlv(0xa3, tlv(0x30, ...items));
  const extension = (critical: Uint8Array | undefined, value: Uint8Array) =>
    tlv(0x30, Uint8Array.of(0x06, 0x03, 0x2a, 0x03, 0x04), ...(critical ? [critical] : []), tlv(0x04, value));

  it('(the rebuilder below changes nothing it is not asked to)', () => {
    expect(rebuilt(root.der, (fields) => fields)).toEqual(root.der);
  });

  it('skips issuerUniqueID and subjectUniqueID in a v3 certificate and reads the extensions after them', () => {
    const cert = parseCertificate(rebuilt(root.der, (f) => [...f.slice(0, 7), uniqueId(1), uniqueId(2), ...f.slice(7)]));
    expect(cert.version).toBe(3);
    expect(cert.basicConstraints).toEqual({ ca: true });
  });

  it('reads a criticality encoded as FALSE, and any non-zero BOOLEAN as TRUE', () => {
    const cert = parseCertificate(
      rebuilt(root.der, (f) => [...f.slice(0, 7), extensions(extension(Uint8Array.of(0x01, 0x01, 0x00), Uint8Array.of(0x05, 0x00)))]),
    );
    expect(cert.extensions).toEqual([{ oid: '1.2.3.4', critical: false, value: Uint8Array.of(0x05, 0x00) }]);
    const critical = parseCertificate(
      rebuilt(root.der, (f) => [...f.slice(0, 7), extensions(extension(Uint8Array.of(0x01, 0x01, 0x01), Uint8Array.of(0x05, 0x00)))]),
    );
    expect(critical.extensions[0]!.critical).toBe(true);
  });

  it('rejects a unique identifier in a version 1 certificate', () => {
    expectCode(() => parseCertificate(rebuilt(root.der, (f) => [...f.slice(1, 7), uniqueId(1)])), 'malformed_certificate');
  });

  it('rejects extensions in a version 2 certificate', () => {
    const v2 = tlv(0xa0, Uint8Array.of(0x02, 0x01, 0x01));
    expectCode(() => parseCertificate(rebuilt(root.der, (f) => [v2, ...f.slice(1)])), 'malformed_certificate');
  });

  it('rejects version 4 (INTEGER 3)', () => {
    const v4 = tlv(0xa0, Uint8Array.of(0x02, 0x01, 0x03));
    expectCode(() => parseCertificate(rebuilt(root.der, (f) => [v4, ...f.slice(1)])), 'malformed_certificate');
  });

  it('rejects optional fields out of order', () => {
    expectCode(() => parseCertificate(rebuilt(root.der, (f) => [...f.slice(0, 7), uniqueId(2), uniqueId(1), ...f.slice(7)])), 'malformed_certificate');
  });

  it('rejects a field after the extensions', () => {
    expectCode(() => parseCertificate(rebuilt(root.der, (f) => [...f, Uint8Array.of(0x05, 0x00)])), 'malformed_certificate');
  });

  it('rejects the same extension twice', () => {
    const ext = extension(undefined, Uint8Array.of(0x05, 0x00));
    expectCode(() => parseCertificate(rebuilt(root.der, (f) => [...f.slice(0, 7), extensions(ext, ext)])), 'malformed_certificate');
  });

  it('rejects a criticality that is not a one-byte BOOLEAN', () => {
    const twoBytes = extension(Uint8Array.of(0x01, 0x02, 0xff, 0xff), Uint8Array.of(0x05, 0x00));
    expectCode(() => parseCertificate(rebuilt(root.der, (f) => [...f.slice(0, 7), extensions(twoBytes)])), 'malformed_certificate');
  });

  it('rejects a serialNumber that is not an INTEGER', () => {
    expectCode(() => parseCertificate(rebuilt(root.der, (f) => [f[0]!, tlv(0x04, Uint8Array.of(1)), ...f.slice(2)])), 'malformed_certificate');
  });

  it('rejects a validity with one time', () => {
    const oneTime = (f: Uint8Array[]) => {
      const validity = f[4]!;
      const [notBefore] = children(validity, readWhole(validity, TAG.SEQUENCE, 'test'));
      return [...f.slice(0, 4), tlv(0x30, whole(validity, notBefore!)), ...f.slice(5)];
    };
    expectCode(() => parseCertificate(rebuilt(root.der, oneTime)), 'malformed_certificate');
  });

  it('reads UTCTime before 2050 and GeneralizedTime from 2050 (section 4.1.2.5)', async () => {
    const key = await generateCertificateKey();
    const notBefore = new Date(Date.UTC(1950, 0, 1));
    const notAfter = new Date(Date.UTC(2050, 0, 1, 0, 0, 1));
    const cert = parseCertificate(await createCertificate({ subject: [['CN', 'times']], subjectKey: key, notBefore, notAfter }));
    expect(cert.notBefore).toEqual(notBefore);
    expect(cert.notAfter).toEqual(notAfter);
  });
});

describe('readSubjectPublicKeyInfo: EC points', () => {
  // SPKI = SEQUENCE { SEQUENCE { id-ecPublicKey, prime256v1 }, BIT STRING { 00, point } }
  const spki = (point: Uint8Array) => {
    const algorithm = Uint8Array.from([0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07]);
    const bits = Uint8Array.from([0x03, point.length + 1, 0x00, ...point]);
    return Uint8Array.from([0x30, algorithm.length + bits.length, ...algorithm, ...bits]);
  };

  it('accepts an uncompressed point on the curve and refuses compressed or off-curve points', async () => {
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
    expect(readSubjectPublicKeyInfo(spki(raw)).key).toMatchObject({ kind: 'ec', curve: 'P-256' });
    const compressed = Uint8Array.from([0x02 | (raw[64]! & 1), ...raw.subarray(1, 33)]);
    expect(errorCode(() => readSubjectPublicKeyInfo(spki(compressed)))).toBe('malformed_certificate');
    const offCurve = raw.slice();
    offCurve[64]! ^= 1;
    expect(errorCode(() => readSubjectPublicKeyInfo(spki(offCurve)))).toBe('malformed_certificate');
  });
});

describe('readSubjectPublicKeyInfo: RSA modulus floor', () => {
  // SPKI = SEQUENCE { SEQUENCE { rsaEncryption, NULL }, BIT STRING { 00, RSAPublicKey { n, 65537 } } }
  const tlv = (tag: number, body: Uint8Array) => {
    const n = body.length;
    const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
    return Uint8Array.from([tag, ...length, ...body]);
  };
  const rsaSpki = (modulus: Uint8Array) => {
    const n = tlv(0x02, modulus[0]! & 0x80 ? Uint8Array.from([0, ...modulus]) : modulus);
    const key = tlv(0x30, Uint8Array.from([...n, 0x02, 0x03, 0x01, 0x00, 0x01]));
    const algorithm = Uint8Array.from([0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00]);
    return tlv(0x30, Uint8Array.from([...algorithm, ...tlv(0x03, Uint8Array.from([0, ...key]))]));
  };
  const modulus = (bytes: number, top: number) => {
    const n = new Uint8Array(bytes).fill(0x5a);
    n[0] = top;
    n[bytes - 1] = 0x5b;
    return n;
  };

  it('accepts 2048 bits and refuses 2047 and 1024', () => {
    expect(readSubjectPublicKeyInfo(rsaSpki(modulus(256, 0x80))).key).toMatchObject({ kind: 'rsa' });
    expect(errorCode(() => readSubjectPublicKeyInfo(rsaSpki(modulus(256, 0x7f))))).toBe('malformed_certificate');
    expect(errorCode(() => readSubjectPublicKeyInfo(rsaSpki(modulus(128, 0xc0))))).toBe('malformed_certificate');
  });

  it('refuses a certificate with a 1024-bit RSA key', async () => {
    const pair = (await crypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024, publicExponent: Uint8Array.of(1, 0, 1), hash: 'SHA-256' },
      true,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    const der = await createCertificate({ subject: [['CN', 'RSA 1024']], subjectKey: await certificateKeyFrom('RS256', pair) });
    expect(errorCode(() => parseCertificate(der))).toBe('malformed_certificate');
  });
});

describe('certificateKeyIdentifier', () => {
  it('is the SHA-1 of the subjectPublicKey bits, lowercase hex (RFC 5280 section 4.2.1.2 method 1)', async () => {
    const point = new Uint8Array(await crypto.subtle.exportKey('raw', root.key.publicKey));
    const expected = toHex(new Uint8Array(await crypto.subtle.digest('SHA-1', point)));
    expect(await certificateKeyIdentifier(parseCertificate(root.der))).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{40}$/);
  });
});
