import { describe, expect, it } from 'vitest';
import { verifyAttestation } from '../../src/attestation/index.js';
import type { ErrorCode } from '../../src/errors.js';
import { rejection } from './helpers.js';
import { registrationVectors, vectorInput, VECTORS_DIR, VECTORS_PRESENT, type RecordedVector } from './recorded-vectors.js';

/**
 * Recorded android-safetynet registrations (2019, 2021 and 2025 responses), verified at their
 * verifyAt with the GlobalSign roots they name as anchors.
 */

const vectors = registrationVectors('android-safetynet');

/**
 * What an invalid vector's reason means here: a statement-level failure and its code, or a
 * reason that belongs elsewhere. Revocation does: this library makes no network requests, so it
 * does not fetch CRLs or query OCSP; a relying party that needs revocation checks them itself
 * (or relies on metadata such as the FIDO MDS status reports).
 */
function expectation(vector: RecordedVector): { code: ErrorCode; message: RegExp } | 'revocation' {
  const reason = vector.reason ?? '';
  if (/CTS check/i.test(reason)) return { code: 'attestation_statement_invalid', message: /ctsProfileMatch/ };
  if (/timestampMs is not within/i.test(reason)) return { code: 'attestation_statement_invalid', message: /timestampMs is more than/ };
  if (/revoked/i.test(reason)) return 'revocation';
  throw new Error(`unclassified invalid android-safetynet vector: ${reason}`);
}

describe.skipIf(!VECTORS_PRESENT)(`recorded android-safetynet vectors (${VECTORS_PRESENT ? VECTORS_DIR : 'folder absent: skipped'})`, () => {
  it('includes valid and invalid responses, each with its roots', () => {
    expect(vectors.some((v) => v.expect === 'valid')).toBe(true);
    expect(vectors.some((v) => v.expect === 'invalid')).toBe(true);
    expect(vectors.every((v) => v.rootCerts.length > 0)).toBe(true);
  });

  for (const vector of vectors.filter((v) => v.expect === 'valid')) {
    it(`verifies ${vector.file} and chains it to GlobalSign`, async () => {
      const { input, options } = await vectorInput(vector);
      const verdict = await verifyAttestation(input, options);
      expect(verdict.type).toBe('basic');
      expect(verdict.trusted).toBe(true);
      expect(verdict.facts).toMatchObject({ format: 'android-safetynet', basicIntegrity: true, apkPackageName: 'com.google.android.gms' });
    });
  }

  for (const vector of vectors.filter((v) => v.expect === 'invalid')) {
    const expected = expectation(vector);
    if (expected === 'revocation') {
      it(`${vector.file}: revocation is not checked here (no network CRL/OCSP), so the statement itself verifies`, async () => {
        const { input, options } = await vectorInput(vector);
        const verdict = await verifyAttestation(input, options);
        expect(verdict.trusted).toBe(true);
      });
    } else {
      it(`rejects ${vector.file}: ${vector.reason}`, async () => {
        const { input, options } = await vectorInput(vector);
        const error = await rejection(verifyAttestation(input, options));
        expect(error.code).toBe(expected.code);
        expect(error.message).toMatch(expected.message);
      });
    }
  }
});
