import { describe, expect, it } from 'vitest';
import {
  canRetirePassword,
  deletionImpact,
  onDifferentAuthenticators,
  shouldOfferBackupPasskey,
} from '../../src/lifecycle/index.js';
import { AAGUID, expectCode, record } from './fixtures.js';

const securityKey = (aaguid: string = AAGUID.zero) => record({ aaguid, transports: ['nfc', 'usb'] });
const syncedPasskey = (backupState = true) =>
  record({ aaguid: AAGUID.googlePasswordManager, backupEligible: true, backupState, transports: ['hybrid', 'internal'] });
const windowsHello = () => record({ aaguid: AAGUID.windowsHello, transports: ['internal'], authenticatorAttachment: 'platform' });

describe('onDifferentAuthenticators', () => {
  it('is true for two disclosed, different AAGUIDs', () => {
    expect(onDifferentAuthenticators(securityKey(AAGUID.yubiKey5Nfc), windowsHello())).toBe(true);
  });

  it('is false for the same disclosed AAGUID, even with disjoint transports', () => {
    const a = record({ aaguid: AAGUID.googlePasswordManager, transports: ['internal'] });
    const b = record({ aaguid: AAGUID.googlePasswordManager.toUpperCase(), transports: ['hybrid'] });
    expect(onDifferentAuthenticators(a, b)).toBe(false);
  });

  it('is true for zero AAGUIDs with disjoint transports', () => {
    expect(onDifferentAuthenticators(securityKey(), record({ transports: ['internal'] }))).toBe(true);
  });

  it('is false for zero AAGUIDs with a transport in common', () => {
    expect(onDifferentAuthenticators(record({ transports: ['hybrid', 'internal'] }), record({ transports: ['hybrid'] }))).toBe(false);
  });

  it('is false for zero AAGUIDs when one lists no transports', () => {
    expect(onDifferentAuthenticators(securityKey(), record({ transports: [] }))).toBe(false);
  });

  it('does not take a different attachment as evidence', () => {
    const onPhone = record({ transports: ['hybrid', 'internal'], authenticatorAttachment: 'platform' });
    const viaHybrid = record({ transports: ['hybrid', 'internal'], authenticatorAttachment: 'cross-platform' });
    expect(onDifferentAuthenticators(onPhone, viaHybrid)).toBe(false);
  });

  it('treats a malformed AAGUID as undisclosed', () => {
    expect(onDifferentAuthenticators(record({ aaguid: 'not-a-uuid', transports: ['usb'] }), record({ transports: ['internal'] }))).toBe(true);
  });
});

describe('account advice', () => {
  const cases = [
    { name: 'no passkeys', records: () => [], offer: false, retire: false },
    { name: 'one device-bound security key', records: () => [securityKey()], offer: true, retire: false },
    { name: 'one backed-up synced passkey', records: () => [syncedPasskey()], offer: false, retire: true },
    { name: 'one synced-capable passkey not backed up', records: () => [syncedPasskey(false)], offer: false, retire: false },
    {
      name: 'two security keys of one model',
      records: () => [securityKey(AAGUID.yubiKey5Nfc), securityKey(AAGUID.yubiKey5Nfc)],
      offer: true,
      retire: false,
    },
    { name: 'a security key and Windows Hello', records: () => [securityKey(AAGUID.yubiKey5Nfc), windowsHello()], offer: false, retire: true },
    {
      name: 'two zero-AAGUID passkeys with disjoint transports',
      records: () => [securityKey(), record({ transports: ['internal'] })],
      offer: false,
      retire: true,
    },
    {
      name: 'two zero-AAGUID passkeys that may share a phone',
      records: () => [record({ transports: ['hybrid', 'internal'] }), record({ transports: ['hybrid'] })],
      offer: true,
      retire: false,
    },
    { name: 'a security key and a synced passkey', records: () => [securityKey(), syncedPasskey()], offer: false, retire: true },
  ];

  it.each(cases)('$name: offer a backup passkey = $offer', ({ records, offer }) => {
    expect(shouldOfferBackupPasskey(records())).toBe(offer);
  });

  it.each(cases)('$name: can retire the password = $retire', ({ records, retire }) => {
    expect(canRetirePassword(records())).toBe(retire);
  });

  it('refuses something that is not a list of records', async () => {
    await expectCode(() => canRetirePassword({} as never), 'invalid_options');
    await expectCode(() => shouldOfferBackupPasskey([null] as never), 'invalid_options');
  });
});

describe('deletionImpact', () => {
  it('warns about the last passkey', () => {
    const only = securityKey();
    expect(deletionImpact([only], only.id)).toEqual({ remaining: 0, isLast: true, losesBackup: false, warning: 'last-passkey' });
  });

  it('warns when the deletion leaves no backup', () => {
    const key = securityKey(AAGUID.yubiKey5Nfc);
    const hello = windowsHello();
    expect(deletionImpact([key, hello], hello.id)).toEqual({
      remaining: 1,
      isLast: false,
      losesBackup: true,
      warning: 'no-backup-left',
    });
  });

  it('warns when only same-model keys would remain', () => {
    const keys = [securityKey(AAGUID.yubiKey5Nfc), securityKey(AAGUID.yubiKey5Nfc)];
    const hello = windowsHello();
    expect(deletionImpact([...keys, hello], hello.id).warning).toBe('no-backup-left');
  });

  it('has no warning when a backed-up passkey remains', () => {
    const key = securityKey();
    expect(deletionImpact([key, syncedPasskey()], key.id)).toEqual({
      remaining: 1,
      isLast: false,
      losesBackup: false,
      warning: undefined,
    });
  });

  it('has no backup warning when there was no backup to lose', () => {
    const a = securityKey(AAGUID.yubiKey5Nfc);
    const b = securityKey(AAGUID.yubiKey5Nfc);
    expect(deletionImpact([a, b], a.id).warning).toBeUndefined();
  });

  it('refuses an id the account does not have', async () => {
    await expectCode(() => deletionImpact([securityKey()], 'bm90LWhlcmU'), 'unknown_credential');
  });
});
