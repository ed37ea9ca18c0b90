import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { p256 } from '@noble/curves/nist.js';
import { ed448 } from '@noble/curves/ed448.js';
import { COSE_ALG, DEFAULT_SUPPORTED_ALGORITHMS } from '../../src/cose/algorithms.js';
import { decodeCoseKey, isAlgorithmSupported, verifyCoseSignature } from '../../src/cose/key.js';
import { encodeCoseKey } from '../../src/cose/encode.js';
import { COSE_KTY } from '../../src/cose/types.js';
import { backend } from '../../src/crypto/index.js';
import { SMALL_ORDER_ENCODINGS } from '../../src/crypto/ed-point.js';
import type { PublicKeyMaterial } from '../../src/crypto/types.js';
import { concat } from '../../src/encoding/bytes.js';
import { decodeCbor } from '../../src/encoding/cbor.js';
import { encodeCbor } from '../../src/encoding/cbor-encode.js';
import { WebAuthnError } from '../../src/errors.js';
import { signWithTestKey, type TestKeyPair } from '../../src/testing/keys.js';
import { asyncErrorCode, errorCode } from '../helpers/errors.js';
import { ALGORITHMS, hex, keyPairsFor, message, otherMessage } from '../crypto/support.js';

let pairs: Map<number, TestKeyPair>;
beforeAll(async () => {
  pairs = await keyPairsFor(ALGORITHMS.map((a) => a.alg));
});

/** The pair's COSE_Key as a map, with `changes` applied (undefined deletes a label). */
function edited(alg: number, changes: [unknown, unknown][]): Uint8Array {
  const map = new Map(decodeCbor(pairs.get(alg)!.cosePublicKey) as Map<unknown, unknown>);
  for (const [label, value] of changes) {
    if (value === undefined) map.delete(label);
    else map.set(label, value);
  }
  return encodeCbor(map);
}

/** A copy of one member of the pair's COSE_Key. */
const label = (alg: number, l: number) => (decodeCbor(pairs.get(alg)!.cosePublicKey) as Map<number, Uint8Array>).get(l)!.slice();

describe('decodeCoseKey: valid keys', () => {
  it.each(ALGORITHMS)('$name: decodes, and re-encodes to the same bytes', ({ alg }) => {
    const bytes = pairs.get(alg)!.cosePublicKey;
    const key = decodeCoseKey(bytes);
    expect(key.alg).toBe(alg);
    expect(key.bytes).toBe(bytes);
    expect(encodeCoseKey(key.key, alg)).toEqual(bytes);
  });

  it('writes members in CTAP2 canonical order: kty, alg, crv, x, y', () => {
    const bytes = pairs.get(COSE_ALG.ES256)!.cosePublicKey;
    // a5: map(5); 01 02: kty EC2; 03 26: alg -7; 20 01: crv P-256; 21 5820: x; 22 5820: y
    expect(bytes.subarray(0, 10)).toEqual(hex('a50102032620012158' + '20'));
    expect(bytes.subarray(42, 45)).toEqual(hex('225820'));
    expect(bytes.length).toBe(77);
  });

  it('gives each key type its kty', () => {
    expect(decodeCoseKey(pairs.get(COSE_ALG.Ed25519)!.cosePublicKey).kty).toBe(COSE_KTY.OKP);
    expect(decodeCoseKey(pairs.get(COSE_ALG.ES384)!.cosePublicKey).kty).toBe(COSE_KTY.EC2);
    expect(decodeCoseKey(pairs.get(COSE_ALG.PS512)!.cosePublicKey).kty).toBe(COSE_KTY.RSA);
    expect(decodeCoseKey(pairs.get(COSE_ALG.ML_DSA_65)!.cosePublicKey).kty).toBe(COSE_KTY.AKP);
  });

  it('refuses EdDSA (-8) with an Ed448 key (crv 7): WebAuthn L3 section 5.8.5 ties -8 to Ed25519', () => {
    const x = ed448.getPublicKey(ed448.utils.randomSecretKey());
    expect(errorCode(() => decodeCoseKey(encodeCoseKey({ kind: 'okp', curve: 'Ed448', x }, COSE_ALG.EdDSA)))).toBe('key_invalid');
    expect(decodeCoseKey(encodeCoseKey({ kind: 'okp', curve: 'Ed448', x }, COSE_ALG.Ed448)).key).toEqual({ kind: 'okp', curve: 'Ed448', x });
  });

  it('measures the RSA modulus without its leading zero octets', () => {
    const n = label(COSE_ALG.RS256, -1);
    const key = decodeCoseKey(edited(COSE_ALG.RS256, [[-1, new Uint8Array([0, 0, ...n])]])).key;
    expect(key).toEqual({ kind: 'rsa', n, e: hex('010001') });
  });

  it('ignores members WebAuthn does not use (kid, text labels)', () => {
    expect(decodeCoseKey(edited(COSE_ALG.ES256, [[2, new Uint8Array([1])], ['note', 'x']])).alg).toBe(COSE_ALG.ES256);
  });
});

describe('decodeCoseKey: structure (malformed_cose_key)', () => {
  const code = (bytes: Uint8Array) => errorCode(() => decodeCoseKey(bytes));

  it('rejects bytes that are not one CBOR map', () => {
    expect(code(hex('ff'))).toBe('malformed_cose_key');
    expect(code(new Uint8Array([...pairs.get(COSE_ALG.ES256)!.cosePublicKey, 0]))).toBe('malformed_cose_key');
    expect(code(encodeCbor([1, 2, 3]))).toBe('malformed_cose_key');
    expect(code('a5' as never)).toBe('malformed_cose_key');
  });

  it('rejects a missing alg', () => {
    expect(code(edited(COSE_ALG.ES256, [[3, undefined]]))).toBe('malformed_cose_key');
  });

  it('rejects a missing kty, crv, x or y', () => {
    for (const l of [1, -1, -2, -3]) expect(code(edited(COSE_ALG.ES256, [[l, undefined]]))).toBe('malformed_cose_key');
  });

  it('rejects an EC coordinate of the wrong length', () => {
    expect(code(edited(COSE_ALG.ES256, [[-2, label(COSE_ALG.ES256, -2).subarray(1)]]))).toBe('malformed_cose_key');
    expect(code(edited(COSE_ALG.ES256, [[-3, new Uint8Array([0, ...label(COSE_ALG.ES256, -3)])]]))).toBe('malformed_cose_key');
  });

  it('rejects a compressed point (boolean y) and a text x', () => {
    expect(code(edited(COSE_ALG.ES256, [[-3, true]]))).toBe('malformed_cose_key');
    expect(code(edited(COSE_ALG.ES256, [[-2, 'x']]))).toBe('malformed_cose_key');
  });

  it('rejects an OKP key or an ML-DSA key of the wrong length', () => {
    expect(code(edited(COSE_ALG.Ed25519, [[-2, new Uint8Array(31)]]))).toBe('malformed_cose_key');
    expect(code(edited(COSE_ALG.ML_DSA_44, [[-1, new Uint8Array(1952)]]))).toBe('malformed_cose_key');
    // The alg names the parameter set, so an ML-DSA-44 key labelled ML-DSA-65 has the wrong length.
    expect(code(edited(COSE_ALG.ML_DSA_44, [[3, COSE_ALG.ML_DSA_65]]))).toBe('malformed_cose_key');
  });

  it('rejects private key material', () => {
    expect(code(edited(COSE_ALG.ES256, [[-4, new Uint8Array(32)]]))).toBe('malformed_cose_key');
  });

  it('rejects a label that is neither an integer nor text', () => {
    expect(code(edited(COSE_ALG.ES256, [[new Uint8Array([1]), 1]]))).toBe('malformed_cose_key');
  });

  it('rejects a kty or alg that is not an integer', () => {
    expect(code(edited(COSE_ALG.ES256, [[3, new Uint8Array([0x26])]]))).toBe('malformed_cose_key');
    expect(code(edited(COSE_ALG.ES256, [[1, 2.5]]))).toBe('malformed_cose_key');
  });
});

describe('decodeCoseKey: unknown algorithms and key types (unsupported_algorithm)', () => {
  const code = (bytes: Uint8Array) => errorCode(() => decodeCoseKey(bytes));

  it('rejects an unknown alg, numeric or text', () => {
    expect(code(edited(COSE_ALG.ES256, [[3, -999]]))).toBe('unsupported_algorithm');
    expect(code(edited(COSE_ALG.ES256, [[3, 'ES256']]))).toBe('unsupported_algorithm');
  });

  it('rejects an unknown kty', () => {
    expect(code(edited(COSE_ALG.ES256, [[1, 4]]))).toBe('unsupported_algorithm'); // Symmetric
    expect(code(edited(COSE_ALG.ES256, [[1, 99]]))).toBe('unsupported_algorithm');
  });
});

describe('decodeCoseKey: keys that cannot be right (key_invalid)', () => {
  const code = (bytes: Uint8Array) => errorCode(() => decodeCoseKey(bytes));

  it('rejects a point that is not on the curve', () => {
    const y = label(COSE_ALG.ES256, -3);
    y[31]! ^= 1;
    expect(code(edited(COSE_ALG.ES256, [[-3, y]]))).toBe('key_invalid');
  });

  it('rejects a coordinate that is not a field element (x = p)', () => {
    const p = hex(p256.Point.Fp.ORDER.toString(16));
    expect(code(edited(COSE_ALG.ES256, [[-2, p]]))).toBe('key_invalid');
  });

  it('rejects a curve that disagrees with the algorithm', () => {
    // ES256 with a valid P-384 point and crv 2: the point is fine, the pairing is not.
    const p384 = [[-1, 2], [-2, label(COSE_ALG.ES384, -2)], [-3, label(COSE_ALG.ES384, -3)]] as [number, unknown][];
    expect(code(edited(COSE_ALG.ES256, p384))).toBe('key_invalid');
    expect(code(edited(COSE_ALG.ES256K, [[-1, 1]]))).toBe('key_invalid');
    expect(code(edited(COSE_ALG.Ed25519, [[-1, 7]]))).toBe('key_invalid');
    expect(code(edited(COSE_ALG.EdDSA, [[-1, 4]]))).toBe('key_invalid'); // X25519 cannot sign
  });

  it('rejects a key type that disagrees with the algorithm', () => {
    expect(code(edited(COSE_ALG.ES256, [[1, COSE_KTY.OKP]]))).toBe('key_invalid');
    expect(code(edited(COSE_ALG.RS256, [[3, COSE_ALG.ES256]]))).toBe('key_invalid');
  });

  it('rejects an RSA modulus below 2048 bits', () => {
    const n1024 = label(COSE_ALG.RS256, -1).slice(0, 128);
    n1024[127]! |= 1;
    expect(code(edited(COSE_ALG.RS256, [[-1, n1024]]))).toBe('key_invalid');
    const n2047 = label(COSE_ALG.RS256, -1);
    n2047[0] = 0x7f;
    expect(code(edited(COSE_ALG.RS256, [[-1, n2047]]))).toBe('key_invalid');
  });

  it('rejects an even modulus', () => {
    const n = label(COSE_ALG.RS256, -1);
    n[255]! &= 0xfe;
    expect(code(edited(COSE_ALG.RS256, [[-1, n]]))).toBe('key_invalid');
  });

  it('rejects an exponent that is even, 1, or longer than 8 bytes', () => {
    expect(code(edited(COSE_ALG.RS256, [[-2, hex('010000')]]))).toBe('key_invalid');
    expect(code(edited(COSE_ALG.RS256, [[-2, hex('01')]]))).toBe('key_invalid');
    expect(code(edited(COSE_ALG.RS256, [[-2, hex('010000000000000001')]]))).toBe('key_invalid');
  });
});

describe('decodeCoseKey: checkPoint', () => {
  const EC2 = [
    { name: 'ES256', alg: COSE_ALG.ES256 },
    { name: 'ES384', alg: COSE_ALG.ES384 },
    { name: 'ES512', alg: COSE_ALG.ES512 },
    { name: 'ES256K', alg: COSE_ALG.ES256K },
  ];
  const offCurve = (alg: number) => {
    const y = label(alg, -3);
    y[y.length - 1]! ^= 1;
    return edited(alg, [[-3, y]]);
  };

  it.each(EC2)('$name: checks the point by default and with checkPoint true, and not with false', ({ alg }) => {
    expect(errorCode(() => decodeCoseKey(offCurve(alg)))).toBe('key_invalid');
    expect(errorCode(() => decodeCoseKey(offCurve(alg), { checkPoint: true }))).toBe('key_invalid');
    expect(decodeCoseKey(offCurve(alg), { checkPoint: false }).key.kind).toBe('ec');
    // Sizes are still checked: only the curve arithmetic is skipped.
    expect(errorCode(() => decodeCoseKey(edited(alg, [[-3, label(alg, -3).subarray(1)]]), { checkPoint: false }))).toBe('malformed_cose_key');
  });

  it.each(EC2)(`$name: a point off the curve, decoded unchecked, fails verification on the ${backend.name} backend with key_invalid`, async ({ alg }) => {
    const signature = await signWithTestKey(pairs.get(alg)!, message);
    const key = decodeCoseKey(offCurve(alg), { checkPoint: false });
    expect(await asyncErrorCode(() => verifyCoseSignature(key, message, signature))).toBe('key_invalid');
  });

  it(`ES256: x = p, decoded unchecked, fails verification on the ${backend.name} backend with key_invalid`, async () => {
    const signature = await signWithTestKey(pairs.get(COSE_ALG.ES256)!, message);
    const p = hex(p256.Point.Fp.ORDER.toString(16));
    const key = decodeCoseKey(edited(COSE_ALG.ES256, [[-2, p]]), { checkPoint: false });
    expect(await asyncErrorCode(() => verifyCoseSignature(key, message, signature))).toBe('key_invalid');
  });
});

describe('decodeCoseKey: EdDSA keys that are small-order or non-canonical points (key_invalid)', () => {
  // Web Cryptography API, Ed25519 verify step 2: such a key verifies nothing. On OpenSSL the
  // identity key (01 00..00) would verify R = identity, S = 0 for every message.
  const OKP = [
    { name: 'EdDSA (-8)', alg: COSE_ALG.EdDSA, curve: 'Ed25519' as const },
    { name: 'Ed25519 (-19)', alg: COSE_ALG.Ed25519, curve: 'Ed25519' as const },
    { name: 'Ed448 (-53)', alg: COSE_ALG.Ed448, curve: 'Ed448' as const },
  ];
  const withX = (alg: number, x: Uint8Array) => edited(alg, [[-2, x]]);

  it.each(OKP)('$name: refuses every encoding of a small-order point, with or without checkPoint', ({ alg, curve }) => {
    expect(SMALL_ORDER_ENCODINGS[curve].length).toBe(curve === 'Ed25519' ? 14 : 10);
    for (const x of SMALL_ORDER_ENCODINGS[curve]) {
      expect(errorCode(() => decodeCoseKey(withX(alg, x)))).toBe('key_invalid');
      expect(errorCode(() => decodeCoseKey(withX(alg, x), { checkPoint: false }))).toBe('key_invalid');
    }
  });

  it('refuses a non-canonical encoding of a point that is not of small order', () => {
    // Ed25519: y = p + 2 (ef ff .. ff 7f); Ed448: a real key with one of the 7 unused bits set.
    const ed25519YAboveP = hex('ef' + 'ff'.repeat(30) + '7f');
    expect(errorCode(() => decodeCoseKey(withX(COSE_ALG.Ed25519, ed25519YAboveP), { checkPoint: false }))).toBe('key_invalid');
    const spare = label(COSE_ALG.Ed448, -2);
    spare[56]! |= 0x40;
    expect(errorCode(() => decodeCoseKey(withX(COSE_ALG.Ed448, spare)))).toBe('key_invalid');
  });

  it.each(OKP)(`$name: a stored small-order key (never decoded) fails verification with false on the ${backend.name} backend`, async ({ alg, curve }) => {
    const size = curve === 'Ed25519' ? 32 : 57;
    const identity = new Uint8Array(size);
    identity[0] = 1;
    // R = identity, S = 0: with the identity key it satisfies the verification equation for any message.
    const forgery = concat(identity, new Uint8Array(size));
    for (const x of SMALL_ORDER_ENCODINGS[curve]) {
      const okp: PublicKeyMaterial = { kind: 'okp', curve, x };
      const stored = { alg, kty: COSE_KTY.OKP, key: okp, bytes: encodeCoseKey(okp, alg) };
      expect(await verifyCoseSignature(stored, message, forgery)).toBe(false);
      expect(await verifyCoseSignature(stored, otherMessage, forgery)).toBe(false);
    }
  });

  it.each(OKP)('$name: a genuine key still decodes and verifies', async ({ alg }) => {
    const pair = pairs.get(alg)!;
    const key = decodeCoseKey(pair.cosePublicKey, { checkPoint: false });
    expect(await verifyCoseSignature(key, message, await signWithTestKey(pair, message))).toBe(true);
  });
});

describe('encodeCoseKey', () => {
  it('refuses an unknown alg and a key that does not suit the alg', () => {
    const key = decodeCoseKey(pairs.get(COSE_ALG.ES256)!.cosePublicKey).key;
    expect(errorCode(() => encodeCoseKey(key, -999))).toBe('unsupported_algorithm');
    expect(errorCode(() => encodeCoseKey(key, COSE_ALG.ES384))).toBe('key_invalid');
  });
});

describe(`verifyCoseSignature on the ${backend.name} backend`, () => {
  it.each(ALGORITHMS)('$name: verifies with the scheme the key alg names', async ({ alg }) => {
    const pair = pairs.get(alg)!;
    const key = decodeCoseKey(pair.cosePublicKey);
    const signature = await signWithTestKey(pair, message);
    expect(await verifyCoseSignature(key, message, signature)).toBe(true);
    expect(await verifyCoseSignature(key, otherMessage, signature)).toBe(false);
  });
});

describe('isAlgorithmSupported', () => {
  it('allows every table algorithm but RS1 by default, and RS1 only when listed', () => {
    expect(isAlgorithmSupported(COSE_ALG.ES256)).toBe(true);
    expect(isAlgorithmSupported(COSE_ALG.RS1)).toBe(false);
    expect(isAlgorithmSupported(COSE_ALG.RS1, [COSE_ALG.RS1])).toBe(true);
    expect(isAlgorithmSupported(COSE_ALG.ES256, [COSE_ALG.RS256])).toBe(false);
    expect(isAlgorithmSupported(-999, [-999])).toBe(false);
    expect(DEFAULT_SUPPORTED_ALGORITHMS).toHaveLength(ALGORITHMS.length - 1);
  });
});

describe('decodeCoseKey on hostile input', () => {
  const onlyWebAuthnErrors = (bytes: Uint8Array) => {
    try {
      decodeCoseKey(bytes);
    } catch (e) {
      if (!(e instanceof WebAuthnError)) throw e;
    }
  };

  it('throws nothing but WebAuthnError for random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), onlyWebAuthnErrors), { seed: 20240601, numRuns: 2000 });
  });

  it('throws nothing but WebAuthnError for random maps of COSE labels', () => {
    const labels = fc.constantFrom<unknown>(1, 3, -1, -2, -3, -4, 2, 'x');
    const values = fc.oneof(
      fc.constantFrom<unknown>(1, 2, 3, 7, 99, -7, -8, -19, -35, -36, -47, -48, -53, -257, -37, -65535, 6, 7, 8, true, 'x'),
      fc.uint8Array({ maxLength: 70 }),
      fc.integer(),
      fc.double(),
    );
    const maps = fc.array(fc.tuple(labels, values), { maxLength: 7 }).map((entries) => encodeCbor(new Map(entries)));
    fc.assert(fc.property(maps, onlyWebAuthnErrors), { seed: 20240601, numRuns: 3000 });
  });
});
