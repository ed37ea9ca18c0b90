import type { EdDSA } from '@noble/curves/abstract/edwards.js';
import type { EcKey, OkpKey } from './input.js';
import { WebAuthnError } from '../errors.js';
import { isOnCurve, uncompressedPoint } from './ec-point.js';

/**
 * Signature verification in @noble/curves, for what a runtime's own crypto lacks: secp256k1 and
 * Ed448 (Web Crypto; Bun's node:crypto), Ed25519 (older Web Crypto). Each module loads on first
 * use and its promise is kept: few credentials need these curves, and under a module-hook loader
 * every import() call is a round trip (about 90 µs).
 */

let secp256k1Module: Promise<typeof import('./curves/secp256k1.js')> | undefined;
let ed25519Module: Promise<typeof import('./curves/ed25519.js')> | undefined;
let ed448Module: Promise<typeof import('./curves/ed448.js')> | undefined;

/** ECDSA over secp256k1, given the message digest and the signature in r||s form. */
export async function verifySecp256k1(key: EcKey, digest: Uint8Array, raw: Uint8Array): Promise<boolean> {
  // @noble answers false for a point off the curve; native imports refuse such a key, and so do we.
  if (!isOnCurve('secp256k1', key.x, key.y)) throw new WebAuthnError('key_invalid', 'secp256k1 public key is not a point on the curve');
  const { secp256k1 } = await (secp256k1Module ??= import('./curves/secp256k1.js'));
  try {
    // lowS: false, because WebAuthn accepts high-S signatures like every other ECDSA verifier.
    return secp256k1.verify(raw, digest, uncompressedPoint(key), { prehash: false, lowS: false, format: 'compact' });
  } catch {
    return false;
  }
}

/** Ed25519 (RFC 8032 section 5.1), for Web Crypto without it. */
export async function verifyEd25519(key: OkpKey, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
  const { ed25519 } = await (ed25519Module ??= import('./curves/ed25519.js'));
  return verifyEdDsa(ed25519, key, data, signature);
}

/** Ed448 (RFC 8032 section 5.2). */
export async function verifyEd448(key: OkpKey, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
  const { ed448 } = await (ed448Module ??= import('./curves/ed448.js'));
  return verifyEdDsa(ed448, key, data, signature);
}

function verifyEdDsa(curve: EdDSA, key: OkpKey, data: Uint8Array, signature: Uint8Array): boolean {
  if (key.x.length !== curve.lengths.publicKey) {
    throw new WebAuthnError('key_invalid', `${key.curve} public key must be ${curve.lengths.publicKey} bytes`);
  }
  try {
    // zip215: false keeps RFC 8032's strict decoding (OpenSSL is laxer: it took y = p + 1 for
    // y = 1); prepareInput has already refused non-canonical and small-order keys and R for both backends.
    return curve.verify(signature, data, key.x, { zip215: false });
  } catch {
    return false;
  }
}
