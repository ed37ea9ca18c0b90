import { backend } from '../crypto/index.js';
import { coseAlgorithm } from '../cose/algorithms.js';
import { WebAuthnError } from '../errors.js';
import { concat, equalBytes } from '../encoding/bytes.js';
import { findExtension, parseCertificates, publicKeysEqual, type Certificate } from '../x509/index.js';
import {
  ANDROID_KEY_DESCRIPTION_OID,
  KM_ORIGIN_GENERATED,
  KM_PURPOSE_SIGN,
  parseAndroidKeyDescription,
  type AndroidAuthorizationList,
} from './android-key-description.js';
import type { AttestationOptions, AttestationStatementInput, AttestationStatementResult } from './types.js';

const STEP = '8.4 android-key';

function fail(code: WebAuthnError['code'], message: string): never {
  throw new WebAuthnError(code, `android-key attestation ${message}`, { step: STEP });
}

/** 8.4 "Verify that attStmt is valid CBOR conforming to the syntax defined above". */
function readStatement(attStmt: Map<unknown, unknown>): { alg: number; sig: Uint8Array; x5c: Uint8Array[] } {
  const alg = attStmt.get('alg');
  if (typeof alg !== 'number' || !Number.isSafeInteger(alg)) fail('attestation_statement_invalid', '"alg" must be an integer');
  const sig = attStmt.get('sig');
  if (!(sig instanceof Uint8Array) || sig.length === 0) fail('attestation_statement_invalid', '"sig" must be a non-empty byte string');
  const x5c = attStmt.get('x5c');
  if (!Array.isArray(x5c) || x5c.length === 0 || !x5c.every((c) => c instanceof Uint8Array && c.length > 0)) {
    fail('attestation_statement_invalid', '"x5c" must be a non-empty array of certificates');
  }
  return { alg, sig, x5c: x5c as Uint8Array[] };
}

/**
 * 8.4: origin and purpose are read from teeEnforced only when the relying party accepts only
 * keys from a trusted execution environment, otherwise from the union of both lists. This
 * library defaults to teeEnforced only; `androidKey.allowSoftwareEnforced` selects the union.
 */
function checkOriginAndPurpose(lists: readonly AndroidAuthorizationList[]): void {
  const origins = lists.flatMap((l) => (l.origin === undefined ? [] : [l.origin]));
  if (origins.length === 0 || origins.some((o) => o !== KM_ORIGIN_GENERATED)) {
    fail('attestation_certificate_invalid', 'key origin is not KM_ORIGIN_GENERATED');
  }
  if (!lists.some((l) => l.purpose.includes(KM_PURPOSE_SIGN))) {
    fail('attestation_certificate_invalid', 'key purpose does not include KM_PURPOSE_SIGN');
  }
}

async function verifySignature(credCert: Certificate, alg: number, data: Uint8Array, sig: Uint8Array): Promise<void> {
  const algorithm = coseAlgorithm(alg);
  if (!algorithm) fail('unsupported_algorithm', `"alg" ${alg} is not supported`);
  const key = credCert.publicKey;
  if (!key || key.kind !== algorithm.key.kind) fail('attestation_signature_invalid', `"alg" ${algorithm.name} does not fit the certificate's key`);
  let valid: boolean;
  try {
    valid = await backend.verify(algorithm.scheme, key, data, sig);
  } catch (cause) {
    if (!(cause instanceof WebAuthnError)) throw cause;
    throw new WebAuthnError('attestation_signature_invalid', `android-key attestation signature is unusable: ${cause.message}`, { step: STEP, cause });
  }
  if (!valid) fail('attestation_signature_invalid', 'signature does not verify with the credential certificate');
}

/**
 * Verifies an `android-key` attestation statement (WebAuthn L3 section 8.4): the credential
 * certificate's key signed authenticatorData || clientDataHash and is the credential key, and
 * its key description extension binds clientDataHash and describes a signing key generated in
 * the keystore and scoped to one application.
 */
export async function verifyAndroidKey(input: AttestationStatementInput, options: AttestationOptions): Promise<AttestationStatementResult> {
  const stmt = readStatement(input.attStmt);
  const [credCert] = parseCertificates(stmt.x5c) as [Certificate, ...Certificate[]];

  // 8.4: "Verify that sig is a valid signature over the concatenation of authenticatorData and
  // clientDataHash using the public key in the first certificate in x5c with the algorithm specified in alg."
  await verifySignature(credCert, stmt.alg, concat(input.authData.bytes, input.clientDataHash), stmt.sig);
  // "Verify that the public key in the first certificate in x5c matches the credentialPublicKey."
  if (!credCert.publicKey || !publicKeysEqual(credCert.publicKey, input.credentialKey.key)) {
    fail('attestation_key_mismatch', 'certificate key is not the credential public key');
  }

  const extension = findExtension(credCert, ANDROID_KEY_DESCRIPTION_OID);
  if (!extension) fail('attestation_certificate_invalid', `certificate has no key description extension (${ANDROID_KEY_DESCRIPTION_OID})`);
  const description = parseAndroidKeyDescription(extension.value);
  // "Verify that the attestationChallenge field in the attestation certificate extension data is identical to clientDataHash."
  if (!equalBytes(description.attestationChallenge, input.clientDataHash)) {
    fail('attestation_nonce_mismatch', 'attestationChallenge is not clientDataHash');
  }
  // "The AuthorizationList.allApplications field is not present on either authorization list."
  if (description.softwareEnforced.allApplications || description.teeEnforced.allApplications) {
    fail('attestation_certificate_invalid', 'key is usable by all applications (allApplications is present)');
  }
  const allowSoftware = options.androidKey?.allowSoftwareEnforced === true;
  checkOriginAndPurpose(allowSoftware ? [description.teeEnforced, description.softwareEnforced] : [description.teeEnforced]);

  return {
    type: 'basic',
    trustPath: stmt.x5c,
    facts: {
      format: 'android-key',
      attestationSecurityLevel: description.attestationSecurityLevel,
      keymasterSecurityLevel: description.keymasterSecurityLevel,
      attestationVersion: description.attestationVersion,
    },
  };
}
