import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sha256 } from '../../src/crypto/index.js';
import { decodeCoseKey } from '../../src/cose/key.js';
import { fromBase64url } from '../../src/encoding/base64url.js';
import { parseAttestationObject } from '../../src/parse/attestation-object.js';
import { parseAuthenticatorData } from '../../src/parse/authenticator-data.js';
import type { AttestationInput, AttestationOptions } from '../../src/attestation/types.js';

/**
 * Test-only: the recorded registrations in /work/shared/vectors (see its README), read from
 * `../shared/vectors` beside the project root. Absent folder: no vectors, and the tests skip.
 */

export const VECTORS_DIR = fileURLToPath(new URL('../../../shared/vectors/', import.meta.url));
export const VECTORS_PRESENT = existsSync(VECTORS_DIR);

export interface RecordedVector {
  file: string;
  kind: string;
  format: string | null;
  expect: 'valid' | 'invalid';
  reason?: string;
  rootCerts: string[];
  verifyAt: string | null;
  options?: { attestationSafetyNetEnforceCTSCheck?: boolean };
  response: { response: { attestationObject: string; clientDataJSON: string } };
}

/** Every recorded registration of this attestation format, from both sources. */
export function registrationVectors(format: string): RecordedVector[] {
  if (!VECTORS_PRESENT) return [];
  const out: RecordedVector[] = [];
  for (const dir of ['simplewebauthn', 'py_webauthn']) {
    for (const name of readdirSync(VECTORS_DIR + dir).sort()) {
      const vector = { file: `${dir}/${name}`, ...JSON.parse(readFileSync(`${VECTORS_DIR}${dir}/${name}`, 'utf8')) } as RecordedVector;
      if (vector.kind === 'registration' && vector.format === format) out.push(vector);
    }
  }
  return out;
}

/** The statement input at the vector's verifyAt (null: the real clock), and its roots as trust anchors. */
export async function vectorInput(vector: RecordedVector): Promise<{ input: AttestationInput; options: AttestationOptions }> {
  const object = parseAttestationObject(fromBase64url(vector.response.response.attestationObject));
  const authData = parseAuthenticatorData(object.authData);
  const anchors = vector.rootCerts.map((file) => readFileSync(`${VECTORS_DIR}roots/${file}`, 'utf8'));
  const options: AttestationOptions = { trustAnchors: { byFormat: { [object.fmt]: anchors } } };
  if (vector.options?.attestationSafetyNetEnforceCTSCheck === false) options.safetyNet = { enforceCtsProfileMatch: false };
  return {
    input: {
      fmt: object.fmt,
      attStmt: object.attStmt,
      authData,
      clientDataHash: await sha256(fromBase64url(vector.response.response.clientDataJSON)),
      credentialKey: decodeCoseKey(authData.attestedCredentialData!.credentialPublicKey),
      now: vector.verifyAt ? new Date(vector.verifyAt) : new Date(),
    },
    options,
  };
}
