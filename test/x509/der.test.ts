import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorCode } from '../helpers/errors.js';
import { createCertificate, generateCertificateKey, type CertificateKey } from '../../src/testing/ca.js';
import { checkDer, parseCertificate } from '../../src/x509/index.js';

/**
 * Extension values are DER (RFC 5280 section 4.1). The schema parser that decodes basicConstraints,
 * extKeyUsage and subjectAltName would also take BER and ignore trailing bytes; checkDer runs first.
 */

const bytes = (...values: number[]) => Uint8Array.from(values);

let key: CertificateKey;
beforeAll(async () => {
  key = await generateCertificateKey();
});

async function withExtension(oid: string, value: Uint8Array): Promise<Uint8Array> {
  return createCertificate({ subject: [['CN', 'Extension test']], subjectKey: key, extensions: [{ oid, critical: oid === '2.5.29.19', value }] });
}

describe('checkDer', () => {
  it('accepts DER, including high tag numbers such as Android KeyDescription [702]', () => {
    expect(errorCode(() => checkDer(bytes(0x30, 0x03, 0x01, 0x01, 0xff), 'test'))).toBe('no error');
    expect(errorCode(() => checkDer(bytes(0x30, 0x07, 0xbf, 0x85, 0x3e, 0x03, 0x02, 0x01, 0x00), 'test'))).toBe('no error');
    expect(errorCode(() => checkDer(bytes(0x02, 0x02, 0x00, 0x80), 'test'))).toBe('no error');
    expect(errorCode(() => checkDer(bytes(0x03, 0x02, 0x01, 0x86), 'test'))).toBe('no error');
  });

  it.each([
    ['trailing bytes', [0x30, 0x03, 0x01, 0x01, 0xff, 0xde, 0xad]],
    ['an indefinite length', [0x30, 0x80, 0x01, 0x01, 0xff, 0x00, 0x00]],
    ['a non-minimal length', [0x30, 0x81, 0x03, 0x01, 0x01, 0xff]],
    ['a BOOLEAN TRUE that is not 0xFF', [0x30, 0x03, 0x01, 0x01, 0x01]],
    ['a non-minimal INTEGER', [0x02, 0x02, 0x00, 0x01]],
    ['a non-minimal negative INTEGER', [0x02, 0x02, 0xff, 0x80]],
    ['an empty INTEGER', [0x02, 0x00]],
    ['a NULL with contents', [0x05, 0x01, 0x00]],
    ['a constructed OCTET STRING', [0x24, 0x03, 0x04, 0x01, 0x00]],
    ['BIT STRING unused bits that are not zero', [0x03, 0x02, 0x01, 0x01]],
    ['a high tag number in the low form', [0xbf, 0x1e, 0x00]],
    ['a high tag number with a leading zero group', [0xbf, 0x80, 0x85, 0x3e, 0x00]],
    ['a child running past its SEQUENCE', [0x30, 0x02, 0x01, 0x01, 0xff]],
  ])('rejects %s', (_, encoding) => {
    expect(errorCode(() => checkDer(Uint8Array.from(encoding), 'test'))).toBe('malformed_certificate');
  });

  it('ends every input in success or malformed_certificate', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (input) => {
        expect(['no error', 'malformed_certificate']).toContain(errorCode(() => checkDer(input, 'fuzz')));
      }),
      { seed: 42, numRuns: 2000 },
    );
  });

  it('rejects nesting past its depth bound without overflowing the stack', () => {
    const depth = 64;
    const nested = new Uint8Array(depth * 2);
    for (let i = 0; i < depth; i++) {
      nested[2 * i] = 0x30;
      nested[2 * i + 1] = 2 * (depth - i - 1);
    }
    expect(errorCode(() => checkDer(nested, 'test'))).toBe('malformed_certificate');
  });
});

describe('parseCertificate: extension values must be DER', () => {
  it('reads DER basicConstraints, and tolerates an encoded DEFAULT cA FALSE (Chrome virtual authenticator certificates)', async () => {
    expect(parseCertificate(await withExtension('2.5.29.19', bytes(0x30, 0x03, 0x01, 0x01, 0xff))).basicConstraints).toEqual({ ca: true });
    expect(parseCertificate(await withExtension('2.5.29.19', bytes(0x30, 0x03, 0x01, 0x01, 0x00))).basicConstraints).toEqual({ ca: false });
  });

  it.each([
    ['trailing bytes', [0x30, 0x03, 0x01, 0x01, 0xff, 0xde, 0xad]],
    ['an indefinite length', [0x30, 0x80, 0x01, 0x01, 0xff, 0x00, 0x00]],
    ['BOOLEAN 0x01 for TRUE', [0x30, 0x03, 0x01, 0x01, 0x01]],
  ])('rejects basicConstraints with %s', async (_, value) => {
    const der = await withExtension('2.5.29.19', Uint8Array.from(value));
    expect(errorCode(() => parseCertificate(der))).toBe('malformed_certificate');
  });

  // SEQUENCE { id-kp-serverAuth } and SEQUENCE { dNSName "a" }
  const eku = [0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01];
  const san = [0x30, 0x03, 0x82, 0x01, 0x61];

  it('reads DER extKeyUsage and subjectAltName', async () => {
    expect(parseCertificate(await withExtension('2.5.29.37', Uint8Array.from(eku))).extKeyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(parseCertificate(await withExtension('2.5.29.17', Uint8Array.from(san))).subjectAltName).toEqual([{ type: 'dns', value: 'a' }]);
  });

  it.each([
    ['extKeyUsage with trailing bytes', '2.5.29.37', [...eku, 0x00]],
    ['extKeyUsage with an indefinite length', '2.5.29.37', [0x30, 0x80, ...eku.slice(2), 0x00, 0x00]],
    ['subjectAltName with trailing bytes', '2.5.29.17', [...san, 0x00]],
    ['subjectAltName with an indefinite length', '2.5.29.17', [0x30, 0x80, ...san.slice(2), 0x00, 0x00]],
  ])('rejects %s', async (_, oid, value) => {
    const der = await withExtension(oid, Uint8Array.from(value));
    expect(errorCode(() => parseCertificate(der))).toBe('malformed_certificate');
  });
});
