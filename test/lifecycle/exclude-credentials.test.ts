import { generateRegistrationOptions } from '../../src/registration/options.js';
import { describe, expect, it } from 'vitest';
import { excludeCredentialsFor } from '../../src/lifecycle/index.js';
import { expectCode, record } from './fixtures.js';

describe('excludeCredentialsFor', () => {
  it('lists every record with its transports', () => {
    const key = record({ transports: ['nfc', 'usb'] });
    const phone = record({ transports: ['hybrid', 'internal'] });
    expect(excludeCredentialsFor([key, phone])).toEqual([
      { id: key.id, type: 'public-key', transports: ['nfc', 'usb'] },
      { id: phone.id, type: 'public-key', transports: ['hybrid', 'internal'] },
    ]);
  });

  it('omits transports when none were reported', () => {
    const r = record({ transports: [] });
    expect(excludeCredentialsFor([r])).toEqual([{ id: r.id, type: 'public-key' }]);
  });

  it('keeps known transports once each, like generateRegistrationOptions', () => {
    const r = record({ transports: ['usb', 'usb', 'future-transport' as never, 'nfc'] });
    expect(excludeCredentialsFor([r])[0]?.transports).toEqual(['usb', 'nfc']);
    expect(generateRegistrationOptions({ rpName: 'x', rpID: 'example.com', userName: 'a', excludeCredentials: [r] }).excludeCredentials).toEqual(excludeCredentialsFor([r]));
  });

  it('gives an empty list for a new account', () => {
    expect(excludeCredentialsFor([])).toEqual([]);
  });

  it('refuses a record whose id is not base64url', async () => {
    await expectCode(() => excludeCredentialsFor([record({ id: 'not base64url!' })]), 'malformed_base64url');
  });
});
