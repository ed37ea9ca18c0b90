import { beforeAll, describe, expect, it } from 'vitest';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { COSE_ALG } from '../../src/cose/algorithms.js';
import { ecdsaDerToRaw } from '../../src/crypto/der.js';
import type { EcKey, OkpKey } from '../../src/crypto/input.js';
import { verifyEd25519, verifyEd448, verifySecp256k1 } from '../../src/crypto/noble.js';
import { signWithTestKey, type TestKeyPair } from '../../src/testing/keys.js';
import { asyncErrorCode } from '../helpers/errors.js';
import { hex, keyPairsFor, message, otherMessage, verifierInput } from './support.js';

// The @noble path both backends take where the runtime's own crypto lacks a curve (Bun's
// node:crypto has neither secp256k1 nor Ed448), tested directly so that Node exercises it too.
let pairs: Map<number, TestKeyPair>;
beforeAll(async () => {
  pairs = await keyPairsFor([COSE_ALG.ES256K, COSE_ALG.Ed25519, COSE_ALG.Ed448]);
});

describe('verifySecp256k1', () => {
  const key = () => verifierInput(pairs.get(COSE_ALG.ES256K)!).key as EcKey;
  const raw = async (options = {}) => ecdsaDerToRaw(await signWithTestKey(pairs.get(COSE_ALG.ES256K)!, message, options), 'secp256k1');

  it('verifies a signature over the digest, high S included, and not over another digest', async () => {
    expect(await verifySecp256k1(key(), sha256(message), await raw())).toBe(true);
    expect(await verifySecp256k1(key(), sha256(message), await raw({ highS: true }))).toBe(true);
    expect(await verifySecp256k1(key(), sha256(otherMessage), await raw())).toBe(false);
  });

  it('refuses a point off the curve, or with x = p, with key_invalid', async () => {
    const signature = await raw();
    const y = key().y.slice();
    y[31]! ^= 1;
    expect(await asyncErrorCode(() => verifySecp256k1({ ...key(), y }, sha256(message), signature))).toBe('key_invalid');
    const p = hex(secp256k1.Point.Fp.ORDER.toString(16));
    expect(await asyncErrorCode(() => verifySecp256k1({ ...key(), x: p }, sha256(message), signature))).toBe('key_invalid');
  });
});

describe('verifyEd25519 and verifyEd448', () => {
  it.each([
    { name: 'Ed25519', alg: COSE_ALG.Ed25519, verify: verifyEd25519 },
    { name: 'Ed448', alg: COSE_ALG.Ed448, verify: verifyEd448 },
  ])('$name: verifies a signature over its data and not over other data', async ({ alg, verify }) => {
    const pair = pairs.get(alg)!;
    const key = verifierInput(pair).key as OkpKey;
    const signature = await signWithTestKey(pair, message);
    expect(await verify(key, message, signature)).toBe(true);
    expect(await verify(key, otherMessage, signature)).toBe(false);
  });

  it('answers false for a key that does not decode to a point, and refuses a key of the wrong size', async () => {
    const pair = pairs.get(COSE_ALG.Ed448)!;
    const key = verifierInput(pair).key as OkpKey;
    const signature = await signWithTestKey(pair, message);
    // RFC 8032 section 5.2.3: a y coordinate of p (2^448 - 2^224 - 1) or more does not decode.
    const undecodable = new Uint8Array(57).fill(0xff);
    expect(await verifyEd448({ ...key, x: undecodable }, message, signature)).toBe(false);
    expect(await asyncErrorCode(() => verifyEd448({ ...key, x: key.x.subarray(1) }, message, signature))).toBe('key_invalid');
  });
});
