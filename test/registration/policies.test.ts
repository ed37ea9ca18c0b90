import { describe, expect, it } from 'vitest';
import { generateRegistrationOptions } from '../../src/registration/options.js';
import { verifyRegistrationResponse } from '../../src/registration/verify.js';
import { generateAuthenticationOptions } from '../../src/authentication/options.js';
import { verifyAuthenticationResponse } from '../../src/authentication/verify.js';
import { SoftwareAuthenticator } from '../../src/testing/authenticator.js';
import { androidApkKeyHashOrigin } from '../../src/origins/native-apps.js';
import { relatedOriginsMatcher } from '../../src/origins/related-origins.js';
import { asyncErrorCode, caught } from '../helpers/errors.js';

/** Origins, iframes, extensions and AppID through whole ceremonies made by the software authenticator. */
const rpID = 'example.com';
const origin = 'https://example.com';

function creation(extensions?: Record<string, unknown>) {
  return generateRegistrationOptions({ rpName: 'Example', rpID, userName: 'alice', extensions });
}

describe('origins through the ceremonies', () => {
  it('accepts a cross-origin iframe only under an explicit policy with an allowed top origin', async () => {
    const authenticator = new SoftwareAuthenticator();
    const opts = creation();
    const response = await authenticator.createCredential(opts, origin, { crossOrigin: true, topOrigin: 'https://shop.example.net' });
    const base = { response, expectedChallenge: opts.challenge, expectedOrigin: origin, expectedRPID: rpID };
    expect(await asyncErrorCode(() => verifyRegistrationResponse(base))).toBe('cross_origin_not_allowed');
    expect(
      await asyncErrorCode(() => verifyRegistrationResponse({ ...base, crossOrigin: { allowCrossOrigin: true, allowedTopOrigins: ['https://other.example.net'] } })),
    ).toBe('top_origin_mismatch');
    const ok = await verifyRegistrationResponse({ ...base, crossOrigin: { allowCrossOrigin: true, allowedTopOrigins: ['https://shop.example.net'] } });
    expect(ok.crossOrigin).toBe(true);
    expect(ok.topOrigin).toBe('https://shop.example.net');
  });

  it('rejects a topOrigin on a ceremony that claims not to be cross-origin', async () => {
    const authenticator = new SoftwareAuthenticator();
    const opts = creation();
    const response = await authenticator.createCredential(opts, origin, { crossOrigin: false, topOrigin: 'https://shop.example.net' });
    const error = await caught(() =>
      verifyRegistrationResponse({ response, expectedChallenge: opts.challenge, expectedOrigin: origin, expectedRPID: rpID }),
    );
    expect([error.code, error.step]).toEqual(['top_origin_mismatch', '7.1 step 9']);
  });

  it('accepts an Android app origin only when it is configured', async () => {
    const app = androidApkKeyHashOrigin(new Uint8Array(32).fill(0x42));
    const authenticator = new SoftwareAuthenticator();
    const opts = creation();
    const response = await authenticator.createCredential(opts, origin, { origin: app });
    const base = { response, expectedChallenge: opts.challenge, expectedRPID: rpID };
    expect(await asyncErrorCode(() => verifyRegistrationResponse({ ...base, expectedOrigin: origin }))).toBe('origin_mismatch');
    const ok = await verifyRegistrationResponse({ ...base, expectedOrigin: [origin, app] });
    expect(ok.origin).toBe(app);
  });

  it('accepts related origins for the RP ID through relatedOriginsMatcher', async () => {
    const authenticator = new SoftwareAuthenticator();
    const opts = creation();
    const response = await authenticator.createCredential(opts, 'https://example.co.uk');
    const base = { response, expectedChallenge: opts.challenge, expectedRPID: rpID };
    expect(await asyncErrorCode(() => verifyRegistrationResponse({ ...base, expectedOrigin: origin }))).toBe('origin_mismatch');
    const matcher = await relatedOriginsMatcher(rpID, [origin, 'https://example.co.uk']);
    expect((await verifyRegistrationResponse({ ...base, expectedOrigin: matcher })).origin).toBe('https://example.co.uk');
  });
});

describe('extensions through the ceremonies', () => {
  it('checks an enforced credProtect level against the authenticator output', async () => {
    const extensions = { credentialProtectionPolicy: 'userVerificationRequired', enforceCredentialProtectionPolicy: true } as const;
    const opts = creation(extensions);
    for (const [level, expected] of [[1, 'extension_invalid'], [3, 'no error']] as const) {
      const authenticator = new SoftwareAuthenticator();
      const response = await authenticator.createCredential(opts, origin, { authenticatorExtensions: new Map([['credProtect', level]]) });
      const code = await asyncErrorCode(() =>
        verifyRegistrationResponse({ response, expectedChallenge: opts.challenge, expectedOrigin: origin, expectedRPID: rpID, requestedExtensions: opts.extensions }),
      );
      expect(code).toBe(expected);
    }
  });

  it('returns typed prf and credProps outputs and records discoverability', async () => {
    const opts = creation({ prf: {} });
    const authenticator = new SoftwareAuthenticator();
    const response = await authenticator.createCredential(opts, origin, {
      clientExtensionResults: { credProps: { rk: false }, prf: { enabled: true } },
      authenticatorExtensions: new Map([['hmac-secret', true]]),
    });
    const result = await verifyRegistrationResponse({
      response, expectedChallenge: opts.challenge, expectedOrigin: origin, expectedRPID: rpID, requestedExtensions: opts.extensions,
    });
    expect(result.clientExtensionResults.prf?.enabled).toBe(true);
    expect(result.credential.discoverable).toBe(false);
  });

  it('signs in a U2F credential scoped to its AppID only when the client says it used the AppID', async () => {
    const appid = 'https://example.com/u2f-app-id.json';
    const authenticator = new SoftwareAuthenticator({ backupEligible: false });
    const opts = creation();
    const registration = await authenticator.createCredential(opts, origin);
    const { credential } = await verifyRegistrationResponse({
      response: registration, expectedChallenge: opts.challenge, expectedOrigin: origin, expectedRPID: rpID, userID: opts.user.id,
    });
    const request = generateAuthenticationOptions({ rpID, extensions: { appid } });
    const legacy = { rpId: appid }; // a credential made through the U2F API is scoped to the AppID
    const verify = (response: unknown) =>
      verifyAuthenticationResponse({
        response, expectedChallenge: request.challenge, expectedOrigin: origin, expectedRPID: rpID, credential, requestedExtensions: request.extensions,
      });
    const withoutFlag = await authenticator.getAssertion(request, origin, legacy);
    expect(await asyncErrorCode(() => verify(withoutFlag))).toBe('rp_id_mismatch');
    const withFlag = await authenticator.getAssertion(request, origin, { ...legacy, clientExtensionResults: { appid: true } });
    expect((await verify(withFlag)).rpID).toBe(appid);
  });
});
