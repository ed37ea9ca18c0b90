import { backend } from '../crypto/index.js';
import type { PublicKeyMaterial } from '../crypto/types.js';
import { ecdsaRawToDer, ecdsaScalarSize } from '../crypto/der.js';
import { COSE_ALG, coseAlgorithm, type CoseAlgorithm } from '../cose/algorithms.js';
import { fromBase64url, fromBase64urlLenient } from '../encoding/base64url.js';
import { fromUtf8, utf8 } from '../encoding/bytes.js';
import { isWebAuthnError, WebAuthnError, type ErrorCode } from '../errors.js';
import { MAX_CERTIFICATE_SIZE, MAX_CHAIN_LENGTH } from '../x509/index.js';
import { keyFitsAlgorithm } from './statement.js';

/**
 * JWS Compact Serialization (RFC 7515 section 7.1) signed by the key of an X.509 certificate, as
 * SafetyNet attestation responses (WebAuthn L3 section 8.5) and the FIDO Metadata Service BLOB
 * (MDS 3.0 section 3.1.7) carry it. Parsing and signature checking only: each caller decides
 * which certificate signs and how it is trusted, and names its own failures.
 */

/** JWS algorithms (RFC 7518 section 3.1) a certificate key can sign with; "none" and HMAC never qualify. */
const JWS_ALGORITHMS: Readonly<Record<string, number>> = {
  RS256: COSE_ALG.RS256,
  RS384: COSE_ALG.RS384,
  RS512: COSE_ALG.RS512,
  PS256: COSE_ALG.PS256,
  PS384: COSE_ALG.PS384,
  PS512: COSE_ALG.PS512,
  ES256: COSE_ALG.ES256,
  ES384: COSE_ALG.ES384,
  ES512: COSE_ALG.ES512,
};

/** Base64 text of the largest certificate accepted. */
const MAX_X5C_ITEM_LENGTH = Math.ceil(MAX_CERTIFICATE_SIZE / 3) * 4;

/** How the caller names a JWS that is not well-formed. */
export interface JwsContext {
  /** What the JWS is, to start every message, e.g. "android-safetynet attestation response". */
  what: string;
  /** The code for a JWS that is not well-formed (structure, base64url, JSON, header members). */
  malformed: ErrorCode;
  /** The spec step to report, if any. */
  step?: string;
}

export interface CompactJws {
  /** The JOSE header (RFC 7515 section 4). */
  header: Record<string, unknown>;
  /** The header's "alg". */
  algorithm: CoseAlgorithm;
  /** The header's "x5c" (RFC 7515 section 4.1.6) as DER, leaf first; undefined when it has none. */
  x5c?: Uint8Array[];
  payload: Record<string, unknown>;
  /** ASCII(BASE64URL(header) || '.' || BASE64URL(payload)): what the signature covers. */
  signingInput: Uint8Array;
  signature: Uint8Array;
}

/** Standard base64 with padding (RFC 4648 section 4), as x5c and FIDO metadata carry certificates; undefined if it is not. */
export function decodeBase64(text: unknown): Uint8Array | undefined {
  if (typeof text !== 'string' || text.length === 0 || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  return fromBase64urlLenient(text);
}

function fail(context: JwsContext, code: ErrorCode, message: string): never {
  throw new WebAuthnError(code, `${context.what} ${message}`, context.step === undefined ? {} : { step: context.step });
}

function jsonObject(segment: string, part: string, context: JwsContext): Record<string, unknown> {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64url(segment, part);
  } catch {
    return fail(context, context.malformed, `${part} is not base64url`);
  }
  const text = fromUtf8(bytes);
  if (text === undefined) fail(context, context.malformed, `${part} is not UTF-8`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail(context, context.malformed, `${part} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(context, context.malformed, `${part} is not a JSON object`);
  return value as Record<string, unknown>;
}

function readX5c(value: unknown, context: JwsContext): Uint8Array[] {
  if (!Array.isArray(value) || value.length === 0) fail(context, context.malformed, 'JWS header "x5c" must be a non-empty array of certificates');
  if (value.length > MAX_CHAIN_LENGTH) fail(context, 'input_too_large', `JWS header "x5c" has more than ${MAX_CHAIN_LENGTH} certificates`);
  return value.map((item, i) => {
    if (typeof item === 'string' && item.length > MAX_X5C_ITEM_LENGTH) {
      fail(context, 'input_too_large', `x5c[${i}] is larger than ${MAX_CERTIFICATE_SIZE} bytes`);
    }
    return decodeBase64(item) ?? fail(context, context.malformed, `x5c[${i}] is not standard base64`);
  });
}

/**
 * Splits and decodes a compact JWS: three base64url parts, a header and a payload that are JSON
 * objects, a supported "alg" and, when present, an "x5c" of at most MAX_CHAIN_LENGTH certificates.
 * The caller bounds the text's size first. Throws `context.malformed` for a broken JWS,
 * 'unsupported_algorithm' for another "alg", 'input_too_large' for an oversized x5c.
 */
export function parseCompactJws(text: string, context: JwsContext): CompactJws {
  // At most four pieces: enough to tell three parts from more, without splitting a text of dots.
  const parts = text.split('.', 4);
  if (parts.length !== 3 || parts.some((p) => p.length === 0)) fail(context, context.malformed, 'is not a compact JWS (header.payload.signature)');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];

  const header = jsonObject(headerPart, 'JWS header', context);
  // RFC 7515 section 4.1.11: extensions the recipient does not understand must not be ignored.
  if (header.crit !== undefined) fail(context, context.malformed, 'JWS header has "crit" extensions, which are not supported');
  const algName = header.alg;
  const alg = typeof algName === 'string' && Object.hasOwn(JWS_ALGORITHMS, algName) ? JWS_ALGORITHMS[algName] : undefined;
  const algorithm = alg === undefined ? undefined : coseAlgorithm(alg);
  if (!algorithm) fail(context, 'unsupported_algorithm', `JWS "alg" ${JSON.stringify(algName)} is not supported`);
  const x5c = header.x5c === undefined ? undefined : readX5c(header.x5c, context);

  let signature: Uint8Array;
  try {
    signature = fromBase64url(signaturePart, 'JWS signature');
  } catch {
    return fail(context, context.malformed, 'JWS signature is not base64url');
  }
  return {
    header,
    algorithm,
    ...(x5c === undefined ? {} : { x5c }),
    payload: jsonObject(payloadPart, 'JWS payload', context),
    signingInput: utf8(`${headerPart}.${payloadPart}`),
    signature,
  };
}

/**
 * RFC 7515 section 5.2 step 8: true when `key` verifies the JWS signature. False when it does not,
 * when the signature cannot be one, or when the key does not fit "alg" (check that first with
 * keyFitsAlgorithm to report it apart). ES* signatures are r || s (RFC 7518 section 3.4).
 */
export async function jwsSignatureVerifies(jws: CompactJws, key: PublicKeyMaterial): Promise<boolean> {
  if (!keyFitsAlgorithm(key, jws.algorithm)) return false;
  let signature = jws.signature;
  if (key.kind === 'ec') {
    if (signature.length !== 2 * ecdsaScalarSize(key.curve)) return false;
    signature = ecdsaRawToDer(signature);
  }
  try {
    return await backend.verify(jws.algorithm.scheme, key, jws.signingInput, signature);
  } catch (cause) {
    if (isWebAuthnError(cause, 'malformed_signature')) return false;
    throw cause;
  }
}
