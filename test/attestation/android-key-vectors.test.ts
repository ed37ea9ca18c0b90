import { describe, expect, it } from 'vitest';
import { verifyAttestation } from '../../src/attestation/index.js';
import { registrationVectors, vectorInput, VECTORS_DIR, VECTORS_PRESENT } from './recorded-vectors.js';

/**
 * Recorded android-key registrations: a Pixel 8a and a Galaxy S9 (hardware-backed, chaining to
 * the Google Hardware Attestation roots), KeyMint and Keymaster descriptions, and FIDO
 * conformance captures with software attestation under a fake root (no anchor given).
 */

const vectors = registrationVectors('android-key');

describe.skipIf(!VECTORS_PRESENT)(`recorded android-key vectors (${VECTORS_PRESENT ? VECTORS_DIR : 'folder absent: skipped'})`, () => {
  it('includes hardware-backed devices with their Google roots', () => {
    expect(vectors.filter((v) => v.rootCerts.length > 0).length).toBeGreaterThanOrEqual(2);
    expect(vectors.every((v) => v.expect === 'valid')).toBe(true);
  });

  for (const vector of vectors) {
    it(`verifies ${vector.file}`, async () => {
      const { input, options } = await vectorInput(vector);
      const verdict = await verifyAttestation(input, options);
      expect(verdict.type).toBe('basic');
      expect(verdict.facts.format).toBe('android-key');
      // Anchored exactly when the vector names the roots its chain ends in.
      expect(verdict.trusted).toBe(vector.rootCerts.length > 0);
      if (vector.rootCerts.length > 0) {
        expect(verdict.facts).toMatchObject({ attestationSecurityLevel: 'trustedEnvironment' });
      }
    });
  }
});
