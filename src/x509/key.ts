import type { EcCurve, PublicKeyMaterial } from '../crypto/types.js';
import { isOnCurve } from '../crypto/ec-point.js';
import { WebAuthnError } from '../errors.js';
import { equalBytes } from '../encoding/bytes.js';
import { OID } from './algorithms.js';
import { children, contents, readOid, readUnsignedInteger, readWhole, TAG } from './der.js';

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

/** RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 8017 appendix A.1.1). */
function rsaKey(der: Uint8Array): PublicKeyMaterial {
  const what = 'RSAPublicKey';
  const seq = readWhole(der, TAG.SEQUENCE, what);
  const parts = children(der, seq, what);
  if (parts.length !== 2) bad('is not an RSAPublicKey');
  const n = readUnsignedInteger(der, parts[0]!, what).slice();
  const e = readUnsignedInteger(der, parts[1]!, what).slice();
  if (n.length < 64 || n.length > 2048) bad(`has an unsupported RSA modulus size (${n.length * 8} bits)`);
  if (e.length > 8 || (e[e.length - 1]! & 1) === 0) bad('has an invalid RSA exponent');
  return { kind: 'rsa', n, e };
}

/**
 * Reads a SubjectPublicKeyInfo (RFC 5280 section 4.1.2.7) into the form the crypto backend takes:
 * EC (RFC 5480) on P-256/384/521 and secp256k1, RSA (RFC 3279 and RSASSA-PSS keys, RFC 4055),
 * Ed25519/Ed448 (RFC 8410). Returns the algorithm OID and the key, or no key for an algorithm the
 * library does not verify with. Throws 'malformed_certificate' when a supported key is broken.
 */
export function readSubjectPublicKeyInfo(spki: Uint8Array): { algorithm: string; key?: PublicKeyMaterial } {
  const what = 'SubjectPublicKeyInfo';
  const seq = readWhole(spki, TAG.SEQUENCE, what);
  const [algId, bits, ...rest] = children(spki, seq, what);
  if (!algId || !bits || rest.length > 0 || algId.tag !== TAG.SEQUENCE || bits.tag !== TAG.BIT_STRING) {
    bad('is not a SubjectPublicKeyInfo');
  }
  const [oidTlv, params] = children(spki, algId, what);
  if (!oidTlv) bad('has no algorithm');
  const algorithm = readOid(spki, oidTlv, what);
  const bitString = contents(spki, bits);
  if (bitString.length < 2 || bitString[0] !== 0) bad('is not a whole number of bytes');
  const keyBytes = bitString.subarray(1);

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
