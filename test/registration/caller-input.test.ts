import { beforeAll, describe, expect, it } from 'vitest';
import { generateRegistrationOptions, type GenerateRegistrationOptionsInput } from '../../src/registration/options.js';
import { verifyRegistrationResponse, type VerifyRegistrationInput } from '../../src/registration/verify.js';
import { SoftwareAuthenticator } from '../../src/testing/authenticator.js';
import { WebAuthnError } from '../../src/errors.js';
import { fromBase64url, toBase64url } from '../../src/encoding/base64url.js';
import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from '../../src/types.js';
import { asyncErrorCode, caught, errorCode } from '../helpers/errors.js';

/**
 * What the host application passes to the registration functions: every bad value is refused with
 * a WebAuthnError ('invalid_options', or the more precise code), never a TypeError or RangeError,
 * and before the challenge is looked at. Callbacks' own errors pass through unchanged.
 */

const rpID = 'example.com';
const origin = 'https://example.com';
const base = { rpName: 'Example', rpID, userName: 'alice@example.com' };

/** An array nested `depth` deep, built without recursion. */
function nestedArray(depth: number): unknown[] {
  let value: unknown[] = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

const deep = nestedArray(100_000);
const hostileText = {
  toString() {
    throw new TypeError('toString');
  },
};

let creation: PublicKeyCredentialCreationOptionsJSON;
let response: RegistrationResponseJSON;

beforeAll(async () => {
  creation = generateRegistrationOptions(base);
  response = await new SoftwareAuthenticator().createCredential(creation, origin);
});

function verify(change: Record<string, unknown>) {
  return verifyRegistrationResponse({
    response,
    expectedChallenge: creation.challenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    ...change,
  } as VerifyRegistrationInput);
}

describe('verifyRegistrationResponse: bad caller values', () => {
  it('accepts the unchanged input (the baseline every case below changes one value of)', async () => {
    expect(await asyncErrorCode(() => verify({}))).toBe('no error');
  });

  const cases: [string, Record<string, unknown>, string][] = [
    ['requireUserVerification: the number 0', { requireUserVerification: 0 }, 'invalid_options'],
    ['mediation: "silent" (only "conditional" changes anything)', { mediation: 'silent' }, 'invalid_options'],
    ['now: an Invalid Date', { now: new Date(Number.NaN) }, 'invalid_options'],
    ['now: a number', { now: 0 }, 'invalid_options'],
    ['supportedAlgorithmIDs: a number', { supportedAlgorithmIDs: -7 }, 'invalid_options'],
    ['supportedAlgorithmIDs: a string', { supportedAlgorithmIDs: '-8' }, 'invalid_options'],
    ['supportedAlgorithmIDs: an object', { supportedAlgorithmIDs: {} }, 'invalid_options'],
    ['supportedAlgorithmIDs: an empty list', { supportedAlgorithmIDs: [] }, 'invalid_options'],
    ['isCredentialIdRegistered: a number', { isCredentialIdRegistered: 1 }, 'invalid_options'],
    ['isCredentialIdRegistered: a string', { isCredentialIdRegistered: 'yes' }, 'invalid_options'],
    ['isCredentialIdRegistered: an object', { isCredentialIdRegistered: {} }, 'invalid_options'],
    ['attestation: a string', { attestation: 'ab' }, 'invalid_options'],
    ['attestation: an array', { attestation: [] }, 'invalid_options'],
    ['requestedExtensions: a string', { requestedExtensions: 'ab' }, 'invalid_options'],
    ['expectedOrigin: a deeply nested array', { expectedOrigin: deep }, 'invalid_options'],
    ['expectedOrigin: a list with an object', { expectedOrigin: [origin, hostileText] }, 'invalid_options'],
    ['expectedRPID: a deeply nested array', { expectedRPID: deep }, 'invalid_options'],
    ['expectedRPID: upper case', { expectedRPID: 'Example.com' }, 'invalid_rp_id'],
    ['expectedRPID: one bad entry in a list', { expectedRPID: [rpID, 'example.com:443'] }, 'invalid_rp_id'],
    ['userID: an empty string', { userID: '' }, 'invalid_options'],
    ['userID: an empty Uint8Array', { userID: new Uint8Array(0) }, 'invalid_options'],
    ['userID: 65 bytes', { userID: new Uint8Array(65) }, 'invalid_options'],
    ['userID: 65 bytes as base64url', { userID: toBase64url(new Uint8Array(65)) }, 'invalid_options'],
    ['userID: not base64url', { userID: 'a+b/' }, 'invalid_options'],
    ['userID: null', { userID: null }, 'invalid_options'],
    ['userID: a number array', { userID: [1, 2, 3] }, 'invalid_options'],
    ['userID: a deeply nested array', { userID: deep }, 'invalid_options'],
  ];

  for (const [name, change, code] of cases) {
    it(`${name}: ${code}`, async () => {
      expect(await asyncErrorCode(() => verify(change))).toBe(code);
    });
  }

  for (const [name, input] of [['null', null], ['undefined', undefined], ['a string', 'options'], ['an array', []]] as const) {
    it(`refuses ${name} as its input: invalid_options`, async () => {
      expect(await asyncErrorCode(() => verifyRegistrationResponse(input as never))).toBe('invalid_options');
    });
  }

  it('names the top-level "now" in its message, not an attestation option', async () => {
    const error = await caught(() => verify({ now: new Date(Number.NaN) }));
    expect(error.message).toBe('now must be a valid Date');
  });

  it('checks its options before the challenge, so that a mistake does not consume it', async () => {
    let asked = 0;
    const expectedChallenge = (challenge: string) => {
      asked += 1;
      return challenge === creation.challenge;
    };
    expect(await asyncErrorCode(() => verify({ expectedChallenge, userID: '' }))).toBe('invalid_options');
    expect(await asyncErrorCode(() => verify({ expectedChallenge, isCredentialIdRegistered: true }))).toBe('invalid_options');
    expect(asked).toBe(0);
  });

  it('stores a userID of 1 and of 64 bytes, given as bytes or as base64url', async () => {
    for (const bytes of [new Uint8Array([9]), new Uint8Array(64).fill(7)]) {
      for (const userID of [bytes, toBase64url(bytes)]) {
        const { credential } = await verify({ userID });
        expect(credential.userHandle).toBe(toBase64url(bytes));
      }
    }
  });
});

describe('verifyRegistrationResponse: isCredentialIdRegistered (7.1 step 24)', () => {
  it('lets the callback\'s own error through unchanged', async () => {
    const failure = new TypeError('database down');
    const thrown = await verify({
      isCredentialIdRegistered: () => {
        throw failure;
      },
    }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(thrown).toBe(failure);
  });

  it('lets a rejected promise through unchanged, WebAuthnError or not', async () => {
    const mine = new WebAuthnError('not_authorized', 'the account is locked');
    const thrown = await verify({ isCredentialIdRegistered: () => Promise.reject(mine) }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(thrown).toBe(mine);
  });

  it('refuses a registered credential ID', async () => {
    const error = await caught(() => verify({ isCredentialIdRegistered: async (id: string) => id === response.id }));
    expect([error.code, error.step]).toEqual(['credential_already_registered', '7.1 step 24']);
  });
});

describe('generateRegistrationOptions: bad caller values', () => {
  const build = (change: Record<string, unknown>) => generateRegistrationOptions({ ...base, ...change } as GenerateRegistrationOptionsInput);

  const cases: [string, Record<string, unknown>, string][] = [
    ['supportedAlgorithmIDs: a number', { supportedAlgorithmIDs: -7 }, 'invalid_options'],
    ['supportedAlgorithmIDs: a string', { supportedAlgorithmIDs: '-7' }, 'invalid_options'],
    ['attestationFormats: a number', { attestationFormats: 1 }, 'invalid_options'],
    ['attestationFormats: an object', { attestationFormats: {} }, 'invalid_options'],
    ['attestationFormats: a string (iterable, but not a list)', { attestationFormats: 'packed' }, 'invalid_options'],
    ['attestationFormats: a nested list', { attestationFormats: [['packed']] }, 'invalid_options'],
    ['hints: a deeply nested array', { hints: deep }, 'invalid_options'],
    ['hints: a Symbol entry', { hints: [Symbol('hybrid')] }, 'invalid_options'],
    ['extensions: a string', { extensions: 'ab' }, 'invalid_options'],
    ['extensions: an array', { extensions: ['credProps'] }, 'invalid_options'],
    ['extensions: a class instance', { extensions: new Date() }, 'invalid_options'],
    ['userDisplayName: a deeply nested array', { userDisplayName: deep }, 'invalid_options'],
    ['userDisplayName: an object that throws on toString', { userDisplayName: hostileText }, 'invalid_options'],
    ['userDisplayName: a null-prototype object', { userDisplayName: Object.create(null) }, 'invalid_options'],
    ['attestation: a Symbol', { attestation: Symbol('direct') }, 'invalid_options'],
    ['attestation: an object that throws on toString', { attestation: hostileText }, 'invalid_options'],
    ['userID: an empty string', { userID: '' }, 'invalid_options'],
    ['userID: 65 bytes', { userID: new Uint8Array(65) }, 'invalid_options'],
    ['userID: 65 bytes as base64url', { userID: toBase64url(new Uint8Array(65)) }, 'invalid_options'],
    ['userID: null', { userID: null }, 'invalid_options'],
    ['rpID: an origin', { rpID: 'https://example.com' }, 'invalid_rp_id'],
  ];

  for (const [name, change, code] of cases) {
    it(`${name}: ${code}`, () => {
      expect(errorCode(() => build(change))).toBe(code);
    });
  }

  for (const [name, input] of [['null', null], ['undefined', undefined], ['a number', 5]] as const) {
    it(`refuses ${name} as its input: invalid_options`, () => {
      expect(errorCode(() => generateRegistrationOptions(input as never))).toBe('invalid_options');
    });
  }

  it('takes userID as base64url too, so one value serves the options and the verifier', async () => {
    const userID = toBase64url(new Uint8Array(16).fill(3));
    const options = generateRegistrationOptions({ ...base, userID });
    expect(options.user.id).toBe(userID);
    expect(fromBase64url(options.user.id)).toEqual(new Uint8Array(16).fill(3));
    const registration = await new SoftwareAuthenticator().createCredential(options, origin);
    const { credential } = await verifyRegistrationResponse({
      response: registration,
      expectedChallenge: options.challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      userID,
    });
    expect(credential.userHandle).toBe(userID);
  });

  it('allows an empty userDisplayName (WebAuthn L3 section 5.4.3)', () => {
    expect(build({ userDisplayName: '' }).user.displayName).toBe('');
  });
});
