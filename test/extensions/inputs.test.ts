import { errorCode as code } from '../helpers/errors.js';
import { describe, expect, it } from 'vitest';
import { authenticationExtensions, registrationExtensions } from '../../src/extensions/index.js';

const b64u = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const SALT1 = new Uint8Array(32).fill(1);
const SALT2 = new Uint8Array(16).fill(2);

describe('registrationExtensions', () => {
  it('maps typed inputs to the JSON members browsers read', () => {
    expect(
      registrationExtensions({
        credProps: true,
        prf: { eval: { first: SALT1, second: b64u(SALT2) } },
        largeBlob: 'preferred',
        credProtect: { policy: 'userVerificationRequired', enforce: true },
        appidExclude: 'https://example.com/u2f-appid.json',
        minPinLength: true,
        hmacCreateSecret: true,
      }),
    ).toEqual({
      credProps: true,
      prf: { eval: { first: b64u(SALT1), second: b64u(SALT2) } },
      largeBlob: { support: 'preferred' },
      credentialProtectionPolicy: 'userVerificationRequired',
      enforceCredentialProtectionPolicy: true,
      appidExclude: 'https://example.com/u2f-appid.json',
      minPinLength: true,
      hmacCreateSecret: true,
    });
  });

  it('omits what is not asked for, and asks for prf support alone with prf: true', () => {
    expect(registrationExtensions({})).toEqual({});
    expect(registrationExtensions({ credProps: false, prf: true })).toEqual({ prf: {} });
    expect(registrationExtensions({ credProtect: { policy: 'userVerificationOptionalWithCredentialIDList' } })).toEqual({
      credentialProtectionPolicy: 'userVerificationOptionalWithCredentialIDList',
    });
  });

  it('refuses inputs a client would reject', () => {
    expect(code(() => registrationExtensions({ prf: { evalByCredential: {} } as never }))).toBe('invalid_options');
    expect(code(() => registrationExtensions({ prf: { eval: { first: 'not base64url!' } } }))).toBe('invalid_options');
    expect(code(() => registrationExtensions({ prf: { eval: {} as never } }))).toBe('invalid_options');
    expect(code(() => registrationExtensions({ largeBlob: 'always' as never }))).toBe('invalid_options');
    expect(code(() => registrationExtensions({ credProtect: { policy: 'strict' as never } }))).toBe('invalid_options');
    expect(code(() => registrationExtensions({ credProtect: { policy: 'userVerificationRequired', enforce: 'yes' as never } }))).toBe(
      'invalid_options',
    );
    expect(code(() => registrationExtensions({ appidExclude: 'http://example.com' }))).toBe('invalid_options');
    expect(code(() => registrationExtensions({ appidExclude: 'example.com' }))).toBe('invalid_options');
    expect(code(() => registrationExtensions({ credProps: 'true' as never }))).toBe('invalid_options');
    expect(code(() => registrationExtensions(null as never))).toBe('invalid_options');
  });
});

describe('authenticationExtensions', () => {
  const CRED_A = b64u(new Uint8Array(16).fill(0xa));
  const CRED_B = b64u(new Uint8Array(16).fill(0xb));

  it('maps appid, prf and largeBlob read', () => {
    expect(
      authenticationExtensions({ appid: 'https://example.com', prf: { eval: { first: SALT1 } }, largeBlob: { read: true } }),
    ).toEqual({ appid: 'https://example.com', prf: { eval: { first: b64u(SALT1) } }, largeBlob: { read: true } });
  });

  it('keeps the AppID string exactly, since its hash must match the U2F one', () => {
    expect(authenticationExtensions({ appid: 'https://Example.com/app-id.json' }).appid).toBe('https://Example.com/app-id.json');
  });

  it('maps prf.evalByCredential for credentials in allowCredentials', () => {
    const ext = authenticationExtensions({ prf: { evalByCredential: { [CRED_A]: { first: SALT1, second: SALT2 } } } }, [CRED_A, CRED_B]);
    expect(ext.prf).toEqual({ evalByCredential: { [CRED_A]: { first: b64u(SALT1), second: b64u(SALT2) } } });
  });

  it('refuses evalByCredential without allowCredentials or for another credential', () => {
    expect(code(() => authenticationExtensions({ prf: { evalByCredential: { [CRED_A]: { first: SALT1 } } } }))).toBe('invalid_options');
    expect(code(() => authenticationExtensions({ prf: { evalByCredential: { [CRED_A]: { first: SALT1 } } } }, [CRED_B]))).toBe(
      'invalid_options',
    );
    expect(code(() => authenticationExtensions({ prf: { evalByCredential: { '': { first: SALT1 } } } }, [CRED_A]))).toBe('invalid_options');
  });

  it('refuses an evalByCredential key that is not base64url, even when allowCredentials names it (§10.1.4: SyntaxError)', () => {
    expect(code(() => authenticationExtensions({ prf: { evalByCredential: { 'a+b/': { first: SALT1 } } } }, ['a+b/']))).toBe('invalid_options');
  });

  it('writes a large blob only for exactly one allowed credential', () => {
    expect(authenticationExtensions({ largeBlob: { write: new Uint8Array([1, 2, 3]) } }, [CRED_A])).toEqual({
      largeBlob: { write: 'AQID' },
    });
    expect(code(() => authenticationExtensions({ largeBlob: { write: 'AQID' } }))).toBe('invalid_options');
    expect(code(() => authenticationExtensions({ largeBlob: { write: 'AQID' } }, [CRED_A, CRED_B]))).toBe('invalid_options');
  });

  it('refuses largeBlob inputs a client would reject', () => {
    expect(code(() => authenticationExtensions({ largeBlob: { read: true, write: 'AQID' } as never }, [CRED_A]))).toBe('invalid_options');
    expect(code(() => authenticationExtensions({ largeBlob: { support: 'required' } as never }))).toBe('invalid_options');
    expect(code(() => authenticationExtensions({ largeBlob: { read: false } as never }))).toBe('invalid_options');
  });

  it('refuses an appid that is not an https URL', () => {
    expect(code(() => authenticationExtensions({ appid: 'example.com' }))).toBe('invalid_options');
    expect(code(() => authenticationExtensions({ appid: 42 as never }))).toBe('invalid_options');
  });
});
