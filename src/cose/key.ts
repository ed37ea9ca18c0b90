import type { EcCurve, EdCurve, MlDsaVariant, PublicKeyMaterial } from '../crypto/types.js';
import { COSE_KTY, type CoseKey, type DecodeCoseKeyOptions } from './types.js';
import { COSE_CRV, coseAlgorithm, type CoseKeyExpectation } from './algorithms.js';
import { backend } from '../crypto/index.js';
import { isOnCurve } from '../crypto/ec-point.js';
import { isCanonicalEncoding, isSmallOrderEncoding } from '../crypto/ed-point.js';
import { withoutLeadingZeros } from '../crypto/input.js';
import { decodeCbor, type CborMap } from '../encoding/cbor.js';
import { WebAuthnError, fail, isWebAuthnError } from '../errors.js';

export { isAlgorithmSupported } from './algorithms.js';

/**
 * COSE_Key public keys (RFC 9052 section 7, RFC 9053 section 7, RFC 8230 section 4, and the AKP
 * key type of draft-ietf-cose-dilithium) as WebAuthn L3 section 6.5.1.1 profiles them.
 *
 * Error codes follow one rule: a missing, mistyped or wrongly sized member is 'malformed_cose_key';
 * a key type or algorithm this library does not know is 'unsupported_algorithm'; well-formed
 * values that contradict each other or fail a mathematical check are 'key_invalid'.
 */

export const LABEL = { kty: 1, alg: 3, crv: -1, x: -2, y: -3, n: -1, e: -2, pub: -1 } as const;

/** Labels that hold private key material, by key type (RFC 9053 sections 7.1-7.2, RFC 8230 section 4). */
const PRIVATE_LABELS: Record<number, readonly number[]> = {
  [COSE_KTY.OKP]: [-4],
  [COSE_KTY.EC2]: [-4],
  [COSE_KTY.RSA]: [-3, -4, -5, -6, -7, -8, -9, -10, -11, -12],
  [COSE_KTY.AKP]: [-2],
};

export const KTY_OF: Record<PublicKeyMaterial['kind'], number> = {
  okp: COSE_KTY.OKP,
  ec: COSE_KTY.EC2,
  rsa: COSE_KTY.RSA,
  'ml-dsa': COSE_KTY.AKP,
};

export const EC_CURVES: Record<EcCurve, { crv: number; size: number }> = {
  'P-256': { crv: COSE_CRV.P256, size: 32 },
  'P-384': { crv: COSE_CRV.P384, size: 48 },
  'P-521': { crv: COSE_CRV.P521, size: 66 },
  secp256k1: { crv: COSE_CRV.secp256k1, size: 32 },
};

// RFC 8032 sections 5.1.5 and 5.2.5: public keys are 32 and 57 octets.
export const ED_CURVES: Record<EdCurve, { crv: number; size: number }> = {
  Ed25519: { crv: COSE_CRV.Ed25519, size: 32 },
  Ed448: { crv: COSE_CRV.Ed448, size: 57 },
};

// FIPS 204 table 2.
const ML_DSA_PUBLIC_KEY_LENGTH: Record<MlDsaVariant, number> = { 'ML-DSA-44': 1312, 'ML-DSA-65': 1952, 'ML-DSA-87': 2592 };

/** RFC 8230 section 6.1: RSA keys used with COSE MUST be at least 2048 bits. */
const MIN_RSA_BITS = 2048;
/** Beyond this, verification gets needlessly slow; Chrome's Web Crypto stops here too. */
const MAX_RSA_BITS = 16384;
const MAX_RSA_EXPONENT_BYTES = 8;

function malformed(message: string): never {
  return fail('malformed_cose_key', `COSE_Key ${message}`);
}

export function invalid(message: string): never {
  return fail('key_invalid', `COSE_Key ${message}`);
}

export function unsupported(message: string): never {
  return fail('unsupported_algorithm', `COSE_Key ${message}`);
}

function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

function requireBytes(map: CborMap, label: number, name: string): Uint8Array {
  const value = map.get(label);
  if (value === undefined) malformed(`has no ${name} (label ${label})`);
  if (!(value instanceof Uint8Array)) malformed(`${name} (label ${label}) must be a byte string`);
  return value;
}

function requireInteger(map: CborMap, label: number, name: string): number {
  const value = map.get(label);
  if (value === undefined) malformed(`has no ${name} (label ${label})`);
  if (!isInteger(value)) malformed(`${name} (label ${label}) must be an integer`);
  return value;
}

/** kty and alg may be text in COSE (RFC 9052 section 7.1); no text value is one we support. */
function requireIdentifier(map: CborMap, label: number, name: string): number {
  const value = map.get(label);
  if (value === undefined) malformed(`has no ${name} (label ${label})`);
  if (typeof value === 'string') unsupported(`${name} "${value}" is not supported`);
  if (!isInteger(value)) malformed(`${name} (label ${label}) must be an integer`);
  return value;
}

function decodeMap(bytes: Uint8Array): CborMap {
  let value: unknown;
  try {
    value = decodeCbor(bytes);
  } catch (cause) {
    if (isWebAuthnError(cause, 'malformed_cbor')) {
      throw new WebAuthnError('malformed_cose_key', 'COSE_Key is not well-formed CBOR', { cause });
    }
    throw cause;
  }
  if (!(value instanceof Map)) malformed('is not a CBOR map');
  // RFC 9052 section 7: labels are integers or text strings.
  for (const label of value.keys()) {
    if (!isInteger(label) && typeof label !== 'string') malformed('has a label that is neither an integer nor text');
  }
  return value;
}

// WebAuthn L3 section 5.8.5: the algorithm fixes the curve (ES256 is P-256 only, and so on), so
// crv is checked against it before anything else about the key.
function ecKey(map: CborMap, curve: EcCurve, algorithm: string, checkPoint: boolean): PublicKeyMaterial {
  const spec = EC_CURVES[curve];
  const crv = requireInteger(map, LABEL.crv, 'crv');
  if (crv !== spec.crv) invalid(`crv ${crv} cannot be used with ${algorithm}, which needs ${curve} (crv ${spec.crv})`);
  const x = requireBytes(map, LABEL.x, 'x');
  // Section 5.8.5 also rules out the compressed point form (a boolean y).
  const y = requireBytes(map, LABEL.y, 'y');
  // RFC 9053 section 7.1.1: coordinates keep their leading zero octets, so the length is fixed.
  if (x.length !== spec.size || y.length !== spec.size) malformed(`${curve} coordinates must be ${spec.size} bytes`);
  if (checkPoint && !isOnCurve(curve, x, y)) invalid(`point is not on ${curve}`);
  return { kind: 'ec', curve, x, y };
}

function okpKey(map: CborMap, curves: readonly EdCurve[], algorithm: string): PublicKeyMaterial {
  const crv = requireInteger(map, LABEL.crv, 'crv');
  const curve = curves.find((c) => ED_CURVES[c].crv === crv) ?? invalid(`crv ${crv} cannot be used with ${algorithm}`);
  const x = requireBytes(map, LABEL.x, 'x');
  const { size } = ED_CURVES[curve];
  if (x.length !== size) malformed(`${curve} public key must be ${size} bytes`);
  // RFC 8032 sections 5.1.3 and 5.2.3 step 1 (y < p), and the Web Cryptography API's refusal of
  // small-order keys (Ed25519 verify step 2): such a key verifies forgeries on OpenSSL. Both are
  // byte comparisons, so they run even when the caller skips point checks. Whether x decodes to
  // a curve point at all is left to verification: it would cost a field exponentiation on every
  // sign-in, and an undecodable key verifies nothing on either backend.
  if (!isCanonicalEncoding(curve, x)) invalid(`${curve} public key is not a canonical point encoding (y >= p)`);
  if (isSmallOrderEncoding(curve, x)) invalid(`${curve} public key is a point of small order`);
  return { kind: 'okp', curve, x };
}

function rsaKey(map: CborMap): PublicKeyMaterial {
  const n = withoutLeadingZeros(requireBytes(map, LABEL.n, 'n'));
  const e = withoutLeadingZeros(requireBytes(map, LABEL.e, 'e'));
  const bits = n.length === 0 ? 0 : (n.length - 1) * 8 + (32 - Math.clz32(n[0]!));
  if (bits < MIN_RSA_BITS) invalid(`RSA modulus is ${bits} bits; at least ${MIN_RSA_BITS} are required`);
  if (bits > MAX_RSA_BITS) invalid(`RSA modulus is ${bits} bits; at most ${MAX_RSA_BITS} are supported`);
  if ((n[n.length - 1]! & 1) === 0) invalid('RSA modulus is even');
  // RFC 8017 section 3.1: 3 <= e < n, and e is odd; no real key uses more than 64 bits.
  if (e.length === 0 || e.length > MAX_RSA_EXPONENT_BYTES || (e[e.length - 1]! & 1) === 0 || (e.length === 1 && e[0] === 1)) {
    invalid('RSA public exponent must be odd, greater than 1 and at most 64 bits');
  }
  return { kind: 'rsa', n, e };
}

function mlDsaKey(map: CborMap, variant: MlDsaVariant): PublicKeyMaterial {
  const pub = requireBytes(map, LABEL.pub, 'pub');
  const length = ML_DSA_PUBLIC_KEY_LENGTH[variant];
  if (pub.length !== length) malformed(`${variant} public key must be ${length} bytes`);
  return { kind: 'ml-dsa', variant, pub };
}

/** True when `key` is a key `expectation` (from the algorithm table) can be used with. */
export function keyFits(expectation: CoseKeyExpectation, key: PublicKeyMaterial): boolean {
  switch (expectation.kind) {
    case 'ec':
      return key.kind === 'ec' && key.curve === expectation.curve;
    case 'okp':
      return key.kind === 'okp' && expectation.curves.includes(key.curve);
    case 'rsa':
      return key.kind === 'rsa';
    case 'ml-dsa':
      return key.kind === 'ml-dsa' && key.variant === expectation.variant;
  }
}

export function describe(key: PublicKeyMaterial): string {
  return key.kind === 'ec' || key.kind === 'okp' ? key.curve : key.kind === 'ml-dsa' ? key.variant : 'RSA';
}

/**
 * Decodes and validates a credential public key (WebAuthn L3 section 6.5.1.1: a COSE_Key that
 * MUST contain alg). Throws 'malformed_cose_key', 'unsupported_algorithm' or 'key_invalid'.
 */
export function decodeCoseKey(bytes: Uint8Array, options: DecodeCoseKeyOptions = {}): CoseKey {
  const map = decodeMap(bytes);
  const kty = requireIdentifier(map, LABEL.kty, 'kty');
  const privateLabels = PRIVATE_LABELS[kty] ?? unsupported(`kty ${kty} is not supported`);
  const alg = requireIdentifier(map, LABEL.alg, 'alg');
  const algorithm = coseAlgorithm(alg) ?? unsupported(`alg ${alg} is not supported`);
  if (KTY_OF[algorithm.key.kind] !== kty) invalid(`kty ${kty} cannot be used with ${algorithm.name}`);
  // A public key with its private half attached has leaked it; refuse to store such a thing.
  if (privateLabels.some((label) => map.has(label))) malformed('contains private key material');

  const expectation = algorithm.key;
  const key =
    expectation.kind === 'ec'
      ? ecKey(map, expectation.curve, algorithm.name, options.checkPoint !== false)
      : expectation.kind === 'okp'
        ? okpKey(map, expectation.curves, algorithm.name)
        : expectation.kind === 'rsa'
          ? rsaKey(map)
          : mlDsaKey(map, expectation.variant);
  return { alg, kty, key, bytes };
}


/**
 * Verifies `signature` over `data` with a decoded credential key, using the scheme its alg names
 * (WebAuthn L3 section 6.5.6 signature formats). Whether the relying party allows that alg at
 * all (RS1 only by opt-in) is the ceremony's check, with isAlgorithmSupported.
 */
export async function verifyCoseSignature(key: CoseKey, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
  const algorithm = coseAlgorithm(key.alg) ?? unsupported(`alg ${key.alg} is not supported`);
  return backend.verify(algorithm.scheme, key.key, data, signature);
}
