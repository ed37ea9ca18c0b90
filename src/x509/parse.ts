import { AsnParser, AsnSerializer } from '@peculiar/asn1-schema';
import {
  BasicConstraints as AsnBasicConstraints,
  ExtendedKeyUsage as AsnExtendedKeyUsage,
  SubjectAlternativeName as AsnSubjectAlternativeName,
  type GeneralName as AsnGeneralName,
} from '@peculiar/asn1-x509';
import { WebAuthnError } from '../errors.js';
import { fromBase64urlLenient } from '../encoding/base64url.js';
import { equalBytes, plain, toHex } from '../encoding/bytes.js';
import { OID, signatureSchemeFor } from './algorithms.js';
import { memoParse, seal } from './cache.js';
import { checkDer, children, contents, readOid, readSmallInteger, readWhole, TAG, whole, type Tlv } from './der.js';
import { readSubjectPublicKeyInfo } from './key.js';
import { readName } from './name.js';
import { readTime } from './time.js';
import type { BasicConstraints, Certificate, CertificateSignatureAlgorithm, Extension, GeneralName, KeyUsageName } from './types.js';

/** Largest certificate accepted, in bytes (attestation certificates are 0.5-2 KiB). */
export const MAX_CERTIFICATE_SIZE = 32 * 1024;
/** Most certificates accepted in one chain (x5c or a caller's path). */
export const MAX_CHAIN_LENGTH = 10;

const KEY_USAGE_BITS: KeyUsageName[] = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
];

function bad(message: string, cause?: unknown): never {
  throw new WebAuthnError('malformed_certificate', `certificate ${message}`, cause === undefined ? {} : { cause });
}

/**
 * Decodes an extension value with a schema parser, which on its own would take BER and ignore
 * trailing bytes: the value must first pass the strict DER check (RFC 5280 section 4.1: extension
 * values are DER). Whatever the ASN.1 library throws becomes 'malformed_certificate'.
 */
function schema<T>(what: string, value: Uint8Array, parse: (value: Uint8Array) => T): T {
  checkDer(value, `certificate ${what}`);
  try {
    return parse(value);
  } catch (cause) {
    if (cause instanceof WebAuthnError) throw cause;
    return bad(`${what} is not valid ASN.1`, cause);
  }
}

/** The DER blocks of every `-----BEGIN CERTIFICATE-----` section in a PEM text (RFC 7468). */
export function parsePemCertificates(pem: string): Uint8Array[] {
  if (typeof pem !== 'string') bad('PEM must be a string');
  if (pem.length > MAX_CERTIFICATE_SIZE * 2 * MAX_CHAIN_LENGTH) {
    throw new WebAuthnError('input_too_large', 'PEM text is too large');
  }
  const out: Uint8Array[] = [];
  const block = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]*)-----END CERTIFICATE-----/g;
  for (const match of pem.matchAll(block)) {
    const body = match[1]!.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length % 4 !== 0) bad('PEM body is not base64');
    out.push(fromBase64urlLenient(body, 'PEM body'));
  }
  if (out.length === 0) bad('PEM has no CERTIFICATE block');
  return out;
}

function readKeyUsage(value: Uint8Array): KeyUsageName[] {
  const what = 'keyUsage';
  const tlv = readWhole(value, TAG.BIT_STRING, what);
  const body = contents(value, tlv);
  if (body.length < 1 || body[0]! > 7 || (body.length === 1 && body[0] !== 0)) bad('keyUsage is not a BIT STRING');
  const out: KeyUsageName[] = [];
  KEY_USAGE_BITS.forEach((name, bit) => {
    const byte = body[1 + (bit >> 3)];
    if (byte !== undefined && byte & (0x80 >> (bit & 7))) out.push(name);
  });
  return out;
}

function readGeneralName(name: AsnGeneralName): GeneralName {
  if (name.dNSName !== undefined) return { type: 'dns', value: name.dNSName };
  if (name.rfc822Name !== undefined) return { type: 'email', value: name.rfc822Name };
  if (name.uniformResourceIdentifier !== undefined) return { type: 'uri', value: name.uniformResourceIdentifier };
  if (name.iPAddress !== undefined) return { type: 'ip', value: name.iPAddress };
  if (name.registeredID !== undefined) return { type: 'registeredId', value: name.registeredID };
  if (name.directoryName !== undefined) {
    return { type: 'directoryName', value: readName(plain(new Uint8Array(AsnSerializer.serialize(name.directoryName)))) };
  }
  if (name.otherName !== undefined) return { type: 'otherName', typeId: name.otherName.typeId, value: new Uint8Array(name.otherName.value) };
  if (name.x400Address !== undefined) return { type: 'other', tag: 3, value: new Uint8Array(name.x400Address) };
  return { type: 'other', tag: 5, value: new Uint8Array(AsnSerializer.serialize(name)) };
}

/** Reads the algorithm OID and parameters DER of an AlgorithmIdentifier TLV. */
function readAlgorithm(der: Uint8Array, tlv: Tlv): { oid: string; params?: Uint8Array } {
  if (tlv.tag !== TAG.SEQUENCE) bad('signature algorithm is not a SEQUENCE');
  const [oid, params, ...rest] = children(der, tlv, 'AlgorithmIdentifier');
  if (!oid || rest.length > 0) bad('signature algorithm is not an AlgorithmIdentifier');
  const result: { oid: string; params?: Uint8Array } = { oid: readOid(der, oid, 'AlgorithmIdentifier') };
  if (params && params.tag !== TAG.NULL) result.params = whole(der, params);
  return result;
}

/** Version ::= INTEGER { v1(0), v2(1), v3(2) }, as the number 1, 2 or 3. */
function readVersion(der: Uint8Array, tlv: Tlv): number {
  const [inner, ...rest] = children(der, tlv, 'version');
  if (!inner || rest.length > 0) bad('version is not one INTEGER');
  const version = readSmallInteger(der, inner, 'certificate version') + 1;
  if (version > 3) bad(`version ${version} is not 1, 2 or 3`);
  return version;
}

/** Validity ::= SEQUENCE { notBefore Time, notAfter Time } (RFC 5280 section 4.1.2.5), in ms. */
function readValidity(der: Uint8Array, tlv: Tlv): [number, number] {
  if (tlv.tag !== TAG.SEQUENCE) bad('validity is not a SEQUENCE');
  const [notBefore, notAfter, ...rest] = children(der, tlv, 'validity');
  if (!notBefore || !notAfter || rest.length > 0) bad('validity is not a SEQUENCE of two times');
  return [readTime(der, notBefore, 'notBefore'), readTime(der, notAfter, 'notAfter')];
}

/** Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING } (RFC 5280 section 4.1). */
function readExtension(der: Uint8Array, tlv: Tlv): Extension {
  if (tlv.tag !== TAG.SEQUENCE) bad('extension is not a SEQUENCE');
  const fields = children(der, tlv, 'Extension');
  const [oidTlv, criticalTlv, valueTlv, ...rest] = fields.length === 2 ? [fields[0], undefined, fields[1]] : fields;
  if (!oidTlv || !valueTlv || rest.length > 0 || valueTlv.tag !== TAG.OCTET_STRING) bad('extension is not an Extension');
  let critical = false;
  if (criticalTlv) {
    if (criticalTlv.tag !== TAG.BOOLEAN || criticalTlv.end - criticalTlv.contentStart !== 1) bad('extension criticality is not a BOOLEAN');
    critical = der[criticalTlv.contentStart] !== 0;
  }
  return { oid: readOid(der, oidTlv, 'extnID'), critical, value: contents(der, valueTlv) };
}

/**
 * The fields after subjectPublicKeyInfo: [1] issuerUniqueID and [2] subjectUniqueID (v2 and v3,
 * skipped), then [3] extensions (v3 only), each at most once and in that order.
 */
function readExtensions(der: Uint8Array, fields: readonly Tlv[], version: number): Extension[] {
  const extensions: Extension[] = [];
  let last = 0;
  for (const field of fields) {
    const number = field.tag & 0x1f;
    const expected = number === 3 ? 0xa3 : 0x80 | number;
    if (field.tag !== expected || number < 1 || number > 3 || number <= last) bad('tbsCertificate has an unexpected field');
    last = number;
    if (version === 1) bad(number === 3 ? 'has extensions but is not version 3' : 'has a unique identifier but is version 1');
    if (number !== 3) continue;
    if (version !== 3) bad('has extensions but is not version 3');
    const [sequence, ...rest] = children(der, field, 'extensions');
    if (!sequence || rest.length > 0 || sequence.tag !== TAG.SEQUENCE) bad('extensions are not a SEQUENCE');
    for (const tlv of children(der, sequence, 'extensions')) {
      const extension = readExtension(der, tlv);
      if (extensions.some((e) => e.oid === extension.oid)) bad(`has extension ${extension.oid} twice`);
      extensions.push(extension);
    }
  }
  return extensions;
}

/**
 * Parses one DER certificate (or a PEM text holding exactly one). The structure is read by the
 * DER reader in der.ts, which keeps the exact signed bytes; the extensions this library applies
 * are decoded with @peculiar/asn1-x509. Everything is sliced from a private copy of the input.
 * The result is sealed (frozen, see cache.ts) and may be shared: the same DER parsed again is
 * served from a bounded cache. Throws 'malformed_certificate' for anything that is not a
 * well-formed X.509 certificate, and 'input_too_large' past MAX_CERTIFICATE_SIZE.
 */
export function parseCertificate(input: Uint8Array | string): Certificate {
  let der: Uint8Array;
  if (typeof input === 'string') {
    const blocks = parsePemCertificates(input);
    if (blocks.length !== 1) bad(`PEM holds ${blocks.length} certificates; one was expected`);
    der = blocks[0]!;
  } else if (input instanceof Uint8Array) {
    der = plain(input);
  } else {
    return bad('must be DER bytes or PEM text');
  }
  if (der.length > MAX_CERTIFICATE_SIZE) {
    throw new WebAuthnError('input_too_large', `certificate is larger than ${MAX_CERTIFICATE_SIZE} bytes`);
  }
  return memoParse(der, readCertificate);
}

/** Parses a DER certificate that nothing else holds (the caller's copy). */
function readCertificate(der: Uint8Array): Certificate {
  // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue } (RFC 5280 section 4.1)
  const outer = readWhole(der, TAG.SEQUENCE, 'Certificate');
  const [tbsTlv, sigAlgTlv, sigTlv, ...extra] = children(der, outer, 'Certificate');
  if (!tbsTlv || !sigAlgTlv || !sigTlv || extra.length > 0 || tbsTlv.tag !== TAG.SEQUENCE || sigTlv.tag !== TAG.BIT_STRING) {
    bad('is not a SEQUENCE of tbsCertificate, signatureAlgorithm, signatureValue');
  }
  // TBSCertificate ::= SEQUENCE { version [0] EXPLICIT DEFAULT v1, serialNumber, signature, issuer,
  // validity, subject, subjectPublicKeyInfo, [1] issuerUniqueID, [2] subjectUniqueID, [3] extensions }
  const tbsFields = children(der, tbsTlv, 'tbsCertificate');
  const versionTlv = tbsFields[0]?.tag === 0xa0 ? tbsFields.shift() : undefined;
  const [serialTlv, innerSigAlgTlv, issuerTlv, validityTlv, subjectTlv, spkiTlv, ...optional] = tbsFields;
  if (!serialTlv || !innerSigAlgTlv || !issuerTlv || !validityTlv || !subjectTlv || !spkiTlv) bad('tbsCertificate is missing fields');
  const version = versionTlv ? readVersion(der, versionTlv) : 1;
  // RFC 5280 section 4.1.2.2: kept as its content bytes, whatever a non-conforming CA put there.
  if (serialTlv.tag !== TAG.INTEGER || serialTlv.contentStart === serialTlv.end) bad('serialNumber is not an INTEGER');
  const [notBefore, notAfter] = readValidity(der, validityTlv);
  const extensions = readExtensions(der, optional, version);
  // RFC 5280 section 4.1.1.2: the signed algorithm must equal the outer one.
  if (!equalBytes(whole(der, innerSigAlgTlv), whole(der, sigAlgTlv))) bad('signature algorithms inside and outside tbsCertificate differ');
  const sigBits = contents(der, sigTlv);
  if (sigBits.length < 2 || sigBits[0] !== 0) bad('signature is not a whole number of bytes');

  const algorithm = readAlgorithm(der, sigAlgTlv);
  const signatureAlgorithm: CertificateSignatureAlgorithm = { oid: algorithm.oid };
  const scheme = signatureSchemeFor(algorithm.oid, algorithm.params);
  if (scheme) signatureAlgorithm.scheme = scheme;

  const spki = whole(der, spkiTlv);
  const { algorithm: publicKeyAlgorithm, key } = readSubjectPublicKeyInfo(spki);

  const certificate: Certificate = {
    der,
    version,
    serialNumber: toHex(contents(der, serialTlv)),
    subject: readName(whole(der, subjectTlv)),
    issuer: readName(whole(der, issuerTlv)),
    // A Date cannot be frozen: each read gets its own, so no reader can move a shared certificate's validity.
    get notBefore() {
      return new Date(notBefore);
    },
    get notAfter() {
      return new Date(notAfter);
    },
    publicKeyAlgorithm,
    spki,
    signatureAlgorithm,
    tbs: whole(der, tbsTlv),
    signature: sigBits.slice(1),
    extensions,
  };
  if (key) certificate.publicKey = key;

  for (const ext of extensions) {
    switch (ext.oid) {
      case OID.basicConstraints: {
        const bc = schema('basicConstraints', ext.value, (v) => AsnParser.parse(v, AsnBasicConstraints));
        const value: BasicConstraints = { ca: bc.cA };
        if (bc.pathLenConstraint !== undefined) {
          if (!Number.isSafeInteger(bc.pathLenConstraint) || bc.pathLenConstraint < 0) bad('basicConstraints pathLen is invalid');
          value.pathLength = bc.pathLenConstraint;
        }
        certificate.basicConstraints = value;
        break;
      }
      case OID.keyUsage:
        certificate.keyUsage = readKeyUsage(ext.value);
        break;
      case OID.extKeyUsage:
        certificate.extKeyUsage = [...schema('extKeyUsage', ext.value, (v) => AsnParser.parse(v, AsnExtendedKeyUsage))];
        break;
      case OID.subjectAltName:
        certificate.subjectAltName = schema('subjectAltName', ext.value, (v) =>
          [...AsnParser.parse(v, AsnSubjectAlternativeName)].map(readGeneralName),
        );
        break;
    }
  }
  return seal(certificate);
}

/** The first extension with this OID, if the certificate has it. */
export function findExtension(certificate: Certificate, oid: string): Extension | undefined {
  return certificate.extensions.find((e) => e.oid === oid);
}

/**
 * Parses a list of DER certificates, leaf first (an x5c array once its shape is checked).
 * Enforces MAX_CHAIN_LENGTH ('input_too_large') and parses each certificate.
 */
export function parseCertificates(ders: readonly Uint8Array[]): Certificate[] {
  if (ders.length > MAX_CHAIN_LENGTH) {
    throw new WebAuthnError('input_too_large', `certificate chain has ${ders.length} certificates; at most ${MAX_CHAIN_LENGTH} are allowed`);
  }
  return ders.map((der) => parseCertificate(der));
}

/** Why a certificate is not valid at `now` (RFC 5280 section 4.1.2.5), or undefined when it is. */
export function validityProblem(certificate: Certificate, now: Date): string | undefined {
  if (now.getTime() < certificate.notBefore.getTime()) {
    return `"${certificate.subject.text}" is not valid before ${certificate.notBefore.toISOString()}`;
  }
  if (now.getTime() > certificate.notAfter.getTime()) {
    return `"${certificate.subject.text}" expired at ${certificate.notAfter.toISOString()}`;
  }
  return undefined;
}
