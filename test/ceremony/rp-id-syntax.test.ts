import { describe, expect, it } from 'vitest';
import { checkRpIdSyntax } from '../../src/ceremony/rp-id-syntax.js';
import { generateRegistrationOptions } from '../../src/registration/options.js';
import { verifyRegistrationResponse } from '../../src/registration/verify.js';
import { generateAuthenticationOptions } from '../../src/authentication/options.js';
import { verifyAuthenticationResponse } from '../../src/authentication/verify.js';
import { SoftwareAuthenticator } from '../../src/testing/authenticator.js';
import { errorCode, asyncErrorCode, caught } from '../helpers/errors.js';

/** An RP ID is a valid domain string (WebAuthn L3 §4 "RP ID"), checked without the Public Suffix List. */

describe('checkRpIdSyntax', () => {
  it.each([
    'example.com',
    'login.example.com',
    'localhost',
    'xn--bcher-kva.example',
    'a-b.example',
    `${'a'.repeat(63)}.example`,
    `${'a.'.repeat(124)}com`,
  ])('accepts %s', (rpId) => {
    expect(checkRpIdSyntax(rpId, 'rpID')).toBe(rpId);
  });

  it.each([
    ['a scheme', 'https://example.com'],
    ['a scheme and a trailing slash', 'https://example.com/'],
    ['upper case', 'Example.com'],
    ['a port', 'example.com:443'],
    ['a path', 'example.com/login'],
    ['a trailing dot', 'example.com.'],
    ['an IPv4 address', '127.0.0.1'],
    ['an IPv4 address the URL parser rewrites', '0x7f.1'],
    ['an IPv6 address', '[::1]'],
    ['Unicode (not punycode)', 'bücher.example'],
    ['a label starting with a hyphen', '-a.example'],
    ['a label ending with a hyphen', 'a-.example'],
    ['an empty label', 'a..example'],
    ['a 64-character label', `${'a'.repeat(64)}.example`],
    ['more than 253 characters', `${'a.'.repeat(126)}com`],
    ['a space', 'exa mple.com'],
    ['an underscore', 'ex_ample.com'],
    ['user info', 'user@example.com'],
  ])('refuses an RP ID with %s: invalid_rp_id', (_, rpId) => {
    expect(errorCode(() => checkRpIdSyntax(rpId, 'rpID'))).toBe('invalid_rp_id');
  });

  it.each([
    ['an empty string', ''],
    ['a number', 5],
    ['undefined', undefined],
    ['a list', ['example.com']],
  ])('refuses %s as an RP ID: invalid_options', (_, rpId) => {
    expect(errorCode(() => checkRpIdSyntax(rpId, 'rpID'))).toBe('invalid_options');
  });

  it.each([
    ['https://example.com', 'use "example.com", not "https://example.com"'],
    ['Example.com:443', 'use "example.com", not "Example.com:443"'],
    ['https://Login.Example.com:8443/path', 'use "login.example.com"'],
    ['example.com.', 'use "example.com"'],
    ['Example.com', 'write it as "example.com"'],
  ])('suggests the RP ID meant by %s', (rpId, suggestion) => {
    let message = '';
    try {
      checkRpIdSyntax(rpId, 'rpID');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(suggestion);
  });
});

describe('the option builders and verifiers check RP ID syntax', () => {
  const rpID = 'example.com';
  const origin = 'https://example.com';

  it('generateRegistrationOptions and generateAuthenticationOptions refuse rpID "https://example.com"', () => {
    expect(errorCode(() => generateRegistrationOptions({ rpName: 'Example', rpID: 'https://example.com', userName: 'alice' }))).toBe('invalid_rp_id');
    expect(errorCode(() => generateAuthenticationOptions({ rpID: 'Example.com:443' }))).toBe('invalid_rp_id');
  });

  it('the verifiers refuse expectedRPID "Example.com" as invalid_rp_id, not rp_id_mismatch', async () => {
    const authenticator = new SoftwareAuthenticator();
    const creation = generateRegistrationOptions({ rpName: 'Example', rpID, userName: 'alice' });
    const registration = await authenticator.createCredential(creation, origin);
    const register = (expectedRPID: string | string[]) =>
      verifyRegistrationResponse({
        response: registration,
        expectedChallenge: creation.challenge,
        expectedOrigin: origin,
        expectedRPID,
        userID: creation.user.id,
      });
    expect(await asyncErrorCode(() => register('Example.com'))).toBe('invalid_rp_id');
    expect(await asyncErrorCode(() => register(['example.org', 'https://example.com']))).toBe('invalid_rp_id');
    const { credential } = await register(['example.org', rpID]);

    const request = generateAuthenticationOptions({ rpID });
    const assertion = await authenticator.getAssertion(request, origin);
    const signIn = (expectedRPID: string | string[]) =>
      verifyAuthenticationResponse({ response: assertion, expectedChallenge: request.challenge, expectedOrigin: origin, expectedRPID, credential });
    const error = await caught(() => signIn('Example.com'));
    expect(error.code).toBe('invalid_rp_id');
    expect(error.message).toContain('"example.com"');
    expect(await asyncErrorCode(() => signIn(rpID))).toBe('no error');
  });

  it('keeps rp_id_mismatch for a valid RP ID that is not the credential\'s', async () => {
    const authenticator = new SoftwareAuthenticator();
    const creation = generateRegistrationOptions({ rpName: 'Example', rpID, userName: 'alice' });
    const registration = await authenticator.createCredential(creation, origin);
    const error = await caught(() =>
      verifyRegistrationResponse({ response: registration, expectedChallenge: creation.challenge, expectedOrigin: origin, expectedRPID: 'example.org' }),
    );
    expect([error.code, error.step]).toEqual(['rp_id_mismatch', '7.1 step 12']);
  });
});
