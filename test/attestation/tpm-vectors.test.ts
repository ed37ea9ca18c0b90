import { describe, expect, it } from 'vitest';
import { verifyAttestation } from '../../src/attestation/index.js';
import type { ErrorCode } from '../../src/errors.js';
import { rejection } from './helpers.js';
import { registrationVectors, vectorInput, VECTORS_DIR, VECTORS_PRESENT } from './recorded-vectors.js';

/**
 * Recorded tpm registrations (Windows Hello on Dell, Lenovo, Surface; FIDO conformance TPMs),
 * verified at their verifyAt. None ships the Microsoft TPM root, so every valid one must verify
 * and be reported as not anchored, not rejected.
 */

const vectors = registrationVectors('tpm');

/** The statement-level failure an invalid vector's reason describes. */
function expectedFailure(reason: string): { code: ErrorCode; message: RegExp } {
  if (/1\.3\.6\.1\.4\.1\.45724\.1\.1\.4/.test(reason)) return { code: 'attestation_aaguid_mismatch', message: /AAGUID/ };
  throw new Error(`unclassified invalid tpm vector: ${reason}`);
}

describe.skipIf(!VECTORS_PRESENT)(`recorded tpm vectors (${VECTORS_PRESENT ? VECTORS_DIR : 'folder absent: skipped'})`, () => {
  it('includes RSA and ECC pubAreas, SHA-1 and SHA-256, both SAN layouts, and the AAGUID extension case', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(14);
    expect(vectors.some((v) => v.expect === 'invalid')).toBe(true);
  });

  for (const vector of vectors.filter((v) => v.expect === 'valid')) {
    it(`verifies ${vector.file}`, async () => {
      const { input, options } = await vectorInput(vector);
      const verdict = await verifyAttestation(input, options);
      expect(verdict.type).toBe('attca');
      expect(verdict.facts).toMatchObject({ format: 'tpm', manufacturerName: expect.any(String), model: expect.any(String) });
      if (vector.rootCerts.length > 0) {
        expect(verdict.trusted).toBe(true);
      } else {
        expect(verdict.trusted).toBe(false);
        expect(verdict.reasons.length).toBeGreaterThan(0);
      }
    });
  }

  for (const vector of vectors.filter((v) => v.expect === 'invalid')) {
    it(`rejects ${vector.file}: ${vector.reason}`, async () => {
      const { input, options } = await vectorInput(vector);
      const { code, message } = expectedFailure(vector.reason ?? '');
      const error = await rejection(verifyAttestation(input, options));
      expect(error.code).toBe(code);
      expect(error.message).toMatch(message);
    });
  }
});
