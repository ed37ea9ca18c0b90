import type { EcCurve, EdCurve, HashAlgorithm, MlDsaVariant, SignatureScheme } from '../crypto/types.js';

/**
 * The COSE algorithms passkey-rp verifies (IANA "COSE Algorithms" registry: RFC 9053, RFC 8812,
 * RFC 8230, RFC 9864 for the fully specified Ed25519/Ed448, draft-ietf-cose-dilithium for ML-DSA).
 */
export const COSE_ALG = {
  ES256: -7,
  ES384: -35,
  ES512: -36,
  ES256K: -47,
  EdDSA: -8,
  Ed25519: -19,
  Ed448: -53,
  RS256: -257,
  RS384: -258,
  RS512: -259,
  PS256: -37,
  PS384: -38,
  PS512: -39,
  ML_DSA_44: -48,
  ML_DSA_65: -49,
  ML_DSA_87: -50,
  /** RSASSA-PKCS1-v1_5 with SHA-1 (RFC 8812): legacy TPMs only, never allowed by default. */
  RS1: -65535,
} as const;

/** COSE elliptic curves (RFC 9053 section 7.1, RFC 8812 section 3.1 for secp256k1). */
export const COSE_CRV = {
  P256: 1,
  P384: 2,
  P521: 3,
  X25519: 4,
  X448: 5,
  Ed25519: 6,
  Ed448: 7,
  secp256k1: 8,
} as const;

/** The key an algorithm can be used with. */
export type CoseKeyExpectation =
  | { kind: 'ec'; curve: EcCurve }
  | { kind: 'okp'; curves: readonly EdCurve[] }
  | { kind: 'rsa' }
  | { kind: 'ml-dsa'; variant: MlDsaVariant };

export interface CoseAlgorithm {
  alg: number;
  name: string;
  scheme: SignatureScheme;
  key: CoseKeyExpectation;
}

const ecdsa = (alg: number, name: string, hash: HashAlgorithm, curve: EcCurve): CoseAlgorithm => ({
  alg,
  name,
  scheme: { name: 'ECDSA', hash },
  key: { kind: 'ec', curve },
});
const pkcs1 = (alg: number, name: string, hash: HashAlgorithm): CoseAlgorithm => ({
  alg,
  name,
  scheme: { name: 'RSASSA-PKCS1-v1_5', hash },
  key: { kind: 'rsa' },
});
// RFC 8230 section 2: PS256/384/512 use MGF1 with the same hash and a salt as long as the hash.
const pss = (alg: number, name: string, hash: HashAlgorithm, saltLength: number): CoseAlgorithm => ({
  alg,
  name,
  scheme: { name: 'RSA-PSS', hash, saltLength },
  key: { kind: 'rsa' },
});
const eddsa = (alg: number, name: string, curves: readonly EdCurve[]): CoseAlgorithm => ({
  alg,
  name,
  scheme: { name: 'EdDSA' },
  key: { kind: 'okp', curves },
});
const mldsa = (alg: number, variant: MlDsaVariant): CoseAlgorithm => ({
  alg,
  name: variant,
  scheme: { name: 'ML-DSA' },
  key: { kind: 'ml-dsa', variant },
});

const TABLE: ReadonlyMap<number, CoseAlgorithm> = new Map(
  [
    // RFC 9053 section 2.1: the hash follows the algorithm, the curve is fixed by it (WebAuthn L3 5.8.5).
    ecdsa(COSE_ALG.ES256, 'ES256', 'SHA-256', 'P-256'),
    ecdsa(COSE_ALG.ES384, 'ES384', 'SHA-384', 'P-384'),
    ecdsa(COSE_ALG.ES512, 'ES512', 'SHA-512', 'P-521'),
    ecdsa(COSE_ALG.ES256K, 'ES256K', 'SHA-256', 'secp256k1'),
    // WebAuthn L3 section 5.8.5: keys with alg -8 MUST use crv 6 (Ed25519); Ed448 has its own -53.
    eddsa(COSE_ALG.EdDSA, 'EdDSA', ['Ed25519']),
    eddsa(COSE_ALG.Ed25519, 'Ed25519', ['Ed25519']),
    eddsa(COSE_ALG.Ed448, 'Ed448', ['Ed448']),
    pkcs1(COSE_ALG.RS256, 'RS256', 'SHA-256'),
    pkcs1(COSE_ALG.RS384, 'RS384', 'SHA-384'),
    pkcs1(COSE_ALG.RS512, 'RS512', 'SHA-512'),
    pss(COSE_ALG.PS256, 'PS256', 'SHA-256', 32),
    pss(COSE_ALG.PS384, 'PS384', 'SHA-384', 48),
    pss(COSE_ALG.PS512, 'PS512', 'SHA-512', 64),
    mldsa(COSE_ALG.ML_DSA_44, 'ML-DSA-44'),
    mldsa(COSE_ALG.ML_DSA_65, 'ML-DSA-65'),
    mldsa(COSE_ALG.ML_DSA_87, 'ML-DSA-87'),
    pkcs1(COSE_ALG.RS1, 'RS1', 'SHA-1'),
  ].map((entry) => [entry.alg, Object.freeze(entry)] as const),
);

/** The algorithm's name, signature scheme and key expectations; undefined for an unknown alg. */
export function coseAlgorithm(alg: number): CoseAlgorithm | undefined {
  return TABLE.get(alg);
}

/**
 * Every algorithm in the table except RS1 (SHA-1), which a relying party must opt in to by
 * listing it. This is what verification accepts by default, not a preference order.
 */
export const DEFAULT_SUPPORTED_ALGORITHMS: readonly number[] = Object.freeze(
  [...TABLE.keys()].filter((alg) => alg !== COSE_ALG.RS1),
);

/** True when `alg` is in the table and in `allowed` (the relying party's allow-list). */
export function isAlgorithmSupported(alg: number, allowed: readonly number[] = DEFAULT_SUPPORTED_ALGORITHMS): boolean {
  return TABLE.has(alg) && allowed.includes(alg);
}
