import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAttestation } from '../../src/attestation/index.js';
import { verifyAndroidKey } from '../../src/attestation/android-key.js';
import { parseAndroidKeyDescription } from '../../src/attestation/android-key-description.js';
import type { AttestationOptions } from '../../src/attestation/types.js';
import { concat } from '../../src/encoding/bytes.js';
import type { ErrorCode } from '../../src/errors.js';
import { createAndroidKeyAttestation, encodeKeyDescription, type AndroidKeyAttestationOptions } from '../../src/testing/attestation-android.js';
import { createRootCa, type IssuedCertificate } from '../../src/testing/ca.js';
import { generateTestKeyPair, type TestKeyPair } from '../../src/testing/keys.js';
import { errorCode } from '../helpers/errors.js';
import { clientDataHashOf, credential, rejection, statementInput, registerTrusted } from './helpers.js';

/** The android-key attestation statement format (WebAuthn L3 section 8.4). */

const KM_PURPOSE_SIGN = 2;
const KM_PURPOSE_VERIFY = 3;
const KM_ORIGIN_GENERATED = 0;
const KM_ORIGIN_IMPORTED = 2;

let root: IssuedCertificate;
let es256: { pair: TestKeyPair; authData: Uint8Array };

beforeAll(async () => {
  root = await createRootCa([['CN', 'Android Test Root']]);
  es256 = await credential(-7);
});

async function statement(options: AndroidKeyAttestationOptions = {}, cred = es256) {
  const clientDataHash = await clientDataHashOf();
  const { signer } = await createAndroidKeyAttestation({ issuer: root, ...options });
  const { attStmt } = await signer({ authData: cred.authData, clientDataHash, credential: cred.pair });
  return statementInput('android-key', attStmt, cred.authData, clientDataHash);
}

async function expectFailure(options: AndroidKeyAttestationOptions, code: ErrorCode, message: RegExp, policy: AttestationOptions = {}) {
  const error = await rejection(verifyAndroidKey(await statement(options), policy));
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
  return error;
}

describe('android-key: valid statements', () => {
  it('verifies a TEE key: Basic, x5c as trust path, security levels and version as facts', async () => {
    const input = await statement();
    const result = await verifyAndroidKey(input, {});
    expect(result.type).toBe('basic');
    expect(result.trustPath.map((c) => c.der)).toEqual(input.attStmt.get('x5c'));
    expect(result.facts).toEqual({
      format: 'android-key',
      attestationSecurityLevel: 'trustedEnvironment',
      keymasterSecurityLevel: 'trustedEnvironment',
      attestationVersion: 300,
    });
  });

  it('verifies an RSA credential and an old Keymaster (attestation version 3, StrongBox) description', async () => {
    const rs256 = await credential(-257);
    const result = await verifyAndroidKey(await statement({ keyDescription: { attestationVersion: 3, securityLevel: 'strongBox' } }, rs256), {});
    expect(result.facts).toMatchObject({ attestationVersion: 3, attestationSecurityLevel: 'strongBox' });
  });

  it('accepts purposes beyond SIGN as long as SIGN is one of them', async () => {
    const teeEnforced = { purpose: [KM_PURPOSE_VERIFY, KM_PURPOSE_SIGN], origin: KM_ORIGIN_GENERATED };
    expect((await verifyAndroidKey(await statement({ keyDescription: { teeEnforced } }), {})).type).toBe('basic');
  });

  it('is trusted through verifyAttestation only when the issuer is an anchor', async () => {
    const input = await statement();
    expect((await verifyAttestation(input, { trustAnchors: { byFormat: { 'android-key': [root.der] } } })).trusted).toBe(true);
    expect((await verifyAttestation(input, {})).trusted).toBe(false);
  });
});

describe('android-key: rejections', () => {
  it('rejects a signature that does not verify', async () => {
    const input = await statement();
    const sig = (input.attStmt.get('sig') as Uint8Array).slice();
    sig[sig.length - 1]! ^= 0x01;
    input.attStmt.set('sig', sig);
    const error = await rejection(verifyAndroidKey(input, {}));
    expect(error.code).toBe('attestation_signature_invalid');
    expect(error.step).toBe('8.4 android-key');
  });

  it('rejects a certificate whose key is not the credential key', async () => {
    const other = await generateTestKeyPair(-7);
    await expectFailure({ certifiedKey: other }, 'attestation_key_mismatch', /not the credential public key/);
  });

  it('rejects a certificate without the key description extension', async () => {
    await expectFailure({ omitKeyDescription: true }, 'attestation_certificate_invalid', /no key description extension/);
  });

  it('rejects an attestationChallenge that is not clientDataHash', async () => {
    await expectFailure({ keyDescription: { attestationChallenge: new Uint8Array(32).fill(1) } }, 'attestation_nonce_mismatch', /attestationChallenge/);
  });

  it('rejects allApplications in teeEnforced', async () => {
    const teeEnforced = { purpose: [KM_PURPOSE_SIGN], origin: KM_ORIGIN_GENERATED, allApplications: true };
    await expectFailure({ keyDescription: { teeEnforced } }, 'attestation_certificate_invalid', /allApplications/);
  });

  it('rejects allApplications in softwareEnforced, even when softwareEnforced is otherwise ignored', async () => {
    await expectFailure({ keyDescription: { softwareEnforced: { allApplications: true } } }, 'attestation_certificate_invalid', /allApplications/);
  });

  it('rejects a key origin other than KM_ORIGIN_GENERATED', async () => {
    const teeEnforced = { purpose: [KM_PURPOSE_SIGN], origin: KM_ORIGIN_IMPORTED };
    await expectFailure({ keyDescription: { teeEnforced } }, 'attestation_certificate_invalid', /origin/);
  });

  it('rejects a key without KM_PURPOSE_SIGN', async () => {
    const teeEnforced = { purpose: [KM_PURPOSE_VERIFY], origin: KM_ORIGIN_GENERATED };
    await expectFailure({ keyDescription: { teeEnforced } }, 'attestation_certificate_invalid', /KM_PURPOSE_SIGN/);
  });

  it('rejects an alg that does not fit the certificate key', async () => {
    const input = await statement();
    input.attStmt.set('alg', -257);
    expect((await rejection(verifyAndroidKey(input, {}))).code).toBe('attestation_key_mismatch');
  });
});

describe('android-key: teeEnforced only, or the union with softwareEnforced (androidKey.allowSoftwareEnforced)', () => {
  const softwareOnly: AndroidKeyAttestationOptions = {
    keyDescription: { teeEnforced: {}, softwareEnforced: { purpose: [KM_PURPOSE_SIGN], origin: KM_ORIGIN_GENERATED } },
  };

  it('by default ignores origin and purpose that only softwareEnforced states', async () => {
    await expectFailure(softwareOnly, 'attestation_certificate_invalid', /origin/);
  });

  it('accepts them from softwareEnforced when the relying party allows non-TEE keys', async () => {
    const result = await verifyAndroidKey(await statement(softwareOnly), { androidKey: { allowSoftwareEnforced: true } });
    expect(result.type).toBe('basic');
  });

  it('still rejects an IMPORTED origin in either list under the union', async () => {
    const options = { keyDescription: { softwareEnforced: { origin: KM_ORIGIN_IMPORTED } } };
    await expectFailure(options, 'attestation_certificate_invalid', /origin/, { androidKey: { allowSoftwareEnforced: true } });
  });
});

/** DER, by hand, for shapes the schema serializer will not produce. */
function der(tag: number[], ...parts: Uint8Array[]): Uint8Array {
  const body = concat(...parts);
  const length = body.length < 0x80 ? [body.length] : [0x81, body.length];
  return concat(Uint8Array.from([...tag, ...length]), body);
}

describe('parseAndroidKeyDescription', () => {
  it('reads a Keymaster 4 description', () => {
    const description = parseAndroidKeyDescription(
      encodeKeyDescription({ attestationVersion: 3, securityLevel: 'software', attestationChallenge: Uint8Array.of(9, 8, 7) }),
    );
    expect(description).toEqual({
      attestationVersion: 3,
      attestationSecurityLevel: 'software',
      keymasterVersion: 3,
      keymasterSecurityLevel: 'software',
      attestationChallenge: Uint8Array.of(9, 8, 7),
      softwareEnforced: { purpose: [], allApplications: false },
      teeEnforced: { purpose: [KM_PURPOSE_SIGN], origin: KM_ORIGIN_GENERATED, allApplications: false },
    });
  });

  it('reads an AuthorizationList whose tags are out of canonical order, as some devices emit', () => {
    const purpose = der([0xa1], der([0x31], der([0x02], Uint8Array.of(KM_PURPOSE_SIGN))));
    const origin = der([0xbf, 0x85, 0x3e], der([0x02], Uint8Array.of(KM_ORIGIN_GENERATED)));
    const bytes = der(
      [0x30],
      der([0x02], Uint8Array.of(4)),
      der([0x0a], Uint8Array.of(1)),
      der([0x02], Uint8Array.of(41)),
      der([0x0a], Uint8Array.of(1)),
      der([0x04], Uint8Array.of(1, 2)),
      der([0x04]),
      der([0x30]),
      der([0x30], origin, purpose), // origin [702] before purpose [1]
    );
    const description = parseAndroidKeyDescription(bytes);
    expect(description.teeEnforced).toEqual({ purpose: [KM_PURPOSE_SIGN], origin: KM_ORIGIN_GENERATED, allApplications: false });
    expect(description.keymasterVersion).toBe(41);
  });

  it('rejects a KeyDescription that is not DER: trailing bytes, an indefinite length', () => {
    const description = encodeKeyDescription({ attestationChallenge: Uint8Array.of(1, 2, 3) });
    expect(parseAndroidKeyDescription(description).attestationChallenge).toEqual(Uint8Array.of(1, 2, 3));
    expect(errorCode(() => parseAndroidKeyDescription(concat(description, Uint8Array.of(0))))).toBe('malformed_certificate');
    const body = description.subarray(description[1]! & 0x80 ? 2 + (description[1]! & 0x7f) : 2);
    const indefinite = concat(Uint8Array.of(0x30, 0x80), body, Uint8Array.of(0, 0));
    expect(errorCode(() => parseAndroidKeyDescription(indefinite))).toBe('malformed_certificate');
  });

  it('rejects bytes that are not a KeyDescription, and an unknown security level', () => {
    expect(errorCode(() => parseAndroidKeyDescription(Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x03)))).toBe('attestation_certificate_invalid');
    expect(errorCode(() => parseAndroidKeyDescription(Uint8Array.of(0x04, 0x00)))).toBe('attestation_certificate_invalid');
    const bad = encodeKeyDescription({ attestationChallenge: new Uint8Array(1) });
    bad[bad.indexOf(0x0a) + 2] = 7; // attestationSecurityLevel ENUMERATED 7
    expect(errorCode(() => parseAndroidKeyDescription(bad))).toBe('attestation_certificate_invalid');
  });
});

describe('android-key: produced by the software authenticator', () => {
  it('registers through verifyRegistrationResponse, trusted with the issuer as anchor', async () => {
    const { signer } = await createAndroidKeyAttestation({ issuer: root });
    const result = await registerTrusted('android-key', signer, root.der);
    expect(result.attestation.format).toBe('android-key');
    expect(result.attestation.trusted).toBe(true);
  });
});
