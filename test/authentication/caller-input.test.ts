import { beforeAll, describe, expect, it } from 'vitest';
import { generateRegistrationOptions } from '../../src/registration/options.js';
import { verifyRegistrationResponse } from '../../src/registration/verify.js';
import { generateAuthenticationOptions, type GenerateAuthenticationOptionsInput } from '../../src/authentication/options.js';
import { verifyAuthenticationResponse, type VerifyAuthenticationInput } from '../../src/authentication/verify.js';
import { SoftwareAuthenticator } from '../../src/testing/authenticator.js';
import { toBase64url } from '../../src/encoding/base64url.js';
import type { AuthenticationResponseJSON, CredentialRecord, PublicKeyCredentialRequestOptionsJSON } from '../../src/types.js';
import { asyncErrorCode, caught, errorCode } from '../helpers/errors.js';

/**
 * What the host application passes to the sign-in functions: every bad value is refused with a
 * WebAuthnError ('invalid_options', or the more precise code), never a TypeError or RangeError,
 * and before the challenge is looked at.
 */

const rpID = 'example.com';
const origin = 'https://example.com';

/** An array nested `depth` deep, built without recursion. */
function nestedArray(depth: number): unknown[] {
  let value: unknown[] = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

const deep = nestedArray(100_000);

let credential: CredentialRecord;
let request: PublicKeyCredentialRequestOptionsJSON;
let response: AuthenticationResponseJSON;

beforeAll(async () => {
  const authenticator = new SoftwareAuthenticator();
  const creation = generateRegistrationOptions({ rpName: 'Example', rpID, userName: 'alice', userID: new Uint8Array([1, 2, 3]) });
  ({ credential } = await verifyRegistrationResponse({
    response: await authenticator.createCredential(creation, origin),
    expectedChallenge: creation.challenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    userID: creation.user.id,
  }));
  request = generateAuthenticationOptions({ rpID, allowCredentials: [credential] });
  response = await authenticator.getAssertion(request, origin);
});

function verify(change: Record<string, unknown>) {
  return verifyAuthenticationResponse({
    response,
    expectedChallenge: request.challenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    credential,
    ...change,
  } as VerifyAuthenticationInput);
}

describe('verifyAuthenticationResponse: bad caller values', () => {
  it('accepts the unchanged input (the baseline every case below changes one value of)', async () => {
    expect(await asyncErrorCode(() => verify({}))).toBe('no error');
  });

  // A function when the change needs the enrolled credential.
  const cases: [string, Record<string, unknown> | (() => Record<string, unknown>), string][] = [
    ['now: an Invalid Date', { now: new Date(Number.NaN) }, 'invalid_options'],
    ['now: a string', { now: '2026-01-01' }, 'invalid_options'],
    ['now: a number', { now: 0 }, 'invalid_options'],
    ['supportedAlgorithmIDs: a number', { supportedAlgorithmIDs: -7 }, 'invalid_options'],
    ['supportedAlgorithmIDs: a string', { supportedAlgorithmIDs: '-7' }, 'invalid_options'],
    ['supportedAlgorithmIDs: an object', { supportedAlgorithmIDs: { 0: -7, length: 1 } }, 'invalid_options'],
    ['supportedAlgorithmIDs: an empty list', { supportedAlgorithmIDs: [] }, 'invalid_options'],
    ['supportedAlgorithmIDs: a non-integer entry', { supportedAlgorithmIDs: [-7, 1.5] }, 'invalid_options'],
    ['expectedOrigin: a deeply nested array', { expectedOrigin: deep }, 'invalid_options'],
    ['expectedOrigin: a list with a non-string', { expectedOrigin: [origin, 5] }, 'invalid_options'],
    ['expectedRPID: a deeply nested array', { expectedRPID: deep }, 'invalid_options'],
    ['expectedRPID: an origin', { expectedRPID: 'https://example.com' }, 'invalid_rp_id'],
    ['requestedExtensions: a string', { requestedExtensions: 'ab' }, 'invalid_options'],
    ['requestedExtensions: an array', { requestedExtensions: ['appid'] }, 'invalid_options'],
    ['allowCredentials: a string', { allowCredentials: 'AAAA' }, 'invalid_options'],
    ['allowCredentials: a number entry', { allowCredentials: [42] }, 'invalid_options'],
    ['allowCredentials: a null entry', { allowCredentials: [null] }, 'invalid_options'],
    ['allowCredentials: a nested array entry', { allowCredentials: deep }, 'invalid_options'],
    ['allowCredentials: an entry without a string id', { allowCredentials: [{ id: 5 }] }, 'invalid_options'],
    ['allowCredentials: an id that is not base64url', { allowCredentials: ['a+b/'] }, 'malformed_base64url'],
    ['credential.backupEligible: null', () => ({ credential: { ...credential, backupEligible: null } }), 'invalid_options'],
    ['credential: a string', { credential: 'record' }, 'invalid_options'],
    ['requireUserVerification: the string "false"', { requireUserVerification: 'false' }, 'invalid_options'],
    ['requireUserHandle: the string "true" (would fail open as false)', { requireUserHandle: 'true' }, 'invalid_options'],
  ];

  for (const [name, change, code] of cases) {
    it(`${name}: ${code}`, async () => {
      expect(await asyncErrorCode(() => verify(typeof change === 'function' ? change() : change))).toBe(code);
    });
  }

  for (const [name, input] of [['null', null], ['undefined', undefined], ['a string', 'options'], ['an array', []]] as const) {
    it(`refuses ${name} as its input: invalid_options`, async () => {
      expect(await asyncErrorCode(() => verifyAuthenticationResponse(input as never))).toBe('invalid_options');
    });
  }

  it('checks its options before the challenge, so that a mistake does not consume it', async () => {
    let asked = 0;
    const expectedChallenge = (challenge: string) => {
      asked += 1;
      return challenge === request.challenge;
    };
    expect(await asyncErrorCode(() => verify({ expectedChallenge, now: new Date(Number.NaN) }))).toBe('invalid_options');
    expect(await asyncErrorCode(() => verify({ expectedChallenge, expectedRPID: 'Example.com' }))).toBe('invalid_rp_id');
    expect(asked).toBe(0);
    expect(await asyncErrorCode(() => verify({ expectedChallenge }))).toBe('no error');
    expect(asked).toBe(1);
  });

  it('names the top-level option in its message', async () => {
    const error = await caught(() => verify({ now: new Date(Number.NaN) }));
    expect(error.message).toBe('now must be a valid Date');
  });
});

describe('verifyAuthenticationResponse: allowCredentials takes what generateAuthenticationOptions takes (7.2 step 5)', () => {
  const shapes: [string, () => unknown[]][] = [
    ['stored records', () => [credential]],
    ['the descriptors the options carried', () => request.allowCredentials ?? []],
    ['credential ids', () => [credential.id]],
    ['references { id }', () => [{ id: credential.id }]],
  ];

  for (const [name, list] of shapes) {
    it(`accepts ${name}`, async () => {
      const result = await verify({ allowCredentials: list() });
      expect(result.credentialId).toBe(credential.id);
    });

    it(`refuses a credential missing from ${name}: unknown_credential`, async () => {
      const other = toBase64url(new Uint8Array(32).fill(1));
      const without = list().map((entry) => (typeof entry === 'string' ? other : { ...(entry as object), id: other }));
      const error = await caught(() => verify({ allowCredentials: without }));
      expect([error.code, error.step]).toEqual(['unknown_credential', '7.2 step 5']);
    });
  }

  it('treats an empty list as no list (discoverable sign-in)', async () => {
    expect(await asyncErrorCode(() => verify({ allowCredentials: [] }))).toBe('no error');
  });
});

describe('generateAuthenticationOptions: bad caller values', () => {
  const build = (change: Record<string, unknown>) => generateAuthenticationOptions({ rpID, ...change } as GenerateAuthenticationOptionsInput);

  const cases: [string, Record<string, unknown>, string][] = [
    ['hints: a deeply nested array', { hints: deep }, 'invalid_options'],
    ['hints: an object entry', { hints: [{}] }, 'invalid_options'],
    ['extensions: a string', { extensions: 'ab' }, 'invalid_options'],
    ['extensions: an array', { extensions: ['appid'] }, 'invalid_options'],
    ['extensions: a Map', { extensions: new Map([['appid', 'x']]) }, 'invalid_options'],
    ['allowCredentials: a nested array entry', { allowCredentials: [['AAEC']] }, 'invalid_options'],
    ['rpID: an origin', { rpID: 'https://example.com' }, 'invalid_rp_id'],
  ];

  for (const [name, change, code] of cases) {
    it(`${name}: ${code}`, () => {
      expect(errorCode(() => build(change))).toBe(code);
    });
  }

  for (const [name, input] of [['null', null], ['undefined', undefined], ['a number', 5]] as const) {
    it(`refuses ${name} as its input: invalid_options`, () => {
      expect(errorCode(() => generateAuthenticationOptions(input as never))).toBe('invalid_options');
    });
  }

  it('takes credential ids as well as records', () => {
    const options = build({ allowCredentials: ['AAEC', { id: 'AwQF', transports: ['usb'] }] });
    expect(options.allowCredentials).toEqual([
      { id: 'AAEC', type: 'public-key' },
      { id: 'AwQF', type: 'public-key', transports: ['usb'] },
    ]);
  });

  it('copies a plain extensions object, including one from JSON.parse', () => {
    const extensions = JSON.parse('{"appid":"https://example.com/appid.json"}');
    expect(build({ extensions }).extensions).toEqual({ appid: 'https://example.com/appid.json' });
  });
});
