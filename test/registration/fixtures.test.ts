import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifyRegistrationResponse } from '../../src/registration/verify.js';
import { verifyAuthenticationResponse } from '../../src/authentication/verify.js';
import { asyncErrorCode } from '../helpers/errors.js';

/** Fixed bytes recorded from the software authenticator (test/fixtures/record-fixtures.ts). */
const dir = new URL('../../fixtures/software-authenticator/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

describe('recorded software-authenticator ceremonies', () => {
  it('has fixtures to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
  });

  for (const file of files) {
    const f = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
    it(`${file}: registers, then signs in, from fixed bytes`, async () => {
      const rp = { expectedOrigin: f.origin, expectedRPID: f.rpID, now: new Date('2026-01-01T00:00:00Z') };
      const { credential, attestation } = await verifyRegistrationResponse({
        ...rp,
        response: f.registration.response,
        expectedChallenge: f.registration.challenge,
        userID: f.userID,
        supportedAlgorithmIDs: [f.algorithm],
      });
      expect(credential.algorithm).toBe(f.algorithm);
      expect(credential.aaguid).toBe('0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d');
      expect(attestation.type).toBe(f.attestation === 'none' ? 'none' : 'self');
      const result = await verifyAuthenticationResponse({
        ...rp,
        response: f.authentication.response,
        expectedChallenge: f.authentication.challenge,
        credential,
        requireUserHandle: true,
      });
      expect(result.update.signCount).toBe(f.authentication.signCount);
      expect(result.userHandle).toBe(f.userID);
      // The same bytes replayed against a record that has seen them are a counter regression.
      const replay = await asyncErrorCode(() =>
        verifyAuthenticationResponse({ ...rp, response: f.authentication.response, expectedChallenge: f.authentication.challenge, credential: { ...credential, ...result.update } }),
      );
      expect(replay).toBe('counter_regression');
    });
  }
});
