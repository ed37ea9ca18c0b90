import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAttestation } from '../../src/attestation/index.js';
import { MAX_SAFETYNET_RESPONSE, verifyAndroidSafetyNet } from '../../src/attestation/android-safetynet.js';
import type { AttestationOptions } from '../../src/attestation/types.js';
import { toBase64url } from '../../src/encoding/base64url.js';
import { utf8 } from '../../src/encoding/bytes.js';
import type { ErrorCode } from '../../src/errors.js';
import { createSafetyNetAttestation, type SafetyNetAttestation, type SafetyNetAttestationOptions } from '../../src/testing/attestation-android.js';
import { createRootCa, type IssuedCertificate } from '../../src/testing/ca.js';
import type { TestKeyPair } from '../../src/testing/keys.js';
import { clientDataHashOf, credential, rejection, statementInput, registerTrusted } from './helpers.js';

/** The android-safetynet attestation statement format (WebAuthn L3 section 8.5). */

let root: IssuedCertificate;
let rs256: SafetyNetAttestation;
let es256: SafetyNetAttestation;
let cred: { pair: TestKeyPair; authData: Uint8Array };

beforeAll(async () => {
  root = await createRootCa([['CN', 'SafetyNet Test Root']]);
  [rs256, es256, cred] = await Promise.all([
    createSafetyNetAttestation({ issuer: root, alg: 'RS256' }),
    createSafetyNetAttestation({ issuer: root, alg: 'ES256' }),
    credential(-7),
  ]);
});

/** A statement from the ES256 SafetyNet service (or one made with `options`), to verify right after it is made. */
async function statement(options?: SafetyNetAttestationOptions) {
  const service = options ? await createSafetyNetAttestation({ issuer: root, alg: 'ES256', ...options }) : es256;
  const clientDataHash = await clientDataHashOf();
  const { attStmt } = await service.signer({ authData: cred.authData, clientDataHash, credential: cred.pair });
  return statementInput('android-safetynet', attStmt, cred.authData, clientDataHash, new Date());
}

async function expectFailure(input: Awaited<ReturnType<typeof statement>>, code: ErrorCode, message: RegExp, policy: AttestationOptions = {}) {
  const error = await rejection(verifyAndroidSafetyNet(input, policy));
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
  return error;
}

/** Replaces one part of the compact JWS in `response`. */
function withResponse(input: Awaited<ReturnType<typeof statement>>, response: string) {
  input.attStmt.set('response', utf8(response));
  return input;
}

function responseText(input: Awaited<ReturnType<typeof statement>>): string {
  return new TextDecoder().decode(input.attStmt.get('response') as Uint8Array);
}

describe('android-safetynet: valid statements', () => {
  it('verifies an RS256 response, as Google signs them: Basic, x5c as trust path, the verdicts as facts', async () => {
    const clientDataHash = await clientDataHashOf();
    const { attStmt } = await rs256.signer({ authData: cred.authData, clientDataHash, credential: cred.pair });
    const result = await verifyAndroidSafetyNet(statementInput('android-safetynet', attStmt, cred.authData, clientDataHash), {});
    expect(result.type).toBe('basic');
    expect(result.trustPath.map((c) => c.der)).toEqual([rs256.leaf.der, root.der]);
    expect(result.facts).toMatchObject({ format: 'android-safetynet', ctsProfileMatch: true, basicIntegrity: true, apkPackageName: 'com.google.android.gms' });
    expect(typeof (result.facts as { timestampMs: number }).timestampMs).toBe('number');
  });

  it('verifies an ES256 response (JWS r||s signature)', async () => {
    expect((await verifyAndroidSafetyNet(await statement(), {})).type).toBe('basic');
  });

  it('is trusted through verifyAttestation only when the issuer is an anchor', async () => {
    const input = await statement();
    expect((await verifyAttestation(input, { trustAnchors: { byFormat: { 'android-safetynet': [root.der] } } })).trusted).toBe(true);
    expect((await verifyAttestation(input, {})).trusted).toBe(false);
  });
});

describe('android-safetynet: payload', () => {
  it('rejects a nonce that is not base64(SHA-256(authenticatorData || clientDataHash))', async () => {
    await expectFailure(await statement({ payload: { nonce: btoa('another nonce, another ceremony') } }), 'attestation_nonce_mismatch', /nonce/);
  });

  it('rejects the right nonce in base64url instead of base64', async () => {
    const input = await statement();
    const payload = JSON.parse(atob(responseText(input).split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { nonce: string };
    // 32 bytes always take one padding character in base64, so the two encodings always differ.
    const urlNonce = payload.nonce.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    await expectFailure(await statement({ payload: { nonce: urlNonce } }), 'attestation_nonce_mismatch', /nonce/);
  });

  it('rejects a response older than maxAgeMs (default one minute), and accepts it with a larger maxAgeMs', async () => {
    const input = await statement({ payload: { timestampMs: Date.now() - 61_000 } });
    await expectFailure(input, 'attestation_statement_invalid', /more than 60000 ms old/);
    expect((await verifyAndroidSafetyNet(input, { safetyNet: { maxAgeMs: 120_000 } })).type).toBe('basic');
  });

  it('rejects a timestamp in the future, unless within clockSkewMs', async () => {
    const input = await statement({ payload: { timestampMs: Date.now() + 5_000 } });
    await expectFailure(input, 'attestation_statement_invalid', /in the future/);
    expect((await verifyAndroidSafetyNet(input, { safetyNet: { clockSkewMs: 30_000 } })).type).toBe('basic');
  });

  it('judges freshness at options.now when given', async () => {
    const input = await statement({ payload: { timestampMs: Date.UTC(2021, 0, 1) } });
    expect((await verifyAndroidSafetyNet(input, { now: new Date(Date.UTC(2021, 0, 1, 0, 0, 30)) })).type).toBe('basic');
  });

  it('rejects ctsProfileMatch false by default, and accepts it with enforceCtsProfileMatch: false', async () => {
    const input = await statement({ payload: { ctsProfileMatch: false } });
    await expectFailure(input, 'attestation_statement_invalid', /ctsProfileMatch/);
    const result = await verifyAndroidSafetyNet(input, { safetyNet: { enforceCtsProfileMatch: false } });
    expect(result.facts).toMatchObject({ ctsProfileMatch: false, basicIntegrity: true });
  });

  it('rejects a payload without boolean verdicts or an integer timestampMs', async () => {
    await expectFailure(await statement({ payload: { basicIntegrity: 'yes' } }), 'attestation_statement_invalid', /basicIntegrity/);
    await expectFailure(await statement({ payload: { timestampMs: '1700000000000' } }), 'attestation_statement_invalid', /timestampMs/);
  });

  it('rejects invalid policy numbers', async () => {
    await expectFailure(await statement(), 'invalid_options', /maxAgeMs/, { safetyNet: { maxAgeMs: -1 } });
  });
});

describe('android-safetynet: JWS and certificate', () => {
  it('rejects a JWS whose signature does not verify', async () => {
    const error = await expectFailure(await statement({ corruptSignature: true }), 'attestation_signature_invalid', /JWS signature/);
    expect(error.step).toBe('8.5 android-safetynet');
  });

  it('rejects a payload swapped in after signing', async () => {
    const input = await statement();
    const [header, , signature] = responseText(input).split('.');
    const forged = toBase64url(utf8(JSON.stringify({ nonce: 'x', timestampMs: Date.now(), ctsProfileMatch: true, basicIntegrity: true })));
    await expectFailure(withResponse(input, `${header}.${forged}.${signature}`), 'attestation_signature_invalid', /JWS signature/);
  });

  it('rejects a leaf certificate not issued to attest.android.com', async () => {
    await expectFailure(await statement({ hostname: 'attest.example.com' }), 'attestation_certificate_invalid', /attest\.android\.com/);
  });

  it('rejects a JWS "alg" the leaf key cannot make, and unsupported or "none" algs', async () => {
    const input = await statement();
    const [, payload, signature] = responseText(input).split('.');
    const x5c = [btoa(String.fromCharCode(...es256.leaf.der))];
    const header = (alg: string) => toBase64url(utf8(JSON.stringify({ alg, x5c })));
    await expectFailure(withResponse(await statement(), `${header('RS256')}.${payload}.${signature}`), 'attestation_key_mismatch', /does not fit/);
    await expectFailure(withResponse(await statement(), `${header('HS256')}.${payload}.${signature}`), 'unsupported_algorithm', /HS256/);
    await expectFailure(withResponse(await statement(), `${header('none')}.${payload}.${signature}`), 'unsupported_algorithm', /none/);
  });

  it('rejects malformed compact JWS', async () => {
    const [header, payload, signature] = responseText(await statement()).split('.') as [string, string, string];
    const notJson = toBase64url(utf8('not json'));
    const cases: [string, RegExp][] = [
      [`${header}.${payload}`, /compact JWS/],
      [`${header}.${payload}.${signature}.${signature}`, /compact JWS/],
      [`${header}.${payload}.`, /compact JWS/],
      [`${header}.${payload}.${signature}=`, /signature is not base64url/],
      [`${header}!.${payload}.${signature}`, /header is not base64url/],
      [`${notJson}.${payload}.${signature}`, /header is not JSON/],
      [`${toBase64url(utf8('[1]'))}.${payload}.${signature}`, /header is not a JSON object/],
      [`${toBase64url(utf8('{"alg":"ES256"}'))}.${payload}.${signature}`, /no "x5c"/],
      [`${toBase64url(utf8('{"alg":"ES256","x5c":["not base64!"]}'))}.${payload}.${signature}`, /not standard base64/],
      [`${toBase64url(utf8('{"alg":"ES256","crit":["b64"],"x5c":[]}'))}.${payload}.${signature}`, /crit/],
      [`${header}.${notJson}.${signature}`, /payload is not JSON/],
    ];
    for (const [response, message] of cases) {
      await expectFailure(withResponse(await statement(), response), 'attestation_statement_invalid', message);
    }
  });

  it('rejects a response larger than MAX_SAFETYNET_RESPONSE before parsing it', async () => {
    const input = await statement();
    input.attStmt.set('response', new Uint8Array(MAX_SAFETYNET_RESPONSE + 1).fill(0x41));
    expect((await rejection(verifyAndroidSafetyNet(input, {}))).code).toBe('input_too_large');
  });

  it('rejects an empty or missing ver, and a response that is not bytes', async () => {
    await expectFailure(await statement({ ver: '' }), 'attestation_statement_invalid', /"ver"/);
    const input = await statement();
    input.attStmt.set('response', responseText(input));
    await expectFailure(input, 'attestation_statement_invalid', /"response"/);
  });
});

describe('android-safetynet: produced by the software authenticator', () => {
  it('registers through verifyRegistrationResponse, trusted with the issuer as anchor', async () => {
    const { signer } = es256;
    const result = await registerTrusted('android-safetynet', signer, root.der);
    expect(result.attestation.format).toBe('android-safetynet');
    expect(result.attestation.trusted).toBe(true);
  });
});
