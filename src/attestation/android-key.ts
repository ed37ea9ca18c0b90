import { WebAuthnError } from '../errors.js';
import { equalBytes } from '../encoding/bytes.js';
import { findExtension, publicKeysEqual } from '../x509/index.js';
import {
  ANDROID_KEY_DESCRIPTION_OID,
  KM_ORIGIN_GENERATED,
  KM_PURPOSE_SIGN,
  parseAndroidKeyDescription,
  type AndroidAuthorizationList,
} from './android-key-description.js';
import { keyFitsAlgorithm, readAlg, readSig, readX5c, signedData, verifySignature } from './statement.js';
import type { AttestationOptions, AttestationStatementInput, AttestationStatementResult } from './types.js';

const STEP = '8.4 android-key';

function fail(code: WebAuthnError['code'], message: string): never {
  throw new WebAuthnError(code, `android-key attestation ${message}`, { step: STEP });
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

/**
 * Verifies an `android-key` attestation statement (WebAuthn L3 section 8.4): the credential
 * certificate's key signed authenticatorData || clientDataHash and is the credential key, and
 * its key description extension binds clientDataHash and describes a signing key generated in
 * the keystore and scoped to one application.
 */
export async function verifyAndroidKey(input: AttestationStatementInput, options: AttestationOptions): Promise<AttestationStatementResult> {
  // 8.4: "Verify that attStmt is valid CBOR conforming to the syntax defined above".
  const algorithm = readAlg(input.attStmt, STEP);
  const sig = readSig(input.attStmt, STEP);
  const x5c = readX5c(input.attStmt, STEP);
  const [credCert] = x5c;
  const key = credCert.publicKey;
  if (!key) fail('attestation_certificate_invalid', 'credential certificate has a key type this library does not verify');

  // "Verify that sig is a valid signature over the concatenation of authenticatorData and
  // clientDataHash using the public key in the first certificate in x5c with the algorithm specified in alg."
  if (!keyFitsAlgorithm(key, algorithm)) fail('attestation_key_mismatch', `"alg" ${algorithm.name} does not fit the certificate's key`);
  await verifySignature(algorithm, key, signedData(input), sig, STEP, 'the android-key attestation signature');
  // "Verify that the public key in the first certificate in x5c matches the credentialPublicKey."
  if (!publicKeysEqual(key, input.credentialKey.key)) fail('attestation_key_mismatch', 'certificate key is not the credential public key');

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
    trustPath: x5c,
    facts: {
      format: 'android-key',
      attestationSecurityLevel: description.attestationSecurityLevel,
      keymasterSecurityLevel: description.keymasterSecurityLevel,
      attestationVersion: description.attestationVersion,
    },
  };
}
