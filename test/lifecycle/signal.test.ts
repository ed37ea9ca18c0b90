import { describe, expect, it } from 'vitest';
import { toBase64url } from '../../src/encoding/base64url.js';
import {
  signalAllAcceptedCredentials,
  signalCurrentUserDetails,
  signalUnknownCredential,
} from '../../src/lifecycle/index.js';
import { expectCode, record } from './fixtures.js';

const rpId = 'example.com';
const userId = 'dXNlci0x';
const session = { userId };

describe('signalUnknownCredential', () => {
  it('builds the payload', () => {
    expect(signalUnknownCredential({ rpId, credentialId: 'Y3JlZC0x' })).toEqual({ rpId, credentialId: 'Y3JlZC0x' });
  });

  it('refuses an origin in place of an RP ID', async () => {
    await expectCode(() => signalUnknownCredential({ rpId: 'https://example.com', credentialId: 'Y3JlZC0x' }), 'invalid_rp_id');
  });

  it('refuses an RP ID in upper case, which no client would match', async () => {
    await expectCode(() => signalUnknownCredential({ rpId: 'Example.com', credentialId: 'Y3JlZC0x' }), 'invalid_rp_id');
  });

  it('refuses an IP address as RP ID', async () => {
    await expectCode(() => signalUnknownCredential({ rpId: '192.168.0.1', credentialId: 'Y3JlZC0x' }), 'invalid_rp_id');
  });

  it('refuses a credential id that is not base64url', async () => {
    await expectCode(() => signalUnknownCredential({ rpId, credentialId: 'Y3JlZC0x==' }), 'malformed_base64url');
  });

  it('refuses a credential id longer than 1023 bytes', async () => {
    const credentialId = toBase64url(new Uint8Array(1024));
    await expectCode(() => signalUnknownCredential({ rpId, credentialId }), 'credential_id_too_long');
  });
});

describe('signalAllAcceptedCredentials', () => {
  it('lists the account’s credential ids once each', () => {
    const a = record({ userHandle: userId });
    const b = record({ userHandle: userId });
    expect(signalAllAcceptedCredentials({ rpId, userId, records: [a, b, a], session })).toEqual({
      rpId,
      userId,
      allAcceptedCredentialIds: [a.id, b.id],
    });
  });

  it('builds an empty list after the last passkey was deleted', () => {
    expect(signalAllAcceptedCredentials({ rpId, userId, records: [], session }).allAcceptedCredentialIds).toEqual([]);
  });

  it('refuses another user’s account', async () => {
    await expectCode(
      () => signalAllAcceptedCredentials({ rpId, userId, records: [], session: { userId: 'b3RoZXI' } }),
      'not_authorized',
    );
  });

  it('refuses without a session', async () => {
    await expectCode(() => signalAllAcceptedCredentials({ rpId, userId, records: [], session: undefined as never }), 'not_authorized');
  });

  it('refuses a record of another account', async () => {
    const stray = record({ userHandle: 'b3RoZXI' });
    await expectCode(() => signalAllAcceptedCredentials({ rpId, userId, records: [stray], session }), 'not_authorized');
  });

  it('refuses a user handle longer than 64 bytes', async () => {
    const long = toBase64url(new Uint8Array(65));
    await expectCode(() => signalAllAcceptedCredentials({ rpId, userId: long, records: [], session: { userId: long } }), 'invalid_options');
  });
});

describe('signalCurrentUserDetails', () => {
  it('builds the payload', () => {
    expect(signalCurrentUserDetails({ rpId, userId, name: 'ada@example.com', displayName: 'Ada Lovelace', session })).toEqual({
      rpId,
      userId,
      name: 'ada@example.com',
      displayName: 'Ada Lovelace',
    });
  });

  it('refuses another user’s account', async () => {
    await expectCode(
      () => signalCurrentUserDetails({ rpId, userId, name: 'a', displayName: 'A', session: { userId: 'b3RoZXI' } }),
      'not_authorized',
    );
  });

  it('refuses a name that is not a string', async () => {
    await expectCode(
      () => signalCurrentUserDetails({ rpId, userId, name: undefined as never, displayName: 'A', session }),
      'invalid_options',
    );
  });
});
