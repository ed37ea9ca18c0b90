import { backend } from '../crypto/index.js';
import { ecdsaRawToDer, ecdsaScalarSize } from '../crypto/der.js';
import { COSE_ALG, coseAlgorithm, type CoseAlgorithm } from '../cose/algorithms.js';
import { WebAuthnError } from '../errors.js';
import { fromBase64url, fromBase64urlLenient, toBase64url } from '../encoding/base64url.js';
import { concat, fromUtf8, utf8 } from '../encoding/bytes.js';
import { MAX_CHAIN_LENGTH, nameValues, parseCertificates, type Certificate } from '../x509/index.js';
import { keyFitsAlgorithm, verifySignature } from './statement.js';
import type { AttestationOptions, AttestationStatementInput, AttestationStatementResult, SafetyNetOptions } from './types.js';

const STEP = '8.5 android-safetynet';

/** Real responses are 5-9 KiB (a JWS carrying two or three certificates). */
export const MAX_SAFETYNET_RESPONSE = 64 * 1024;
/** The host SafetyNet signs as (SafetyNet documentation, "Verify the compatibility check response"). */
export const SAFETYNET_HOSTNAME = 'attest.android.com';
/** The policy when `safetyNet` options leave a member out. */
export const SAFETYNET_DEFAULTS: Readonly<Required<SafetyNetOptions>> = Object.freeze({
  enforceCtsProfileMatch: true,
  maxAgeMs: 60_000,
  clockSkewMs: 0,
});

/** JWS algorithms (RFC 7518 section 3.1) a SafetyNet response may be signed with. */
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

function fail(code: WebAuthnError['code'], message: string): never {
  throw new WebAuthnError(code, `android-safetynet attestation ${message}`, { step: STEP });
}

function malformed(message: string): never {
  return fail('attestation_statement_invalid', `response ${message}`);
}

/** Standard base64 with padding (RFC 4648 section 4), the encoding of `nonce` and of JWS x5c entries. */
function toBase64(bytes: Uint8Array): string {
  const url = toBase64url(bytes).replace(/-/g, '+').replace(/_/g, '/');
  return url + '='.repeat((4 - (url.length % 4)) % 4);
}

function fromBase64(text: unknown, what: string): Uint8Array {
  if (typeof text !== 'string' || text.length === 0 || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) {
    malformed(`${what} is not standard base64`);
  }
  return fromBase64urlLenient(text, what);
}

function jsonObject(segment: string, what: string): Record<string, unknown> {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64url(segment, what);
  } catch {
    return malformed(`${what} is not base64url`);
  }
  const text = fromUtf8(bytes);
  if (text === undefined) malformed(`${what} is not UTF-8`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return malformed(`${what} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) malformed(`${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

interface SafetyNetJws {
  header: { algorithm: CoseAlgorithm; x5c: Uint8Array[] };
  payload: Record<string, unknown>;
  signingInput: Uint8Array;
  signature: Uint8Array;
}

/** Splits and decodes a JWS in Compact Serialization (RFC 7515 section 7.1). */
function parseJws(response: Uint8Array): SafetyNetJws {
  if (response.length > MAX_SAFETYNET_RESPONSE) {
    throw new WebAuthnError('input_too_large', `android-safetynet response is larger than ${MAX_SAFETYNET_RESPONSE} bytes`, { step: STEP });
  }
  const text = fromUtf8(response);
  if (text === undefined) malformed('is not UTF-8');
  const parts = text.split('.');
  if (parts.length !== 3 || parts.some((p) => p.length === 0)) malformed('is not a compact JWS (header.payload.signature)');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];

  const header = jsonObject(headerPart, 'JWS header');
  // RFC 7515 section 4.1.11: extensions the verifier does not understand must not be ignored.
  if (header.crit !== undefined) malformed('JWS header has "crit" extensions, which are not supported');
  const algName = header.alg;
  const alg = typeof algName === 'string' && Object.hasOwn(JWS_ALGORITHMS, algName) ? JWS_ALGORITHMS[algName] : undefined;
  const algorithm = alg === undefined ? undefined : coseAlgorithm(alg);
  if (!algorithm) fail('unsupported_algorithm', `JWS "alg" ${JSON.stringify(algName)} is not supported`);
  const x5c = header.x5c;
  if (!Array.isArray(x5c) || x5c.length === 0) malformed('JWS header has no "x5c" certificate chain');
  if (x5c.length > MAX_CHAIN_LENGTH) {
    throw new WebAuthnError('input_too_large', `android-safetynet x5c has more than ${MAX_CHAIN_LENGTH} certificates`, { step: STEP });
  }

  let signature: Uint8Array;
  try {
    signature = fromBase64url(signaturePart, 'JWS signature');
  } catch {
    return malformed('JWS signature is not base64url');
  }
  return {
    header: { algorithm, x5c: x5c.map((c, i) => fromBase64(c, `x5c[${i}]`)) },
    payload: jsonObject(payloadPart, 'JWS payload'),
    signingInput: utf8(`${headerPart}.${payloadPart}`),
    signature,
  };
}

/** RFC 7515 section 5.2 step 8 with the leaf certificate's key; ES* signatures are r||s (RFC 7518 section 3.4). */
async function verifyJwsSignature(jws: SafetyNetJws, leaf: Certificate): Promise<void> {
  const { algorithm } = jws.header;
  const key = leaf.publicKey;
  if (!key) fail('attestation_certificate_invalid', 'leaf certificate has a key type this library does not verify');
  if (!keyFitsAlgorithm(key, algorithm)) fail('attestation_key_mismatch', `JWS "alg" ${algorithm.name} does not fit the leaf certificate's key`);
  let signature = jws.signature;
  if (key.kind === 'ec') {
    if (signature.length !== 2 * ecdsaScalarSize(key.curve)) fail('attestation_signature_invalid', 'JWS ECDSA signature has the wrong length');
    signature = ecdsaRawToDer(signature);
  }
  await verifySignature(algorithm, key, jws.signingInput, signature, STEP, 'the SafetyNet JWS signature');
}

/** The leaf must be issued to attest.android.com: its dNSName SANs, or its CN when it has none (RFC 6125 section 6.4.4). */
function checkHostname(leaf: Certificate): void {
  const dnsNames = (leaf.subjectAltName ?? []).flatMap((n) => (n.type === 'dns' ? [n.value] : []));
  const names = dnsNames.length > 0 ? dnsNames : nameValues(leaf.subject, 'CN');
  if (!names.some((n) => n.toLowerCase() === SAFETYNET_HOSTNAME)) {
    fail('attestation_certificate_invalid', `leaf certificate is not issued to ${SAFETYNET_HOSTNAME}`);
  }
}

function safetyNetPolicy(options: AttestationOptions): Required<SafetyNetOptions> {
  const given = options.safetyNet ?? {};
  const policy = {
    enforceCtsProfileMatch: given.enforceCtsProfileMatch ?? SAFETYNET_DEFAULTS.enforceCtsProfileMatch,
    maxAgeMs: given.maxAgeMs ?? SAFETYNET_DEFAULTS.maxAgeMs,
    clockSkewMs: given.clockSkewMs ?? SAFETYNET_DEFAULTS.clockSkewMs,
  };
  for (const key of ['maxAgeMs', 'clockSkewMs'] as const) {
    if (!Number.isFinite(policy[key]) || policy[key] < 0) {
      throw new WebAuthnError('invalid_options', `safetyNet.${key} must be a non-negative number of milliseconds`);
    }
  }
  return policy;
}

/**
 * Verifies an `android-safetynet` attestation statement (WebAuthn L3 section 8.5): the JWS is
 * signed by the leaf of its x5c, which is issued to attest.android.com; its nonce binds
 * authenticatorData and clientDataHash; it is fresh; and, unless the policy says otherwise, the
 * device passed the CTS profile check. Chaining x5c to Google's roots is the trust step's work.
 */
export async function verifyAndroidSafetyNet(
  input: AttestationStatementInput,
  options: AttestationOptions,
): Promise<AttestationStatementResult> {
  const policy = safetyNetPolicy(options);
  const now = (options.now ?? input.now).getTime();

  // 8.5 "Verify that attStmt is valid CBOR conforming to the syntax defined above".
  const ver = input.attStmt.get('ver');
  if (typeof ver !== 'string' || ver.length === 0 || ver.length > 64) fail('attestation_statement_invalid', '"ver" must be a non-empty version string');
  const response = input.attStmt.get('response');
  if (!(response instanceof Uint8Array) || response.length === 0) fail('attestation_statement_invalid', '"response" must be a non-empty byte string');

  // "Verify that response is a valid SafetyNet response of version ver": a JWS whose leaf
  // certificate signed it and is issued to attest.android.com (SafetyNet documentation).
  const jws = parseJws(response);
  const [leaf] = parseCertificates(jws.header.x5c) as [Certificate, ...Certificate[]];
  await verifyJwsSignature(jws, leaf);
  checkHostname(leaf);

  const { nonce, timestampMs, ctsProfileMatch, basicIntegrity, apkPackageName } = jws.payload;
  // "Verify that the nonce attribute in the payload of response is identical to the Base64
  // encoding of the SHA-256 hash of the concatenation of authenticatorData and clientDataHash."
  const expectedNonce = toBase64(await backend.digest('SHA-256', concat(input.authData.bytes, input.clientDataHash)));
  if (typeof nonce !== 'string') malformed('payload has no "nonce"');
  if (nonce !== expectedNonce) fail('attestation_nonce_mismatch', 'nonce is not the hash of authenticatorData and clientDataHash');

  // SafetyNet documentation: the response must be recent (timestampMs is when Google signed it).
  if (typeof timestampMs !== 'number' || !Number.isSafeInteger(timestampMs)) malformed('payload has no integer "timestampMs"');
  if (timestampMs > now + policy.clockSkewMs) fail('attestation_statement_invalid', 'timestampMs is in the future');
  if (now - timestampMs > policy.maxAgeMs) fail('attestation_statement_invalid', `timestampMs is more than ${policy.maxAgeMs} ms old`);

  if (typeof ctsProfileMatch !== 'boolean' || typeof basicIntegrity !== 'boolean') {
    malformed('payload lacks boolean "ctsProfileMatch" and "basicIntegrity"');
  }
  if (policy.enforceCtsProfileMatch && !ctsProfileMatch) fail('attestation_statement_invalid', 'device failed the CTS profile check (ctsProfileMatch is false)');
  if (apkPackageName !== undefined && typeof apkPackageName !== 'string') malformed('payload "apkPackageName" is not a string');

  return {
    type: 'basic',
    trustPath: jws.header.x5c,
    facts: {
      format: 'android-safetynet',
      ctsProfileMatch,
      basicIntegrity,
      timestampMs,
      ...(apkPackageName === undefined ? {} : { apkPackageName }),
    },
  };
}
