import { backend } from '../crypto/index.js';
import type { PublicKeyMaterial } from '../crypto/types.js';
import { coseAlgorithm, type CoseAlgorithm } from '../cose/algorithms.js';
import type { CborMap } from '../encoding/cbor.js';
import { concat } from '../encoding/bytes.js';
import { fail, isWebAuthnError, WebAuthnError } from '../errors.js';
import { MAX_CERTIFICATE_SIZE, MAX_CHAIN_LENGTH, parseCertificate, type Certificate } from '../x509/index.js';
import type { AttestationStatementInput } from './types.js';

/**
 * Reading and checking the members that several statement formats share (alg, sig, x5c), and the
 * signature over authenticatorData || clientDataHash that packed, android-key and others verify.
 * Every failure carries the caller's `step`, e.g. "8.2 packed".
 */

/** "alg": a COSEAlgorithmIdentifier this library knows ('unsupported_algorithm' otherwise). */
export function readAlg(attStmt: CborMap, step: string): CoseAlgorithm {
  const alg = attStmt.get('alg');
  if (typeof alg !== 'number' || !Number.isSafeInteger(alg)) fail('attestation_statement_invalid', 'attStmt "alg" must be an integer', step);
  return coseAlgorithm(alg) ?? fail('unsupported_algorithm', `attStmt "alg" ${alg} is not a supported algorithm`, step);
}

/** "sig": a non-empty byte string. */
export function readSig(attStmt: CborMap, step: string): Uint8Array {
  const sig = attStmt.get('sig');
  if (!(sig instanceof Uint8Array) || sig.length === 0) fail('attestation_statement_invalid', 'attStmt "sig" must be a non-empty byte string', step);
  return sig;
}

/**
 * "x5c": a non-empty array of DER certificates, leaf first, parsed once for the whole ceremony
 * (the format's checks and then trust evaluation read the same objects). Bounds: MAX_CHAIN_LENGTH
 * certificates of at most MAX_CERTIFICATE_SIZE bytes ('input_too_large'); a certificate that is
 * not X.509 is 'malformed_certificate'.
 */
export function readX5c(attStmt: CborMap, step: string): [Certificate, ...Certificate[]] {
  const x5c = attStmt.get('x5c');
  if (!Array.isArray(x5c) || x5c.length === 0) fail('attestation_statement_invalid', 'attStmt "x5c" must be a non-empty array', step);
  if (x5c.length > MAX_CHAIN_LENGTH) fail('input_too_large', `attStmt "x5c" has more than ${MAX_CHAIN_LENGTH} certificates`, step);
  const ders: Uint8Array[] = [];
  for (const item of x5c) {
    if (!(item instanceof Uint8Array) || item.length === 0) fail('attestation_statement_invalid', 'attStmt "x5c" items must be byte strings', step);
    if (item.length > MAX_CERTIFICATE_SIZE) fail('input_too_large', `an x5c certificate is larger than ${MAX_CERTIFICATE_SIZE} bytes`, step);
    ders.push(item);
  }
  const certificates = ders.map((der, i) => {
    try {
      return parseCertificate(der);
    } catch (cause) {
      if (!isWebAuthnError(cause)) throw cause;
      throw new WebAuthnError(cause.code, `x5c certificate ${i}: ${cause.message}`, { step, cause });
    }
  });
  return certificates as [Certificate, ...Certificate[]];
}

/** True when `key` is a key `algorithm` signs with (WebAuthn L3 section 5.8.5: the alg fixes the curve). */
export function keyFitsAlgorithm(key: PublicKeyMaterial, algorithm: CoseAlgorithm): boolean {
  const expected = algorithm.key;
  switch (expected.kind) {
    case 'ec':
      return key.kind === 'ec' && key.curve === expected.curve;
    case 'okp':
      return key.kind === 'okp' && expected.curves.includes(key.curve);
    case 'rsa':
      return key.kind === 'rsa';
    case 'ml-dsa':
      return key.kind === 'ml-dsa' && key.variant === expected.variant;
  }
}

/**
 * Verifies `sig` with `key` and `algorithm` over `data`. A signature that does not verify, or is
 * not even a signature, is 'attestation_signature_invalid'.
 */
export async function verifySignature(
  algorithm: CoseAlgorithm,
  key: PublicKeyMaterial,
  data: Uint8Array,
  sig: Uint8Array,
  step: string,
  what: string,
): Promise<void> {
  let valid: boolean;
  try {
    valid = await backend.verify(algorithm.scheme, key, data, sig);
  } catch (cause) {
    if (!isWebAuthnError(cause)) throw cause;
    if (cause.code !== 'malformed_signature') throw new WebAuthnError(cause.code, `${what}: ${cause.message}`, { step, cause });
    valid = false;
  }
  if (!valid) fail('attestation_signature_invalid', `${what} does not verify`, step);
}

/** authenticatorData || clientDataHash, what most formats sign. */
export function signedData(input: AttestationStatementInput): Uint8Array {
  return concat(input.authData.bytes, input.clientDataHash);
}
