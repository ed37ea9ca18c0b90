import type { EcCurve, EdCurve, HashAlgorithm, MlDsaVariant, PublicKeyMaterial, SignatureScheme } from './types.js';
import { WebAuthnError } from '../errors.js';
import { ecdsaDerToRaw } from './der.js';
import { isCanonicalEncoding, isSmallOrderEncoding } from './ed-point.js';

/**
 * What both backends check before any cryptography, so that they reject exactly the same inputs
 * with the same codes and differ only in how they do the math.
 */

export type EcKey = Extract<PublicKeyMaterial, { kind: 'ec' }>;
export type OkpKey = Extract<PublicKeyMaterial, { kind: 'okp' }>;
export type MlDsaKey = Extract<PublicKeyMaterial, { kind: 'ml-dsa' }>;

/** A scheme and key checked against each other, with the signature in the form the primitive takes. */
export type PreparedInput =
  | { name: 'ECDSA'; hash: HashAlgorithm; key: EcKey; /** r||s, each half as long as the curve order */ raw: Uint8Array }
  | { name: 'RSASSA-PKCS1-v1_5'; hash: HashAlgorithm; n: Uint8Array; e: Uint8Array }
  | { name: 'RSA-PSS'; hash: HashAlgorithm; saltLength: number; n: Uint8Array; e: Uint8Array }
  | { name: 'EdDSA'; key: OkpKey }
  | { name: 'ML-DSA'; key: MlDsaKey };

const ED_SIGNATURE_LENGTH: Record<EdCurve, number> = { Ed25519: 64, Ed448: 114 };
// FIPS 204 table 2.
const ML_DSA_SIGNATURE_LENGTH: Record<MlDsaVariant, number> = { 'ML-DSA-44': 2420, 'ML-DSA-65': 3309, 'ML-DSA-87': 4627 };
const EC_CURVES: ReadonlySet<EcCurve> = new Set(['P-256', 'P-384', 'P-521', 'secp256k1']);
const HASHES: ReadonlySet<string> = new Set(['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512']);
/** Larger moduli make verification needlessly slow; Chrome's Web Crypto stops here too. */
const MAX_RSA_MODULUS_BYTES = 16384 / 8;

/** An unsigned big-endian integer without its leading zero octets (a view, not a copy). */
export function withoutLeadingZeros(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length && bytes[start] === 0) start++;
  return bytes.subarray(start);
}

/** Throws 'unsupported_algorithm' unless `hash` is one of the four hashes WebAuthn and X.509 use here. */
export function assertHash(hash: HashAlgorithm): void {
  if (!HASHES.has(hash)) throw new WebAuthnError('unsupported_algorithm', `hash ${String(hash)} is not supported`);
}

function wrongKey(scheme: SignatureScheme, key: PublicKeyMaterial): never {
  throw new WebAuthnError('key_invalid', `a ${key.kind} key cannot verify ${scheme.name} signatures`);
}

function malformed(message: string): never {
  throw new WebAuthnError('malformed_signature', message);
}

/**
 * Checks that `key` suits `scheme` and that `signature` has the shape the scheme produces.
 * Returns undefined when the scheme's own verification procedure rejects the signature before
 * any math (a fixed-size signature of the wrong size; an EdDSA key or R that is a small-order
 * or non-canonical point): the backend then answers false.
 * Throws 'unsupported_algorithm', 'key_invalid', or 'malformed_signature' (ECDSA that is not
 * strict DER, which WebAuthn L3 section 6.5.6 requires).
 */
export function prepareInput(
  scheme: SignatureScheme,
  key: PublicKeyMaterial,
  signature: Uint8Array,
): PreparedInput | undefined {
  if (!(signature instanceof Uint8Array)) malformed('signature must be bytes');
  if ('hash' in scheme) assertHash(scheme.hash);
  switch (scheme.name) {
    case 'ECDSA':
      if (key.kind !== 'ec') wrongKey(scheme, key);
      if (!EC_CURVES.has(key.curve)) throw new WebAuthnError('unsupported_algorithm', `curve ${String(key.curve)} is not supported`);
      return { name: 'ECDSA', hash: scheme.hash, key, raw: ecdsaDerToRaw(signature, key.curve) };
    case 'RSASSA-PKCS1-v1_5':
    case 'RSA-PSS': {
      if (key.kind !== 'rsa') wrongKey(scheme, key);
      const n = withoutLeadingZeros(key.n);
      const e = withoutLeadingZeros(key.e);
      if (n.length === 0 || e.length === 0 || n.length > MAX_RSA_MODULUS_BYTES) {
        throw new WebAuthnError('key_invalid', 'RSA key has an unusable modulus or exponent size');
      }
      if (scheme.name === 'RSA-PSS' && !(Number.isInteger(scheme.saltLength) && scheme.saltLength >= 0 && scheme.saltLength <= n.length)) {
        throw new WebAuthnError('unsupported_algorithm', `RSA-PSS salt length ${String(scheme.saltLength)} is not usable`);
      }
      // RFC 8017 sections 8.1.2 and 8.2.2 step 1: a signature not exactly as long as the modulus is invalid.
      if (signature.length !== n.length) return undefined;
      return scheme.name === 'RSA-PSS'
        ? { name: scheme.name, hash: scheme.hash, saltLength: scheme.saltLength, n, e }
        : { name: scheme.name, hash: scheme.hash, n, e };
    }
    case 'EdDSA': {
      if (key.kind !== 'okp') wrongKey(scheme, key);
      const expected = ED_SIGNATURE_LENGTH[key.curve];
      if (expected === undefined) throw new WebAuthnError('unsupported_algorithm', `curve ${String(key.curve)} is not supported`);
      // RFC 8032 sections 5.1.5 and 5.2.5: the public key is half as long as a signature.
      if (!(key.x instanceof Uint8Array) || key.x.length !== expected / 2) {
        throw new WebAuthnError('key_invalid', `${key.curve} public key must be ${expected / 2} bytes`);
      }
      // RFC 8032 sections 5.1.7 and 5.2.7: a signature that is not 64 (Ed25519) or 114 (Ed448)
      // octets cannot be split into R and S, so it is invalid.
      if (signature.length !== expected) return undefined;
      // Web Cryptography API, Ed25519 verify steps 2-3 (Secure Curves: Ed448 alike): a key or R
      // that is an invalid point or a small-order element gives false. OpenSSL checks neither
      // (a small-order key can verify forgeries there), so both backends screen them here; this
      // also covers keys stored before decodeCoseKey refused them.
      const r = signature.subarray(0, expected / 2);
      for (const point of [key.x, r]) {
        if (!isCanonicalEncoding(key.curve, point) || isSmallOrderEncoding(key.curve, point)) return undefined;
      }
      return { name: 'EdDSA', key };
    }
    case 'ML-DSA': {
      if (key.kind !== 'ml-dsa') wrongKey(scheme, key);
      const expected = ML_DSA_SIGNATURE_LENGTH[key.variant];
      if (expected === undefined) throw new WebAuthnError('unsupported_algorithm', `${String(key.variant)} is not supported`);
      // FIPS 204 table 2 fixes the signature size per parameter set; any other length cannot decode.
      return signature.length === expected ? { name: 'ML-DSA', key } : undefined;
    }
    default:
      throw new WebAuthnError('unsupported_algorithm', `signature scheme ${String((scheme as { name: unknown }).name)} is not supported`);
  }
}
