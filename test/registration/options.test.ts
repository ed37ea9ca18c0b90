import { describe, expect, it } from 'vitest';
import { generateRegistrationOptions, generateUserHandle } from '../../src/registration/options.js';
import { generateAuthenticationOptions } from '../../src/authentication/options.js';
import { fromBase64url } from '../../src/encoding/base64url.js';
import { errorCode } from '../helpers/errors.js';

const base = { rpName: 'Example', rpID: 'example.com', userName: 'alice@example.com' };

describe('generateRegistrationOptions', () => {
  it('applies passkey defaults', () => {
    const o = generateRegistrationOptions(base);
    expect(fromBase64url(o.challenge).length).toBe(32);
    expect(fromBase64url(o.user.id).length).toBe(64);
    expect(o.user).toMatchObject({ name: 'alice@example.com', displayName: 'alice@example.com' });
    expect(o.rp).toEqual({ name: 'Example', id: 'example.com' });
    expect(o.pubKeyCredParams.map((p) => p.alg)).toEqual([-8, -7, -35, -257]);
    expect(o.authenticatorSelection).toEqual({ residentKey: 'required', requireResidentKey: true, userVerification: 'preferred' });
    expect(o.attestation).toBe('none');
    expect(o.timeout).toBe(300_000);
    expect(o.extensions).toEqual({ credProps: true });
    expect(o.excludeCredentials).toEqual([]);
    expect(o.hints).toBeUndefined();
  });

  it('never reuses a challenge or a user handle', () => {
    const a = generateRegistrationOptions(base);
    const b = generateRegistrationOptions(base);
    expect(a.challenge).not.toBe(b.challenge);
    expect(a.user.id).not.toBe(b.user.id);
  });

  it('builds excludeCredentials from records, keeping known transports only', () => {
    const o = generateRegistrationOptions({
      ...base,
      excludeCredentials: [
        { id: 'AAEC', transports: ['usb', 'nfc', 'carrier-pigeon'] },
        { id: 'AwQF', transports: [] },
      ],
    });
    expect(o.excludeCredentials).toEqual([
      { id: 'AAEC', type: 'public-key', transports: ['usb', 'nfc'] },
      { id: 'AwQF', type: 'public-key' },
    ]);
  });

  it('passes hints, attachment, attestation and extensions through', () => {
    const o = generateRegistrationOptions({
      ...base,
      hints: ['security-key', 'hybrid'],
      authenticatorAttachment: 'cross-platform',
      attestation: 'direct',
      residentKey: 'preferred',
      extensions: { credProps: false, minPinLength: true },
    });
    expect(o.hints).toEqual(['security-key', 'hybrid']);
    expect(o.authenticatorSelection).toMatchObject({ authenticatorAttachment: 'cross-platform', residentKey: 'preferred', requireResidentKey: false });
    expect(o.attestation).toBe('direct');
    expect(o.extensions).toEqual({ credProps: false, minPinLength: true });
  });

  it('refuses bad configuration with invalid_options', () => {
    expect(errorCode(() => generateRegistrationOptions({ ...base, hints: ['phone' as never] }))).toBe('invalid_options');
    expect(errorCode(() => generateRegistrationOptions({ ...base, hints: ['hybrid', 'hybrid'] }))).toBe('invalid_options');
    expect(errorCode(() => generateRegistrationOptions({ ...base, userID: new Uint8Array(65) }))).toBe('invalid_options');
    expect(errorCode(() => generateRegistrationOptions({ ...base, challenge: new Uint8Array(8) }))).toBe('invalid_options');
    expect(errorCode(() => generateRegistrationOptions({ ...base, rpName: '' }))).toBe('invalid_options');
    expect(errorCode(() => generateRegistrationOptions({ ...base, attestation: 'all' as never }))).toBe('invalid_options');
    expect(errorCode(() => generateRegistrationOptions({ ...base, supportedAlgorithmIDs: [] }))).toBe('invalid_options');
    expect(errorCode(() => generateRegistrationOptions({ ...base, timeout: -1 }))).toBe('invalid_options');
    expect(errorCode(() => generateRegistrationOptions({ ...base, excludeCredentials: [{ id: 'a+b' }] }))).toBe('malformed_base64url');
  });
});

describe('generateAuthenticationOptions', () => {
  it('defaults to discoverable sign-in (empty allowCredentials)', () => {
    const o = generateAuthenticationOptions({ rpID: 'example.com' });
    expect(o.allowCredentials).toEqual([]);
    expect(o.rpId).toBe('example.com');
    expect(o.userVerification).toBe('preferred');
    expect(o.timeout).toBe(300_000);
    expect(fromBase64url(o.challenge).length).toBe(32);
  });

  it('lists the account credentials with transports, and validates hints', () => {
    const o = generateAuthenticationOptions({ rpID: 'example.com', allowCredentials: [{ id: 'AAEC', transports: ['internal'] }], hints: ['client-device'] });
    expect(o.allowCredentials).toEqual([{ id: 'AAEC', type: 'public-key', transports: ['internal'] }]);
    expect(o.hints).toEqual(['client-device']);
    expect(errorCode(() => generateAuthenticationOptions({ rpID: 'example.com', hints: ['usb' as never] }))).toBe('invalid_options');
    expect(errorCode(() => generateAuthenticationOptions({ rpID: '' }))).toBe('invalid_options');
  });
});

describe('generateUserHandle', () => {
  it('makes 64 random bytes by default, and refuses sizes outside 16 to 64', () => {
    expect(generateUserHandle().length).toBe(64);
    expect(generateUserHandle(16).length).toBe(16);
    expect(generateUserHandle()).not.toEqual(generateUserHandle());
    expect(errorCode(() => generateUserHandle(65))).toBe('invalid_options');
    expect(errorCode(() => generateUserHandle(8))).toBe('invalid_options');
  });
});
