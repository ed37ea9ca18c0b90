import type { PublicKeyMaterial } from '../crypto/types.js';
import { toBase64url } from '../encoding/base64url.js';
import { ecdsaRawToDer } from '../crypto/der.js';
import { concat, utf8 } from '../encoding/bytes.js';

/**
 * A test certificate authority: builds X.509 v3 (or v1) certificates with exactly the fields a test
 * needs (names, validity, CA flags, key usages, SAN, the FIDO AAGUID and Apple nonce extensions,
 * any raw extension), signed with Web Crypto keys or any signer. Portable (Web APIs only) and
 * independent of the library's X.509 parser, so tests of the parser do not test it against itself.
 * For tests only: it makes no attempt to be a safe CA.
 */

/** Key algorithms a test certificate can be signed with (COSE names). */
export type CertificateKeyAlgorithm = 'ES256' | 'ES384' | 'ES512' | 'RS256' | 'RS384' | 'RS512' | 'RS1' | 'PS256' | 'PS384' | 'PS512' | 'Ed25519';

/** Anything that can sign a certificate: its SPKI and a signing function producing X.509 signatures. */
export interface CertificateSigner {
  alg: CertificateKeyAlgorithm;
  /** SubjectPublicKeyInfo, DER. */
  spki: Uint8Array;
  /** Signs `data`; ECDSA signatures are DER (as X.509 and WebAuthn carry them). */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

/** A Web Crypto key pair usable as a certificate's subject key and as a signer. */
export interface CertificateKey extends CertificateSigner {
  publicKey: CryptoKey;
  privateKey: CryptoKey;
}

type Hash = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

const ALGORITHMS: Record<CertificateKeyAlgorithm, { gen: RsaHashedKeyGenParams | EcKeyGenParams | Algorithm; sign: Algorithm | RsaPssParams | EcdsaParams; hash?: Hash }> = {
  ES256: { gen: { name: 'ECDSA', namedCurve: 'P-256' } as EcKeyGenParams, sign: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams, hash: 'SHA-256' },
  ES384: { gen: { name: 'ECDSA', namedCurve: 'P-384' } as EcKeyGenParams, sign: { name: 'ECDSA', hash: 'SHA-384' } as EcdsaParams, hash: 'SHA-384' },
  ES512: { gen: { name: 'ECDSA', namedCurve: 'P-521' } as EcKeyGenParams, sign: { name: 'ECDSA', hash: 'SHA-512' } as EcdsaParams, hash: 'SHA-512' },
  RS256: { gen: rsa('RSASSA-PKCS1-v1_5', 'SHA-256'), sign: { name: 'RSASSA-PKCS1-v1_5' }, hash: 'SHA-256' },
  RS384: { gen: rsa('RSASSA-PKCS1-v1_5', 'SHA-384'), sign: { name: 'RSASSA-PKCS1-v1_5' }, hash: 'SHA-384' },
  RS512: { gen: rsa('RSASSA-PKCS1-v1_5', 'SHA-512'), sign: { name: 'RSASSA-PKCS1-v1_5' }, hash: 'SHA-512' },
  RS1: { gen: rsa('RSASSA-PKCS1-v1_5', 'SHA-1'), sign: { name: 'RSASSA-PKCS1-v1_5' }, hash: 'SHA-1' },
  PS256: { gen: rsa('RSA-PSS', 'SHA-256'), sign: { name: 'RSA-PSS', saltLength: 32 } as RsaPssParams, hash: 'SHA-256' },
  PS384: { gen: rsa('RSA-PSS', 'SHA-384'), sign: { name: 'RSA-PSS', saltLength: 48 } as RsaPssParams, hash: 'SHA-384' },
  PS512: { gen: rsa('RSA-PSS', 'SHA-512'), sign: { name: 'RSA-PSS', saltLength: 64 } as RsaPssParams, hash: 'SHA-512' },
  Ed25519: { gen: { name: 'Ed25519' }, sign: { name: 'Ed25519' } },
};

function rsa(name: string, hash: Hash): RsaHashedKeyGenParams {
  return { name, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash };
}

/** Wraps a Web Crypto key pair as a certificate key. */
export async function certificateKeyFrom(alg: CertificateKeyAlgorithm, pair: CryptoKeyPair): Promise<CertificateKey> {
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  const { sign } = ALGORITHMS[alg];
  return {
    alg,
    spki,
    publicKey: pair.publicKey,
    privateKey: pair.privateKey,
    async sign(data) {
      const signature = new Uint8Array(await crypto.subtle.sign(sign, pair.privateKey, data as BufferSource));
      return sign.name === 'ECDSA' ? ecdsaRawToDer(signature) : signature;
    },
  };
}

/** A fresh key pair for a test certificate (RSA keys are 2048-bit). */
export async function generateCertificateKey(alg: CertificateKeyAlgorithm = 'ES256'): Promise<CertificateKey> {
  const pair = (await crypto.subtle.generateKey(ALGORITHMS[alg].gen as EcKeyGenParams, true, ['sign', 'verify'])) as CryptoKeyPair;
  return certificateKeyFrom(alg, pair);
}

// ---- DER writing (X.690) ----

function der(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const body = concat(...parts);
  const n = body.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return concat(new Uint8Array([tag, ...length]), body);
}
const seq = (...parts: Uint8Array[]) => der(0x30, ...parts);
const set = (...parts: Uint8Array[]) => der(0x31, ...parts);
const octets = (bytes: Uint8Array) => der(0x04, bytes);
const bits = (bytes: Uint8Array, unused = 0) => der(0x03, new Uint8Array([unused]), bytes);
const explicit = (n: number, inner: Uint8Array) => der(0xa0 | n, inner);
const NULL = new Uint8Array([0x05, 0x00]);

function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const out: number[] = [];
  const push = (value: number) => {
    const chunk = [value & 0x7f];
    for (value = Math.floor(value / 128); value > 0; value = Math.floor(value / 128)) chunk.unshift((value & 0x7f) | 0x80);
    out.push(...chunk);
  };
  push(arcs[0]! * 40 + arcs[1]!);
  for (const arc of arcs.slice(2)) push(arc);
  return der(0x06, new Uint8Array(out));
}

function integer(value: number | Uint8Array): Uint8Array {
  let bytes: number[];
  if (typeof value === 'number') {
    bytes = [];
    do {
      bytes.unshift(value & 0xff);
      value = Math.floor(value / 256);
    } while (value > 0);
  } else {
    bytes = [...value];
    while (bytes.length > 1 && bytes[0] === 0) bytes.shift();
  }
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return der(0x02, new Uint8Array(bytes));
}

function time(date: Date): Uint8Array {
  // RFC 5280 section 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
  const iso = date.toISOString();
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '');
  return date.getUTCFullYear() < 2050 ? der(0x17, utf8(`${digits.slice(2)}Z`)) : der(0x18, utf8(`${digits}Z`));
}

const ATTRIBUTES: Record<string, string> = {
  CN: '2.5.4.3',
  C: '2.5.4.6',
  L: '2.5.4.7',
  ST: '2.5.4.8',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  serialNumber: '2.5.4.5',
};

/** A name as [attribute, value] pairs, most significant first; attribute is a short name or an OID. One RDN per pair. */
export type NameSpec = ReadonlyArray<readonly [string, string]>;

/** Encodes a Name; countryName and serialNumber as PrintableString (X.520), the rest as UTF8String. */
export function encodeName(name: NameSpec): Uint8Array {
  return seq(
    ...name.map(([type, value]) => {
      const typeOid = ATTRIBUTES[type] ?? type;
      const printable = typeOid === ATTRIBUTES.C || typeOid === ATTRIBUTES.serialNumber;
      return set(seq(oid(typeOid), der(printable ? 0x13 : 0x0c, utf8(value))));
    }),
  );
}

const HASH_OIDS: Record<Hash, string> = {
  'SHA-1': '1.3.14.3.2.26',
  'SHA-256': '2.16.840.1.101.3.4.2.1',
  'SHA-384': '2.16.840.1.101.3.4.2.2',
  'SHA-512': '2.16.840.1.101.3.4.2.3',
};

/** The signature AlgorithmIdentifier a key of `alg` signs certificates with. */
export function signatureAlgorithmIdentifier(alg: CertificateKeyAlgorithm): Uint8Array {
  switch (alg) {
    case 'ES256':
      return seq(oid('1.2.840.10045.4.3.2'));
    case 'ES384':
      return seq(oid('1.2.840.10045.4.3.3'));
    case 'ES512':
      return seq(oid('1.2.840.10045.4.3.4'));
    case 'RS1':
      return seq(oid('1.2.840.113549.1.1.5'), NULL);
    case 'RS256':
      return seq(oid('1.2.840.113549.1.1.11'), NULL);
    case 'RS384':
      return seq(oid('1.2.840.113549.1.1.12'), NULL);
    case 'RS512':
      return seq(oid('1.2.840.113549.1.1.13'), NULL);
    case 'PS256':
    case 'PS384':
    case 'PS512': {
      // RFC 4055 section 3.1: RSASSA-PSS-params with MGF1 over the same hash and a hash-length salt.
      const hash = ALGORITHMS[alg].hash!;
      const hashId = seq(oid(HASH_OIDS[hash]), NULL);
      const salt = { PS256: 32, PS384: 48, PS512: 64 }[alg];
      return seq(oid('1.2.840.113549.1.1.10'), seq(explicit(0, hashId), explicit(1, seq(oid('1.2.840.113549.1.1.8'), hashId)), explicit(2, integer(salt))));
    }
    case 'Ed25519':
      return seq(oid('1.3.101.112'));
  }
}

const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;
export type KeyUsageBit = (typeof KEY_USAGE_BITS)[number];

/** KeyUsage as a DER named BIT STRING: trailing zero bits removed (X.690 section 11.2.2). */
function keyUsageValue(usages: readonly KeyUsageBit[]): Uint8Array {
  const bytes = [0, 0];
  let last = -1;
  for (const usage of usages) {
    const bit = KEY_USAGE_BITS.indexOf(usage);
    bytes[bit >> 3]! |= 0x80 >> (bit & 7);
    last = Math.max(last, bit);
  }
  if (last < 0) return bits(new Uint8Array(0));
  const length = (last >> 3) + 1;
  return bits(new Uint8Array(bytes.slice(0, length)), 7 - (last & 7));
}

/** A subjectAltName entry. */
export type AltName = { dns: string } | { uri: string } | { email: string } | { directoryName: NameSpec };

function generalName(name: AltName): Uint8Array {
  if ('dns' in name) return der(0x82, utf8(name.dns));
  if ('uri' in name) return der(0x86, utf8(name.uri));
  if ('email' in name) return der(0x81, utf8(name.email));
  return der(0xa4, encodeName(name.directoryName));
}

/** A raw extension: OID, criticality and the DER of its value (wrapped in extnValue's OCTET STRING here). */
export interface RawExtension {
  oid: string;
  critical?: boolean;
  value: Uint8Array;
}

export interface CertificateOptions {
  subject: NameSpec;
  /** The subject's public key. */
  subjectKey: { spki: Uint8Array };
  /** Who signs it; omit for a self-signed certificate (then `subjectKey` must be a signer). */
  issuer?: { name: NameSpec; key: CertificateSigner };
  serialNumber?: number | Uint8Array;
  /** Default: one hour ago. */
  notBefore?: Date;
  /** Default: one year after notBefore. */
  notAfter?: Date;
  /** 3 (default) or 1; a v1 certificate carries no extensions. */
  version?: 1 | 3;
  /** basicConstraints, critical unless said otherwise; omit for none. */
  basicConstraints?: { ca: boolean; pathLength?: number; critical?: boolean };
  /** keyUsage (critical); omit for none. */
  keyUsage?: readonly KeyUsageBit[];
  /** extKeyUsage purposes as OIDs (not critical). */
  extKeyUsage?: readonly string[];
  /** subjectAltName; critical when the subject is empty (RFC 5280 section 4.2.1.6). */
  subjectAltName?: readonly AltName[];
  /** id-fido-gen-ce-aaguid (1.3.6.1.4.1.45724.1.1.4): the AAGUID as an OCTET STRING; not critical unless said. */
  aaguid?: Uint8Array | { value: Uint8Array; critical: boolean };
  /** The Apple anonymous attestation nonce (1.2.840.113635.100.8.2): SEQUENCE { [1] EXPLICIT OCTET STRING }. */
  appleNonce?: Uint8Array;
  /** Further extensions, appended as given. */
  extensions?: readonly RawExtension[];
}

export const FIDO_AAGUID_OID = '1.3.6.1.4.1.45724.1.1.4';
export const APPLE_NONCE_OID = '1.2.840.113635.100.8.2';

function extension(ext: RawExtension): Uint8Array {
  return seq(oid(ext.oid), ...(ext.critical ? [new Uint8Array([0x01, 0x01, 0xff])] : []), octets(ext.value));
}

function extensionsOf(options: CertificateOptions): RawExtension[] {
  const out: RawExtension[] = [];
  const bc = options.basicConstraints;
  if (bc) {
    const fields = [...(bc.ca ? [new Uint8Array([0x01, 0x01, 0xff])] : []), ...(bc.pathLength !== undefined ? [integer(bc.pathLength)] : [])];
    out.push({ oid: '2.5.29.19', critical: bc.critical ?? true, value: seq(...fields) });
  }
  if (options.keyUsage) out.push({ oid: '2.5.29.15', critical: true, value: keyUsageValue(options.keyUsage) });
  if (options.extKeyUsage) out.push({ oid: '2.5.29.37', value: seq(...options.extKeyUsage.map(oid)) });
  if (options.subjectAltName) {
    out.push({ oid: '2.5.29.17', critical: options.subject.length === 0, value: seq(...options.subjectAltName.map(generalName)) });
  }
  if (options.aaguid) {
    const { value, critical } = options.aaguid instanceof Uint8Array ? { value: options.aaguid, critical: false } : options.aaguid;
    out.push({ oid: FIDO_AAGUID_OID, critical, value: octets(value) });
  }
  if (options.appleNonce) out.push({ oid: APPLE_NONCE_OID, value: seq(explicit(1, octets(options.appleNonce))) });
  out.push(...(options.extensions ?? []));
  return out;
}

let nextSerial = 1;

/** Builds and signs a certificate; returns its DER. */
export async function createCertificate(options: CertificateOptions): Promise<Uint8Array> {
  const signer = options.issuer?.key ?? (options.subjectKey as CertificateSigner);
  if (typeof signer.sign !== 'function') throw new TypeError('a self-signed certificate needs a subjectKey that can sign');
  const issuerName = options.issuer?.name ?? options.subject;
  const notBefore = options.notBefore ?? new Date(Date.now() - 3600_000);
  const notAfter = options.notAfter ?? new Date(notBefore.getTime() + 365 * 86400_000);
  const version = options.version ?? 3;
  const algorithm = signatureAlgorithmIdentifier(signer.alg);
  const extensions = version === 3 ? extensionsOf(options) : [];

  const tbs = seq(
    ...(version === 3 ? [explicit(0, integer(2))] : []),
    integer(options.serialNumber ?? nextSerial++),
    algorithm,
    encodeName(issuerName),
    seq(time(notBefore), time(notAfter)),
    encodeName(options.subject),
    options.subjectKey.spki,
    ...(extensions.length > 0 ? [explicit(3, seq(...extensions.map(extension)))] : []),
  );
  const signature = await signer.sign(tbs);
  return seq(tbs, algorithm, bits(signature));
}

/** PEM text of a DER certificate (RFC 7468). */
export function toPem(certificate: Uint8Array): string {
  let binary = '';
  for (const b of certificate) binary += String.fromCharCode(b);
  const body = btoa(binary).replace(/(.{64})/g, '$1\n').trimEnd();
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}

/** A certificate and the key its subject holds. */
export interface IssuedCertificate {
  der: Uint8Array;
  name: NameSpec;
  key: CertificateKey;
}

type CaOptions = Partial<CertificateOptions> & { alg?: CertificateKeyAlgorithm };

/** A CA certificate (basicConstraints CA, keyUsage keyCertSign + cRLSign), self-signed without an issuer. */
async function createCa(name: NameSpec, options: CaOptions, issuer?: IssuedCertificate): Promise<IssuedCertificate> {
  const key = await generateCertificateKey(options.alg ?? 'ES256');
  const der = await createCertificate({
    basicConstraints: { ca: true },
    keyUsage: ['keyCertSign', 'cRLSign'],
    ...options,
    subject: name,
    subjectKey: key,
    ...(issuer ? { issuer: { name: issuer.name, key: issuer.key } } : {}),
  });
  return { der, name, key };
}

/** A self-signed root CA (basicConstraints CA, keyUsage keyCertSign + cRLSign). */
export function createRootCa(name: NameSpec = [['CN', 'passkey-rp Test Root CA']], options: CaOptions = {}): Promise<IssuedCertificate> {
  return createCa(name, options);
}

/** An intermediate CA issued by `issuer`. */
export function createIntermediateCa(
  issuer: IssuedCertificate,
  name: NameSpec = [['CN', 'passkey-rp Test Intermediate CA']],
  options: CaOptions = {},
): Promise<IssuedCertificate> {
  return createCa(name, options, issuer);
}

/** The subject name a packed attestation certificate must carry (WebAuthn L3 section 8.2.1). */
export const PACKED_ATTESTATION_SUBJECT: NameSpec = [
  ['C', 'US'],
  ['O', 'passkey-rp Test Authenticators'],
  ['OU', 'Authenticator Attestation'],
  ['CN', 'passkey-rp Test Batch 1'],
];

/** An end-entity certificate issued by `issuer` (basicConstraints CA false, keyUsage digitalSignature by default). */
export async function createLeafCertificate(
  issuer: IssuedCertificate,
  options: Partial<CertificateOptions> & { alg?: CertificateKeyAlgorithm; key?: CertificateKey } = {},
): Promise<IssuedCertificate> {
  const key = options.key ?? (await generateCertificateKey(options.alg ?? 'ES256'));
  const name = options.subject ?? PACKED_ATTESTATION_SUBJECT;
  const der = await createCertificate({
    basicConstraints: { ca: false },
    keyUsage: ['digitalSignature'],
    ...options,
    subject: name,
    subjectKey: key,
    issuer: { name: issuer.name, key: issuer.key },
  });
  return { der, name, key };
}

/** SubjectPublicKeyInfo of a public key, through Web Crypto (NIST curves and RSA). */
export async function spkiOf(key: PublicKeyMaterial): Promise<Uint8Array> {
  let imported: CryptoKey;
  if (key.kind === 'ec' && key.curve !== 'secp256k1') {
    const point = concat(Uint8Array.of(4), key.x, key.y) as Uint8Array<ArrayBuffer>;
    imported = await crypto.subtle.importKey('raw', point, { name: 'ECDSA', namedCurve: key.curve }, true, ['verify']);
  } else if (key.kind === 'rsa') {
    const jwk = { kty: 'RSA', n: toBase64url(key.n), e: toBase64url(key.e) };
    imported = await crypto.subtle.importKey('jwk', jwk, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']);
  } else {
    throw new Error('certified test keys are NIST-curve EC or RSA');
  }
  return new Uint8Array(await crypto.subtle.exportKey('spki', imported));
}
