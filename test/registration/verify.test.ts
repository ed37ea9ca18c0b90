import { describe, expect, it } from 'vitest';
import { generateRegistrationOptions } from '../../src/registration/options.js';
import { verifyRegistrationResponse, type VerifyRegistrationInput } from '../../src/registration/verify.js';
import { SoftwareAuthenticator, type CeremonyOverrides } from '../../src/testing/authenticator.js';
import { encodeCbor } from '../../src/encoding/cbor-encode.js';
import { fromBase64url, toBase64url } from '../../src/encoding/base64url.js';
import type { RegistrationResponseJSON } from '../../src/types.js';
import { asyncErrorCode, caught } from '../helpers/errors.js';

const rpID = 'example.com';
const origin = 'https://example.com';

function options() {
  return generateRegistrationOptions({ rpName: 'Example', rpID, userName: 'alice@example.com', userID: new Uint8Array([1, 2, 3, 4]) });
}

async function register(overrides: CeremonyOverrides = {}, authenticator = new SoftwareAuthenticator()) {
  const opts = options();
  const response = await authenticator.createCredential(opts, origin, overrides);
  return { opts, response, authenticator };
}

function verify(response: unknown, challenge: string, extra: Partial<VerifyRegistrationInput> = {}) {
  return verifyRegistrationResponse({ response, expectedChallenge: challenge, expectedOrigin: origin, expectedRPID: rpID, ...extra });
}

describe('verifyRegistrationResponse: a valid ceremony', () => {
  it('returns a credential record that round-trips through JSON', async () => {
    const { opts, response } = await register();
    const result = await verify(response, opts.challenge, { userID: opts.user.id, now: new Date('2026-01-02T03:04:05Z') });
    const record = result.credential;
    expect(record.id).toBe(response.id);
    expect(record.algorithm).toBe(-8); // first of the default pubKeyCredParams
    expect(record.signCount).toBe(0);
    expect(record.transports).toEqual(['internal', 'hybrid']);
    expect(record.backupEligible).toBe(true);
    expect(record.backupState).toBe(true);
    expect(record.uvInitialized).toBe(true);
    expect(record.aaguid).toBe('00000000-0000-0000-0000-000000000000');
    expect(record.attestationFormat).toBe('none');
    expect(record.userHandle).toBe(opts.user.id);
    expect(record.discoverable).toBe(true);
    expect(record.createdAt).toBe('2026-01-02T03:04:05.000Z');
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
    expect(result.userVerified).toBe(true);
    expect(result.attestation.type).toBe('none');
    expect(result.attestation.trusted).toBe(false);
    expect(result.rpID).toBe(rpID);
    expect(result.origin).toBe(origin);
  });

  for (const alg of [-7, -8, -257]) {
    it(`verifies packed self attestation with COSE algorithm ${alg}`, async () => {
      const { opts, response } = await register({}, new SoftwareAuthenticator({ algorithm: alg, attestation: 'packed-self' }));
      const result = await verify(response, opts.challenge);
      expect(result.credential.algorithm).toBe(alg);
      expect(result.attestation).toMatchObject({ format: 'packed', type: 'self', trusted: false });
    });
  }

  it('accepts a challenge verifier function', async () => {
    const { opts, response } = await register();
    await expect(verify(response, opts.challenge, { expectedChallenge: (c: string) => c === opts.challenge })).resolves.toBeDefined();
  });

  it('treats malformed JSON envelopes as malformed_response', async () => {
    const { opts, response } = await register();
    expect(await asyncErrorCode(() => verify(null, opts.challenge))).toBe('malformed_response');
    expect(await asyncErrorCode(() => verify({ ...response, type: 'password' }, opts.challenge))).toBe('malformed_response');
    expect(await asyncErrorCode(() => verify({ ...response, response: { ...response.response, clientDataJSON: 'a+b' } }, opts.challenge))).toBe('malformed_response');
    expect(await asyncErrorCode(() => verify({ ...response, response: 'x' }, opts.challenge))).toBe('malformed_response');
  });
});

describe('verifyRegistrationResponse: each step of WebAuthn L3 section 7.1 fails on its own', () => {
  const cases: [string, string, CeremonyOverrides, Partial<VerifyRegistrationInput>?][] = [
    ['7.1 steps 5-6', 'malformed_client_data', { clientDataJSON: new TextEncoder().encode('not json') }],
    ['7.1 step 7', 'type_mismatch', { type: 'webauthn.get' }],
    ['7.1 step 8', 'challenge_mismatch', { challenge: toBase64url(new Uint8Array(32).fill(9)) }],
    ['7.1 step 9', 'origin_mismatch', { origin: 'https://evil.example' }],
    ['7.1 step 9', 'cross_origin_not_allowed', { crossOrigin: true, topOrigin: 'https://top.example' }],
    ['7.1 step 11', 'missing_attested_credential_data', { flags: { at: false } }],
    ['7.1 step 11', 'credential_id_mismatch', { responseId: toBase64url(new Uint8Array(32).fill(1)) }],
    ['7.1 step 11', 'malformed_authenticator_data', { appendToAuthData: new Uint8Array([0]) }],
    ['7.1 step 12', 'rp_id_mismatch', { rpId: 'evil.example' }],
    ['7.1 step 13', 'user_not_present', { flags: { up: false } }],
    ['7.1 step 14', 'user_not_verified', { flags: { uv: false } }],
    ['7.1 steps 15-16', 'backup_flags_invalid', { flags: { be: false, bs: true } }],
    ['7.1 step 17', 'algorithm_not_allowed', {}, { supportedAlgorithmIDs: [-257] }],
    ['7.1 step 18', 'extension_not_requested', { authenticatorExtensions: new Map([['credProtect', 2]]) }, { unsolicitedExtensions: 'reject' }],
    ['7.1 step 19', 'unsupported_attestation_format', { attestation: async () => ({ fmt: 'org.example.custom', attStmt: new Map() }) }],
    ['7.1 step 20', 'attestation_statement_invalid', { attestation: async () => ({ fmt: 'none', attStmt: new Map([['sig', new Uint8Array(1)]]) }) }],
    ['7.1 step 20', 'attestation_signature_invalid', {
      attestation: async ({ credential }) => ({ fmt: 'packed', attStmt: new Map<string, unknown>([['alg', credential.alg], ['sig', new Uint8Array(64)]]) }),
    }],
  ];

  for (const [step, code, overrides, extra] of cases) {
    it(`${step}: ${code}`, async () => {
      const { opts, response } = await register(overrides);
      const error = await caught(() => verify(response, opts.challenge, extra));
      expect(error.code).toBe(code);
      if (error.step !== undefined && step.startsWith('7.1 step ')) expect(error.step.startsWith('7.1') || error.step.startsWith('8')).toBe(true);
    });
  }

  it('7.1 step 13: UP may be absent only for a conditional create', async () => {
    const { opts, response } = await register({ flags: { up: false } });
    const result = await verify(response, opts.challenge, { mediation: 'conditional' });
    expect(result.credential.id).toBe(response.id);
  });

  it('7.1 step 14: UV may be absent when the RP does not require it', async () => {
    const { opts, response } = await register({ flags: { uv: false } });
    const result = await verify(response, opts.challenge, { requireUserVerification: false });
    expect(result.userVerified).toBe(false);
    expect(result.credential.uvInitialized).toBe(false);
  });

  it('7.1 step 8: a challenge verifier that returns false rejects', async () => {
    const { opts, response } = await register();
    expect(await asyncErrorCode(() => verify(response, opts.challenge, { expectedChallenge: () => false }))).toBe('challenge_mismatch');
  });

  it('7.1 step 23: a credential ID over 1023 bytes is rejected', async () => {
    const { opts, response } = await register({}, new SoftwareAuthenticator({ credentialIdLength: 1024 }));
    expect(await asyncErrorCode(() => verify(response, opts.challenge))).toBe('credential_id_too_long');
  });

  it('7.1 step 24: a credential ID already registered is rejected', async () => {
    const { opts, response } = await register();
    const seen = new Set([response.id]);
    expect(await asyncErrorCode(() => verify(response, opts.challenge, { isCredentialIdRegistered: (id) => seen.has(id) }))).toBe('credential_already_registered');
  });

  it('rejects an attestation object with trailing bytes', async () => {
    const { opts, response } = await register();
    const bytes = fromBase64url(response.response.attestationObject);
    const tampered: RegistrationResponseJSON = {
      ...response,
      response: { ...response.response, attestationObject: toBase64url(new Uint8Array([...bytes, 0])) },
    };
    expect(await asyncErrorCode(() => verify(tampered, opts.challenge))).toBe('malformed_cbor');
    const notMap = { ...response, response: { ...response.response, attestationObject: toBase64url(encodeCbor([1, 2])) } };
    expect(await asyncErrorCode(() => verify(notMap, opts.challenge))).toBe('malformed_attestation_object');
  });
});
