import { describe, expect, it } from 'vitest';
import { verifyAttestation } from '../../src/attestation/index.js';
import { isWebAuthnError, type ErrorCode } from '../../src/errors.js';
import { registrationVectors, vectorInput, VECTORS_DIR, VECTORS_PRESENT } from './recorded-vectors.js';

/**
 * Real registrations recorded by other libraries (/work/shared/vectors): the attestation statement
 * of every packed, fido-u2f, apple and none registration is verified against the recorded roots.
 */

const FORMATS = new Set(['packed', 'fido-u2f', 'apple', 'none']);

/**
 * Why an invalid vector must be rejected, when the reason is about the attestation statement, and
 * the error code that says so. Vectors invalid for other reasons (challenge, origin, RP ID, user
 * verification, token binding) belong to the ceremony tests and are left out here.
 */
function attestationFailure(reason: string): ErrorCode | undefined {
  if (/unsupported attestation statement format/i.test(reason)) return 'unsupported_attestation_format';
  if (/1\.3\.6\.1\.4\.1\.45724\.1\.1\.4/.test(reason)) return 'attestation_aaguid_mismatch';
  if (/root.cert/i.test(reason)) return 'attestation_untrusted';
  return undefined;
}

const vectors = [...FORMATS].flatMap((format) => registrationVectors(format));
const valid = vectors.filter((v) => v.expect === 'valid');
const invalid = vectors.filter((v) => v.expect === 'invalid' && attestationFailure(v.reason ?? '') !== undefined);

describe.skipIf(!VECTORS_PRESENT)(`recorded vectors (${VECTORS_PRESENT ? VECTORS_DIR : 'folder absent: skipped'})`, () => {
  it('selects vectors of every format covered here', () => {
    expect(new Set(valid.map((v) => v.format))).toEqual(FORMATS);
    expect(invalid.length).toBeGreaterThanOrEqual(3);
  });

  it.each(valid.map((v) => [v.file, v] as const))('%s verifies; trusted exactly when it has roots', async (_, vector) => {
    const { input, options } = await vectorInput(vector);
    const anchored = vector.rootCerts.length > 0;
    const verdict = await verifyAttestation(input, { ...options, requireTrustedAttestation: anchored });
    expect(verdict.format).toBe(vector.format);
    expect(verdict.trusted).toBe(anchored);
    if (anchored) {
      expect(verdict.anchor?.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(verdict.type).toBe('anonca');
    } else {
      expect(verdict.anchor).toBeUndefined();
      expect(verdict.reasons.length).toBeGreaterThan(0);
    }
    expect(JSON.parse(JSON.stringify(verdict))).toEqual(verdict);
  });

  it.each(invalid.map((v) => [v.file, v] as const))('%s is rejected for its attestation', async (_, vector) => {
    const { input, options } = await vectorInput(vector);
    const code = attestationFailure(vector.reason!)!;
    const error = await verifyAttestation(input, { ...options, requireTrustedAttestation: vector.rootCerts.length > 0 }).catch((e: unknown) => e);
    expect(isWebAuthnError(error, code), String(error)).toBe(true);
  });
});
