import type { PublicKeyMaterial, SignatureScheme } from '../crypto/types.js';

/** One attribute of a distinguished name, e.g. `{ oid: '2.5.4.3', shortName: 'CN', value: 'Root' }`. */
export interface NameAttribute {
  oid: string;
  /** RFC 4514 short name (CN, O, OU, C, ...) when the attribute has one. */
  shortName?: string;
  /** The value as text; for a value that is not a string type, `#` and the hex of its DER. */
  value: string;
}

/** A distinguished name (RFC 5280 section 4.1.2.4). */
export interface DistinguishedName {
  /** Relative distinguished names in encoding order (most significant first), each a set of attributes. */
  rdns: NameAttribute[][];
  /** Text in encoding order (most significant RDN first, as OpenSSL shows it), RFC 4514 escaping: "C=US, O=Yubico, CN=...". */
  text: string;
  /** The exact DER of the Name, as signed; issuer/subject chaining compares these bytes. */
  der: Uint8Array;
}

/** The basicConstraints extension (RFC 5280 section 4.2.1.9). */
export interface BasicConstraints {
  ca: boolean;
  pathLength?: number;
}

/** keyUsage bits (RFC 5280 section 4.2.1.3). */
export type KeyUsageName =
  | 'digitalSignature'
  | 'nonRepudiation'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyAgreement'
  | 'keyCertSign'
  | 'cRLSign'
  | 'encipherOnly'
  | 'decipherOnly';

/** One GeneralName of a subjectAltName (RFC 5280 section 4.2.1.6). */
export type GeneralName =
  | { type: 'dns'; value: string }
  | { type: 'email'; value: string }
  | { type: 'uri'; value: string }
  | { type: 'ip'; value: string }
  | { type: 'registeredId'; value: string }
  | { type: 'directoryName'; value: DistinguishedName }
  | { type: 'otherName'; typeId: string; value: Uint8Array }
  | { type: 'other'; tag: number; value: Uint8Array };

/** One certificate extension, undecoded. */
export interface Extension {
  oid: string;
  critical: boolean;
  /** The contents of extnValue: the DER of the extension's own ASN.1 value. */
  value: Uint8Array;
}

/** The signature algorithm of a certificate. `scheme` is undefined when this library cannot verify it. */
export interface CertificateSignatureAlgorithm {
  oid: string;
  scheme?: SignatureScheme;
}

/**
 * A parsed X.509 v1-v3 certificate (RFC 5280). Plain data: parse once, read many times. What
 * parseCertificate returns is frozen throughout and may be shared with every other caller that
 * parses the same DER, so treat its byte arrays (which cannot be frozen) as read-only too.
 */
export interface Certificate {
  /** The whole certificate, DER. */
  der: Uint8Array;
  /** 1, 2 or 3. */
  version: number;
  /** Serial number, lowercase hex of its DER INTEGER content bytes. */
  serialNumber: string;
  subject: DistinguishedName;
  issuer: DistinguishedName;
  /** From parseCertificate, a new Date on every read. */
  notBefore: Date;
  notAfter: Date;
  /** The OID of the SubjectPublicKeyInfo algorithm. */
  publicKeyAlgorithm: string;
  /** The subject public key; undefined for a key type this library does not verify with (e.g. DSA). */
  publicKey?: PublicKeyMaterial;
  /** SubjectPublicKeyInfo, DER. */
  spki: Uint8Array;
  signatureAlgorithm: CertificateSignatureAlgorithm;
  /** tbsCertificate, DER: the bytes the issuer signed. */
  tbs: Uint8Array;
  /** The signature value (for ECDSA, the DER Ecdsa-Sig-Value). */
  signature: Uint8Array;
  /** Every extension in certificate order. */
  extensions: Extension[];
  basicConstraints?: BasicConstraints;
  keyUsage?: KeyUsageName[];
  /** extKeyUsage purposes as OIDs. */
  extKeyUsage?: string[];
  subjectAltName?: GeneralName[];
}

/** A trust anchor as a caller may give it: PEM text (one certificate), DER bytes, or a parsed certificate. */
export type TrustAnchorInput = string | Uint8Array | Certificate;
