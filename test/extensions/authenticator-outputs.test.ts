import { errorCode as code } from '../helpers/errors.js';
import { describe, expect, it } from 'vitest';
import { encodeCbor } from '../../src/encoding/cbor-encode.js';
import { parseAuthenticatorData } from '../../src/parse/authenticator-data.js';
import { credProtectPolicyName, parseAuthenticatorExtensions } from '../../src/extensions/index.js';
import type { AuthenticationExtensionsClientInputsJSON } from '../../src/types.js';

const map = (entries: [unknown, unknown][]) => new Map<unknown, unknown>(entries);
const parse = (m: Map<unknown, unknown> | undefined, requested?: AuthenticationExtensionsClientInputsJSON, policy?: 'ignore' | 'reject') =>
  parseAuthenticatorExtensions(m, requested, policy);

const REQUIRED: AuthenticationExtensionsClientInputsJSON = { credentialProtectionPolicy: 'userVerificationRequired' };
const ENFORCED_2: AuthenticationExtensionsClientInputsJSON = {
  credentialProtectionPolicy: 'userVerificationOptionalWithCredentialIDList',
  enforceCredentialProtectionPolicy: true,
};

describe('parseAuthenticatorExtensions', () => {
  it('returns empty outputs when authData has no extensions', () => {
    expect(parse(undefined, {})).toEqual({ unknown: {}, ignored: [] });
  });

  it('reads the outputs of authenticator data with the ED flag', () => {
    const extensions = encodeCbor(map([['credProtect', 3], ['hmac-secret', true]]));
    const authData = new Uint8Array(37 + extensions.length);
    authData[32] = 0x80 | 0x01; // ED | UP
    authData.set(extensions, 37);
    const parsed = parseAuthenticatorData(authData);
    const out = parse(parsed.extensions, { ...REQUIRED, hmacCreateSecret: true });
    expect(out.credProtect).toBe(3);
    expect(out.hmacSecret).toBe(true);
  });

  it('reads credProtect levels and names them', () => {
    expect(parse(map([['credProtect', 1]]), REQUIRED).credProtect).toBe(1);
    expect(credProtectPolicyName(2)).toBe('userVerificationOptionalWithCredentialIDList');
    for (const bad of [0, 4, '3', true, 2.5]) {
      expect(code(() => parse(map([['credProtect', bad]]), REQUIRED)), String(bad)).toBe('extension_invalid');
    }
  });

  it('enforces the requested credProtect level when the options said enforce', () => {
    expect(parse(map([['credProtect', 2]]), ENFORCED_2).credProtect).toBe(2);
    expect(parse(map([['credProtect', 3]]), ENFORCED_2).credProtect).toBe(3);
    expect(code(() => parse(map([['credProtect', 1]]), ENFORCED_2))).toBe('extension_invalid');
    // No output means level 1 was applied.
    expect(code(() => parse(undefined, ENFORCED_2))).toBe('extension_invalid');
    expect(code(() => parse(map([]), ENFORCED_2))).toBe('extension_invalid');
  });

  it('reports a lower credProtect level when it was not enforced', () => {
    expect(parse(map([['credProtect', 1]]), REQUIRED).credProtect).toBe(1);
    expect(code(() => parse(undefined, REQUIRED))).toBe('no error');
  });

  it('accepts no credProtect output for an enforced level 1, which is the default', () => {
    expect(code(() => parse(undefined, { credentialProtectionPolicy: 'userVerificationOptional', enforceCredentialProtectionPolicy: true }))).toBe(
      'no error',
    );
  });

  it('refuses an unknown credProtect policy in the options it enforces', () => {
    expect(code(() => parse(undefined, { credentialProtectionPolicy: 'strict' as never, enforceCredentialProtectionPolicy: true }))).toBe(
      'invalid_options',
    );
  });

  it('reads hmac-secret as the authenticator reports it: a flag at registration, encrypted output at sign-in', () => {
    expect(parse(map([['hmac-secret', false]]), { hmacCreateSecret: true }).hmacSecret).toBe(false);
    expect(parse(map([['hmac-secret', true]]), { prf: {} }).hmacSecret).toBe(true);
    const encrypted = new Uint8Array(48).fill(9);
    expect(parse(map([['hmac-secret', encrypted]]), { prf: { eval: { first: 'AQID' } } }).hmacGetSecret).toEqual(encrypted);
    expect(parse(map([['hmac-secret-mc', new Uint8Array(32)]]), { prf: { eval: { first: 'AQID' } } }).hmacSecretMc).toHaveLength(32);
    expect(code(() => parse(map([['hmac-secret', new Uint8Array(31)]]), { prf: {} }))).toBe('extension_invalid');
    expect(code(() => parse(map([['hmac-secret', 'yes']]), { prf: {} }))).toBe('extension_invalid');
    expect(code(() => parse(map([['hmac-secret-mc', true]]), { prf: { eval: { first: 'AQID' } } }))).toBe('extension_invalid');
  });

  it('refuses the other ceremony\'s hmac-secret and credBlob types when the ceremony is known', () => {
    const bytes = new Uint8Array(32);
    expect(code(() => parseAuthenticatorExtensions(map([['hmac-secret', bytes]]), { hmacCreateSecret: true }, 'ignore', 'registration'))).toBe('extension_invalid');
    expect(code(() => parseAuthenticatorExtensions(map([['hmac-secret', true]]), { prf: {} }, 'ignore', 'authentication'))).toBe('extension_invalid');
    expect(code(() => parseAuthenticatorExtensions(map([['credBlob', bytes]]), { credBlob: 'AQID' }, 'ignore', 'registration'))).toBe('extension_invalid');
    expect(code(() => parseAuthenticatorExtensions(map([['credBlob', true]]), { getCredBlob: true }, 'ignore', 'authentication'))).toBe('extension_invalid');
    expect(parseAuthenticatorExtensions(map([['hmac-secret', true]]), { hmacCreateSecret: true }, 'ignore', 'registration').hmacSecret).toBe(true);
    expect(parseAuthenticatorExtensions(map([['hmac-secret', bytes]]), { prf: {} }, 'ignore', 'authentication').hmacGetSecret).toEqual(bytes);
  });

  it('reads minPinLength within the PIN length bounds', () => {
    expect(parse(map([['minPinLength', 6]]), { minPinLength: true }).minPinLength).toBe(6);
    for (const bad of [3, 64, -1, 4.5, '6']) {
      expect(code(() => parse(map([['minPinLength', bad]]), { minPinLength: true })), String(bad)).toBe('extension_invalid');
    }
  });

  it('reads credBlob: stored flag at registration, the blob at sign-in', () => {
    expect(parse(map([['credBlob', true]]), { credBlob: 'AQID' }).credBlobStored).toBe(true);
    expect(parse(map([['credBlob', new Uint8Array([1, 2, 3])]]), { getCredBlob: true }).credBlob).toEqual(new Uint8Array([1, 2, 3]));
    expect(code(() => parse(map([['credBlob', 1]]), { getCredBlob: true }))).toBe('extension_invalid');
  });

  it('passes through requested extensions it does not model', () => {
    expect(parse(map([['thirdPartyPayment', true]]), { thirdPartyPayment: true }).unknown).toEqual({ thirdPartyPayment: true });
  });

  it('ignores unsolicited outputs by default and lists them', () => {
    const out = parse(map([['credProtect', 2], ['hmac-secret', true], ['vendorThing', 1]]), { credProps: true });
    expect(out.credProtect).toBeUndefined();
    expect(out.hmacSecret).toBeUndefined();
    expect(out.ignored).toEqual(['credProtect', 'hmac-secret', 'vendorThing']);
    // An unsolicited output is not validated either.
    expect(parse(map([['minPinLength', 'n/a']]), {}).ignored).toEqual(['minPinLength']);
  });

  it('rejects unsolicited outputs under the reject policy', () => {
    expect(code(() => parse(map([['credProtect', 2]]), {}, 'reject'))).toBe('extension_not_requested');
    expect(code(() => parse(map([['credProtect', 2]]), undefined, 'reject'))).toBe('extension_not_requested');
    expect(code(() => parse(map([['credProtect', 2]]), REQUIRED, 'reject'))).toBe('no error');
  });

  it('treats an authData output named after a client-only extension input as unsolicited', () => {
    // credProps, prf and largeBlob have no authenticator output of their own (WebAuthn L3 §10.1).
    expect(code(() => parse(map([['credProps', { rk: true }]]), { credProps: true }, 'reject'))).toBe('extension_not_requested');
    expect(code(() => parse(map([['prf', true]]), { prf: {} }, 'reject'))).toBe('extension_not_requested');
    const out = parse(map([['largeBlob', new Uint8Array(32)]]), { largeBlob: { support: 'required' } });
    expect(out.unknown).toEqual({});
    expect(out.ignored).toEqual(['largeBlob']);
  });

  it('rejects a map with non-text identifiers and an unknown policy', () => {
    expect(code(() => parse(map([[1, true]]), {}))).toBe('extension_invalid');
    expect(code(() => parse({} as never, {}))).toBe('extension_invalid');
    expect(code(() => parse(undefined, {}, 'drop' as never))).toBe('invalid_options');
  });
});
