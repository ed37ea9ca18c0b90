import { describe, expect, it } from 'vitest';
import { generateRegistrationOptions } from '../../src/registration/options.js';
import { verifyRegistrationResponse } from '../../src/registration/verify.js';
import { generateAuthenticationOptions } from '../../src/authentication/options.js';
import { verifyAuthenticationResponse, type StoredCredential } from '../../src/authentication/verify.js';
import { applySignIn } from '../../src/lifecycle/manage.js';
import { SoftwareAuthenticator, type CeremonyOverrides, type SoftwareAuthenticatorOptions } from '../../src/testing/authenticator.js';
import type { CredentialRecord } from '../../src/types.js';
import { caught } from '../helpers/errors.js';

const rpID = 'example.com';
const origin = 'https://example.com';

async function enrol(options: SoftwareAuthenticatorOptions = {}) {
  const authenticator = new SoftwareAuthenticator(options);
  const creation = generateRegistrationOptions({ rpName: 'Example', rpID, userName: 'alice', userID: new Uint8Array([5, 5, 5]) });
  const { credential } = await verifyRegistrationResponse({
    response: await authenticator.createCredential(creation, origin),
    expectedChallenge: creation.challenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    userID: creation.user.id,
  });
  return { authenticator, credential };
}

async function signIn(authenticator: SoftwareAuthenticator, credential: StoredCredential, overrides: CeremonyOverrides = {}) {
  const request = generateAuthenticationOptions({ rpID });
  const response = await authenticator.getAssertion(request, origin, overrides);
  return verifyAuthenticationResponse({ response, expectedChallenge: request.challenge, expectedOrigin: origin, expectedRPID: rpID, credential });
}

/** A record imported from another library that never stored the BE flag. */
function withoutBackupEligible(record: CredentialRecord): Omit<CredentialRecord, 'backupEligible'> {
  const { backupEligible, ...rest } = record;
  return rest;
}

describe('a stored record whose backup eligibility is unknown (7.2 step 16)', () => {
  for (const be of [true, false]) {
    it(`adopts the assertion's BE flag (${be}), and applySignIn stores it`, async () => {
      const { authenticator, credential } = await enrol({ backupEligible: be, backupState: false });
      const migrated = withoutBackupEligible(credential);
      const result = await signIn(authenticator, migrated);
      expect(result.update.backupEligible).toBe(be);
      const stored = applySignIn(migrated, result.update);
      expect(stored.backupEligible).toBe(be);
      expect(stored.signCount).toBe(result.update.signCount);
    });
  }

  it('a backed-up passkey (BS set) signs in and is stored, where applySignIn used to refuse it', async () => {
    const { authenticator, credential } = await enrol({ backupEligible: true, backupState: true });
    const migrated = { ...credential, backupEligible: undefined };
    const result = await signIn(authenticator, migrated);
    expect(result.update).toMatchObject({ backupEligible: true, backupState: true });
    expect(applySignIn(migrated, result.update)).toMatchObject({ backupEligible: true, backupState: true });
  });

  it('once stored, the BE flag is checked strictly again', async () => {
    const { authenticator, credential } = await enrol();
    const migrated = withoutBackupEligible(credential);
    const stored = applySignIn(migrated, (await signIn(authenticator, migrated)).update);
    const error = await caught(() => signIn(authenticator, stored, { flags: { be: false, bs: false } }));
    expect([error.code, error.step]).toEqual(['backup_eligibility_changed', '7.2 step 16']);
  });

  it('a record that has a BE flag gets no backupEligible in the update', async () => {
    const { authenticator, credential } = await enrol();
    const result = await signIn(authenticator, credential);
    expect(result.update).not.toHaveProperty('backupEligible');
  });

  it('refuses a BE that is neither a boolean nor absent (a NULL column is not "unknown" by accident)', async () => {
    const { authenticator, credential } = await enrol();
    const error = await caught(() => signIn(authenticator, { ...credential, backupEligible: null as never }));
    expect(error.code).toBe('invalid_options');
  });
});
