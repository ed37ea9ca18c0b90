import type { EcCurve, PublicKeyMaterial } from '../crypto/types.js';
import { isOnCurve } from '../crypto/ec-point.js';
import { WebAuthnError } from '../errors.js';
import { equalBytes } from '../encoding/bytes.js';
import { OID } from './algorithms.js';
import { children, contents, readOid, readUnsignedInteger, readWhole, TAG, type Tlv } from './der.js';

const CURVES: Record<string, { curve: EcCurve; size: number }> = {
  [OID.p256]: { curve: 'P-256', size: 32 },
  [OID.p384]: { curve: 'P-384', size: 48 },
  [OID.p521]: { curve: 'P-521', size: 66 },
  [OID.secp256k1]: { curve: 'secp256k1', size: 32 },
};

function bad(message: string): never {
  throw new WebAuthnError('malformed_certificate', `certificate public key ${message}`);
}

/**
 * An uncompressed EC point (SEC 1 section 2.3.4), checked to lie on the curve. Compressed points
 * are refused: RFC 5480 section 2.2 requires uncompressed support only, and no attestation
 * certificate seen in practice uses them.
 */
function ecKey(curveOid: string, point: Uint8Array): PublicKeyMaterial | undefined {
  const spec = CURVES[curveOid];
  if (!spec) return undefined;
  if (point.length !== 1 + 2 * spec.size || point[0] !== 0x04) bad(`is not an uncompressed ${spec.curve} point`);
  const x = point.slice(1, 1 + spec.size);
  const y = point.slice(1 + spec.size);
  if (!isOnCurve(spec.curve, x, y)) bad(`is not a point on ${spec.curve}`);
  return { kind: 'ec', curve: spec.curve, x, y };
}

/**
 * Smallest RSA modulus accepted in a certificate, in bits. NIST SP 800-131A disallows shorter keys
 * for signatures; every attestation and MDS chain seen in practice uses 2048 bits or more.
 */
const MIN_RSA_MODULUS_BITS = 2048;
/** Largest RSA modulus accepted, in bits: bounds the verification work a hostile certificate can ask for. */
const MAX_RSA_MODULUS_BITS = 16384;

/** The bit length of a big-endian magnitude without leading zero bytes. */
function bitLength(magnitude: Uint8Array): number {
  return magnitude.length === 0 ? 0 : (magnitude.length - 1) * 8 + (32 - Math.clz32(magnitude[0]!));
}

/** RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 8017 appendix A.1.1). */
function rsaKey(der: Uint8Array): PublicKeyMaterial {
  const what = 'RSAPublicKey';
  const seq = readWhole(der, TAG.SEQUENCE, what);
  const parts = children(der, seq, what);
  if (parts.length !== 2) bad('is not an RSAPublicKey');
  const n = readUnsignedInteger(der, parts[0]!, what).slice();
  const e = readUnsignedInteger(der, parts[1]!, what).slice();
  const bits = bitLength(n);
  if (bits < MIN_RSA_MODULUS_BITS) bad(`has a ${bits}-bit RSA modulus; at least ${MIN_RSA_MODULUS_BITS} bits are required`);
  if (bits > MAX_RSA_MODULUS_BITS) bad(`has a ${bits}-bit RSA modulus; at most ${MAX_RSA_MODULUS_BITS} bits are supported`);
  if (e.length > 8 || (e[e.length - 1]! & 1) === 0) bad('has an invalid RSA exponent');
  return { kind: 'rsa', n, e };
}

/** SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }, its two parts. */
function readSpki(spki: Uint8Array): { algId: Tlv; keyBytes: Uint8Array } {
  const what = 'SubjectPublicKeyInfo';
  const seq = readWhole(spki, TAG.SEQUENCE, what);
  const [algId, bits, ...rest] = children(spki, seq, what);
  if (!algId || !bits || rest.length > 0 || algId.tag !== TAG.SEQUENCE || bits.tag !== TAG.BIT_STRING) {
    bad('is not a SubjectPublicKeyInfo');
  }
  const bitString = contents(spki, bits);
  if (bitString.length < 2 || bitString[0] !== 0) bad('is not a whole number of bytes');
  return { algId, keyBytes: bitString.subarray(1) };
}

/**
 * The subjectPublicKey BIT STRING's value of a SubjectPublicKeyInfo, without its tag, length or
 * unused-bits count: what RFC 5280 section 4.2.1.2 method (1) hashes into a key identifier.
 */
export function subjectPublicKeyBits(spki: Uint8Array): Uint8Array {
  return readSpki(spki).keyBytes;
}

/**
 * Reads a SubjectPublicKeyInfo (RFC 5280 section 4.1.2.7) into the form the crypto backend takes:
 * EC (RFC 5480) on P-256/384/521 and secp256k1, RSA (RFC 3279 and RSASSA-PSS keys, RFC 4055) of
 * 2048 to 16384 bits, Ed25519/Ed448 (RFC 8410). Returns the algorithm OID and the key,
 * or no key for an algorithm the library does not verify with. Throws 'malformed_certificate'
 * when a supported key is broken or is an RSA key of another size.
 */
export function readSubjectPublicKeyInfo(spki: Uint8Array): { algorithm: string; key?: PublicKeyMaterial } {
  const what = 'SubjectPublicKeyInfo';
  const { algId, keyBytes } = readSpki(spki);
  const [oidTlv, params] = children(spki, algId, what);
  if (!oidTlv) bad('has no algorithm');
  const algorithm = readOid(spki, oidTlv, what);

  switch (algorithm) {
    case OID.ecPublicKey: {
      if (!params || params.tag !== TAG.OID) return { algorithm }; // explicit curve parameters
      const key = ecKey(readOid(spki, params, what), keyBytes);
      return key ? { algorithm, key } : { algorithm };
    }
    case OID.rsaEncryption:
    case OID.rsassaPss:
      return { algorithm, key: rsaKey(keyBytes) };
    case OID.ed25519:
      if (keyBytes.length !== 32) bad('is not a 32-byte Ed25519 key');
      return { algorithm, key: { kind: 'okp', curve: 'Ed25519', x: keyBytes.slice() } };
    case OID.ed448:
      if (keyBytes.length !== 57) bad('is not a 57-byte Ed448 key');
      return { algorithm, key: { kind: 'okp', curve: 'Ed448', x: keyBytes.slice() } };
    default:
      return { algorithm };
  }
}

/** True when two public keys are the same key (e.g. a certificate's key and a credential key). */
export function publicKeysEqual(a: PublicKeyMaterial, b: PublicKeyMaterial): boolean {
  switch (a.kind) {
    case 'ec':
      return b.kind === 'ec' && a.curve === b.curve && equalBytes(a.x, b.x) && equalBytes(a.y, b.y);
    case 'okp':
      return b.kind === 'okp' && a.curve === b.curve && equalBytes(a.x, b.x);
    case 'rsa':
      return b.kind === 'rsa' && equalBytes(stripZeros(a.n), stripZeros(b.n)) && equalBytes(stripZeros(a.e), stripZeros(b.e));
    case 'ml-dsa':
      return b.kind === 'ml-dsa' && a.variant === b.variant && equalBytes(a.pub, b.pub);
  }
}

function stripZeros(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return bytes.subarray(i);
}
