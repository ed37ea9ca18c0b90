import { backend } from '../crypto/index.js';
import { WebAuthnError } from '../errors.js';
import { toBase64url } from '../encoding/base64url.js';
import { concat, fromUtf8 } from '../encoding/bytes.js';
import { nameValues, parseCertificates, type Certificate } from '../x509/index.js';
import { jwsSignatureVerifies, parseCompactJws, type CompactJws } from './jws.js';
import { keyFitsAlgorithm } from './statement.js';
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

function fail(code: WebAuthnError['code'], message: string): never {
  throw new WebAuthnError(code, `android-safetynet attestation ${message}`, { step: STEP });
}

function malformed(message: string): never {
  return fail('attestation_statement_invalid', `response ${message}`);
}

/** Standard base64 with padding (RFC 4648 section 4), the encoding of `nonce`. */
function toBase64(bytes: Uint8Array): string {
  const url = toBase64url(bytes).replace(/-/g, '+').replace(/_/g, '/');
  return url + '='.repeat((4 - (url.length % 4)) % 4);
}

/** Decodes the response: a JWS in Compact Serialization whose header carries the signer's x5c. */
function parseResponse(response: Uint8Array): CompactJws & { x5c: Uint8Array[] } {
  if (response.length > MAX_SAFETYNET_RESPONSE) {
    throw new WebAuthnError('input_too_large', `android-safetynet response is larger than ${MAX_SAFETYNET_RESPONSE} bytes`, { step: STEP });
  }
  const text = fromUtf8(response);
  if (text === undefined) malformed('is not UTF-8');
  const jws = parseCompactJws(text, { what: 'android-safetynet attestation response', malformed: 'attestation_statement_invalid', step: STEP });
  const { x5c } = jws;
  if (!x5c) return malformed('JWS header has no "x5c" certificate chain');
  return { ...jws, x5c };
}

/** RFC 7515 section 5.2 step 8 with the leaf certificate's key. */
async function verifyJwsSignature(jws: CompactJws, leaf: Certificate): Promise<void> {
  const key = leaf.publicKey;
  if (!key) fail('attestation_certificate_invalid', 'leaf certificate has a key type this library does not verify');
  if (!keyFitsAlgorithm(key, jws.algorithm)) fail('attestation_key_mismatch', `JWS "alg" ${jws.algorithm.name} does not fit the leaf certificate's key`);
  if (!(await jwsSignatureVerifies(jws, key))) fail('attestation_signature_invalid', 'the SafetyNet JWS signature does not verify');
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
  const jws = parseResponse(response);
  const x5c = parseCertificates(jws.x5c) as [Certificate, ...Certificate[]];
  const [leaf] = x5c;
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
    trustPath: x5c,
    facts: {
      format: 'android-safetynet',
      ctsProfileMatch,
      basicIntegrity,
      timestampMs,
      ...(apkPackageName === undefined ? {} : { apkPackageName }),
    },
  };
}
