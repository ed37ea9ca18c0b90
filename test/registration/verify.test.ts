import { describe, expect, it } from 'vitest';
import { DEFAULT_REGISTRATION_ALGORITHMS, generateRegistrationOptions } from '../../src/registration/options.js';
import { verifyRegistrationResponse, type VerifyRegistrationInput } from '../../src/registration/verify.js';
import { SoftwareAuthenticator, type CeremonyOverrides } from '../../src/testing/authenticator.js';
import { createPackedAttestation } from '../../src/testing/attestation-packed.js';
import { encodeCbor } from '../../src/encoding/cbor-encode.js';
import { decodeCbor, type CborMap } from '../../src/encoding/cbor.js';
import { concat, utf8 } from '../../src/encoding/bytes.js';
import { fromBase64url, toBase64url } from '../../src/encoding/base64url.js';
import { parseAuthenticatorData } from '../../src/parse/authenticator-data.js';
import { registrationExtensions } from '../../src/extensions/inputs.js';
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
    ['7.1 step 18', 'extension_invalid', { clientExtensionResults: { credProps: { rk: 'yes' } } }],
    ['7.1 step 18', 'extension_invalid', { authenticatorExtensions: new Map([['hmac-secret', new Uint8Array(32)]]) }, { requestedExtensions: { hmacCreateSecret: true } }],
    ['7.1 step 19', 'unsupported_attestation_format', { attestation: async () => ({ fmt: 'org.example.custom', attStmt: new Map() }) }],
    // Step 20 runs the format's verification procedure, whose errors cite the format's section.
    ['8.7 none', 'attestation_statement_invalid', { attestation: async () => ({ fmt: 'none', attStmt: new Map([['sig', new Uint8Array(1)]]) }) }],
    ['8.2 packed', 'attestation_signature_invalid', {
      attestation: async ({ credential }) => ({ fmt: 'packed', attStmt: new Map<string, unknown>([['alg', credential.alg], ['sig', new Uint8Array(64)]]) }),
    }],
    ['7.1 step 22', 'attestation_untrusted', {}, { attestation: { requireTrustedAttestation: true } }],
    ['7.1 step 22', 'attestation_type_not_allowed', {}, { attestation: { allowedTypes: ['basic', 'attca'] } }],
  ];

  for (const [step, code, overrides, extra] of cases) {
    it(`${step}: ${code}`, async () => {
      const { opts, response } = await register(overrides);
      const error = await caught(() => verify(response, opts.challenge, extra));
      expect(error.code).toBe(code);
      expect(error.step).toBe(step);
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

  it('7.1 step 23: a credential ID over 1023 bytes is rejected, after the steps before it', async () => {
    const longId = new SoftwareAuthenticator({ credentialIdLength: 1024 });
    const { opts, response } = await register({}, longId);
    const error = await caught(() => verify(response, opts.challenge));
    expect([error.code, error.step]).toEqual(['credential_id_too_long', '7.1 step 23']);
    const wrongRp = await register({ rpId: 'evil.example' }, longId);
    const first = await caught(() => verify(wrongRp.response, wrongRp.opts.challenge));
    expect([first.code, first.step]).toEqual(['rp_id_mismatch', '7.1 step 12']);
    const { opts: opts1023, response: ok } = await register({}, new SoftwareAuthenticator({ credentialIdLength: 1023 }));
    expect((await verify(ok, opts1023.challenge)).credential.id).toBe(ok.id);
  });

  it('7.1 step 24: a credential ID already registered is rejected', async () => {
    const { opts, response } = await register();
    const seen = new Set([response.id]);
    const error = await caught(() => verify(response, opts.challenge, { isCredentialIdRegistered: (id) => seen.has(id) }));
    expect([error.code, error.step]).toEqual(['credential_already_registered', '7.1 step 24']);
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

/** The response with its credential public key edited; fmt "none", as nothing may sign the edited authData. */
function withCredentialKey(response: RegistrationResponseJSON, edit: (key: CborMap) => void): RegistrationResponseJSON {
  const object = decodeCbor(fromBase64url(response.response.attestationObject)) as CborMap;
  const authData = object.get('authData') as Uint8Array;
  const attested = parseAuthenticatorData(authData).attestedCredentialData!;
  const key = decodeCbor(attested.credentialPublicKey) as CborMap;
  edit(key);
  const head = authData.subarray(0, 37 + 18 + attested.credentialId.length);
  const edited = new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', concat(head, encodeCbor(key))]]);
  return { ...response, response: { ...response.response, attestationObject: toBase64url(encodeCbor(edited)) } };
}

describe('verifyRegistrationResponse: steps with no single override', () => {
  it('7.1 step 10: a self attestation over other clientDataJSON bytes does not verify', async () => {
    const opts = options();
    const altered = utf8(JSON.stringify({ type: 'webauthn.create', challenge: opts.challenge, origin, crossOrigin: false, note: 'not the bytes signed' }));
    const response = await new SoftwareAuthenticator({ attestation: 'packed-self' }).createCredential(opts, origin, { clientDataJSON: altered });
    const error = await caught(() => verify(response, opts.challenge));
    // The hash of step 10 is what the statement signs: its mismatch shows in the format's procedure (step 20).
    expect([error.code, error.step]).toEqual(['attestation_signature_invalid', '8.2 packed']);
  });

  it('7.1 step 17: a credential key with an alg this library does not know is unsupported_algorithm', async () => {
    const { opts, response } = await register();
    const error = await caught(() => verify(withCredentialKey(response, (key) => key.set(3, -999)), opts.challenge));
    expect([error.code, error.step]).toEqual(['unsupported_algorithm', '7.1 step 17']);
  });

  it('7.1 step 17: a credential key without alg is malformed_cose_key', async () => {
    const { opts, response } = await register();
    const error = await caught(() => verify(withCredentialKey(response, (key) => key.delete(3)), opts.challenge));
    expect([error.code, error.step]).toEqual(['malformed_cose_key', '7.1 step 17']);
  });

  it('7.1 step 17: by default, exactly the algorithms the options builder offers are accepted', async () => {
    expect(options().pubKeyCredParams.map((p) => p.alg)).toEqual([...DEFAULT_REGISTRATION_ALGORITHMS]);
    const { opts, response } = await register({}, new SoftwareAuthenticator({ algorithm: -35 }));
    expect((await verify(response, opts.challenge)).credential.algorithm).toBe(-35);
    for (const alg of [-36, -47, -37]) {
      const offered = await register({}, new SoftwareAuthenticator({ algorithm: alg }));
      const error = await caught(() => verify(offered.response, offered.opts.challenge));
      expect([error.code, error.step]).toEqual(['algorithm_not_allowed', '7.1 step 17']);
      const listed = await verify(offered.response, offered.opts.challenge, { supportedAlgorithmIDs: [alg] });
      expect(listed.credential.algorithm).toBe(alg);
    }
  });

  it('7.1 step 18: the requested extensions are merged over the defaults as the options builder merges them', async () => {
    const extensions = registrationExtensions({ prf: true });
    const opts = generateRegistrationOptions({ rpName: 'Example', rpID, userName: 'alice', extensions });
    expect(opts.extensions).toEqual({ credProps: true, prf: {} });
    const response = await new SoftwareAuthenticator().createCredential(opts, origin, {
      clientExtensionResults: { credProps: { rk: true }, prf: { enabled: true } },
    });
    const result = await verify(response, opts.challenge, { requestedExtensions: extensions, unsolicitedExtensions: 'reject' });
    expect(result.credential.discoverable).toBe(true);
    expect(result.clientExtensionResults.prf?.enabled).toBe(true);
    expect(result.clientExtensionResults.ignored).toEqual([]);
    expect(await asyncErrorCode(() => verify(response, opts.challenge, { requestedExtensions: 'prf' as never }))).toBe('invalid_options');
  });

  it('keeps a known authenticatorAttachment and ignores a value it does not know (a DOMString: L3 section 2.1.1)', async () => {
    const { opts, response } = await register();
    expect((await verify({ ...response, authenticatorAttachment: 'cross-platform' }, opts.challenge)).credential.authenticatorAttachment).toBe('cross-platform');
    const future = await verify({ ...response, authenticatorAttachment: 'future-value' }, opts.challenge);
    expect(future.credential.authenticatorAttachment).toBeUndefined();
    expect(await asyncErrorCode(() => verify({ ...response, authenticatorAttachment: 42 }, opts.challenge))).toBe('malformed_response');
  });
});

describe('verifyRegistrationResponse: attestation trust (7.1 steps 21-22)', () => {
  const model = '6d44ba9b-f6ec-4e0d-a2f4-6f0b1d1b2a01';
  const trusting = (trustAnchors: NonNullable<VerifyRegistrationInput['attestation']>['trustAnchors']) => ({
    attestation: { trustAnchors, requireTrustedAttestation: true },
  });

  it('step 21 picks the anchors for the AAGUID; step 22 trusts only a chain that reaches one of them', async () => {
    const packed = await createPackedAttestation({ aaguid: model });
    const { opts, response } = await register({}, new SoftwareAuthenticator({ algorithm: -7, aaguid: model, attestation: packed.signer }));
    const trusted = await verify(response, opts.challenge, trusting({ byAaguid: { [model]: [packed.issuer.der] } }));
    expect(trusted.attestation).toMatchObject({ format: 'packed', type: 'basic', trusted: true });
    const otherModel = trusting({ byAaguid: { '00000000-0000-4000-8000-000000000001': [packed.issuer.der] } });
    const error = await caught(() => verify(response, opts.challenge, otherModel));
    expect([error.code, error.step]).toEqual(['attestation_untrusted', '7.1 step 22']);
  });

  it('step 22: a chain that reaches an anchor but is itself broken (an expired leaf) is attestation_chain_invalid', async () => {
    const packed = await createPackedAttestation({ expired: true });
    const { opts, response } = await register({}, new SoftwareAuthenticator({ algorithm: -7, attestation: packed.signer }));
    const error = await caught(() => verify(response, opts.challenge, trusting({ byFormat: { packed: [packed.issuer.der] } })));
    expect([error.code, error.step]).toEqual(['attestation_chain_invalid', '7.1 step 22']);
  });
});
