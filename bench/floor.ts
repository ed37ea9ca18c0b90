import { createHash, createPublicKey, KeyObject, verify, webcrypto } from 'node:crypto';
import { decodeCoseKey, fromBase64url } from 'passkey-rp';
import type { SignInInput } from './fixtures.js';

/**
 * The raw floor of a sign-in: node:crypto importing the public key and verifying the signature,
 * with nothing else (no JSON, no parsing, no checks). A verifier cannot be faster than this
 * without caching imported keys.
 */

export interface NativeInput {
  /** authenticatorData || SHA-256(clientDataJSON): what the signature covers. */
  data: Uint8Array;
  signature: Uint8Array;
  jwk: Record<string, string>;
  /** SubjectPublicKeyInfo DER (EC and Ed25519 keys; undefined for RSA). */
  spki: Uint8Array | undefined;
  /** The raw public key and its Web Crypto import parameters (EC and Ed25519 keys; undefined for RSA). */
  raw: { key: Uint8Array; algorithm: EcKeyImportParams | Algorithm } | undefined;
  /** node:crypto's digest name, null for EdDSA. */
  hash: string | null;
}

// RFC 5480 and RFC 8410 SubjectPublicKeyInfo prefixes, followed by the raw public key.
const P256_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const b64u = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

export function nativeInput(input: SignInInput): NativeInput {
  const { response } = input.response;
  const authData = fromBase64url(response.authenticatorData);
  const clientDataHash = createHash('sha256').update(fromBase64url(response.clientDataJSON)).digest();
  const data = Buffer.concat([authData, clientDataHash]);
  const signature = fromBase64url(response.signature);
  const { key } = decodeCoseKey(input.cosePublicKey);
  switch (key.kind) {
    case 'ec':
      return {
        data,
        signature,
        jwk: { kty: 'EC', crv: key.curve, x: b64u(key.x), y: b64u(key.y) },
        spki: Buffer.concat([P256_SPKI_PREFIX, Buffer.from([4]), key.x, key.y]),
        raw: { key: Buffer.concat([Buffer.from([4]), key.x, key.y]), algorithm: { name: 'ECDSA', namedCurve: key.curve } },
        hash: 'sha256',
      };
    case 'okp':
      return {
        data,
        signature,
        jwk: { kty: 'OKP', crv: key.curve, x: b64u(key.x) },
        spki: Buffer.concat([ED25519_SPKI_PREFIX, key.x]),
        raw: { key: key.x, algorithm: { name: 'Ed25519' } },
        hash: null,
      };
    case 'rsa':
      return { data, signature, jwk: { kty: 'RSA', n: b64u(key.n), e: b64u(key.e) }, spki: undefined, raw: undefined, hash: 'sha256' };
    default:
      throw new Error(`no native floor for ${key.kind} keys`);
  }
}

export function importJwk(input: NativeInput): KeyObject {
  return createPublicKey({ key: input.jwk, format: 'jwk' });
}

export function importSpki(input: NativeInput): KeyObject {
  return createPublicKey({ key: Buffer.from(input.spki!), format: 'der', type: 'spki' });
}

/** Web Crypto's raw import (no encoding to parse), as a KeyObject for node:crypto's one-shot verify. */
export async function importRaw(input: NativeInput): Promise<KeyObject> {
  const raw = input.raw!;
  return KeyObject.from(await webcrypto.subtle.importKey('raw', raw.key as Uint8Array<ArrayBuffer>, raw.algorithm, true, ['verify']));
}

export function verifyWith(input: NativeInput, key: KeyObject): boolean {
  return verify(input.hash, input.data, key, input.signature);
}

/** Every way to import and verify natively that applies to the input's key type, by name. */
export function floors(natives: readonly NativeInput[]): Map<string, (i: number) => boolean | Promise<boolean>> {
  const check = (ok: boolean) => ok || fail();
  const variants = new Map<string, (i: number) => boolean | Promise<boolean>>([['import JWK + verify', (i) => check(verifyWith(natives[i]!, importJwk(natives[i]!)))]]);
  if (natives[0]!.spki) variants.set('import SPKI DER + verify', (i) => check(verifyWith(natives[i]!, importSpki(natives[i]!))));
  if (natives[0]!.raw) variants.set('Web Crypto raw import + verify', async (i) => check(verifyWith(natives[i]!, await importRaw(natives[i]!))));
  return variants;
}

function fail(): never {
  throw new Error('the native floor did not verify a valid signature');
}
