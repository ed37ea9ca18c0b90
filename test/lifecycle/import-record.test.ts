import { beforeAll, describe, expect, it } from 'vitest';
import * as swa from '@simplewebauthn/server';
import { importCredentialRecord, type ImportCredentialInput } from '../../src/lifecycle/import-record.js';
import { applySignIn } from '../../src/lifecycle/manage.js';
import { generateRegistrationOptions } from '../../src/registration/options.js';
import { verifyRegistrationResponse } from '../../src/registration/verify.js';
import { generateAuthenticationOptions } from '../../src/authentication/options.js';
import { verifyAuthenticationResponse } from '../../src/authentication/verify.js';
import { SoftwareAuthenticator } from '../../src/testing/authenticator.js';
import { generateTestKeyPair, type TestKeyPair } from '../../src/testing/keys.js';
import { fromBase64url, toBase64url } from '../../src/encoding/base64url.js';
import { utf8 } from '../../src/encoding/bytes.js';
import { decodeCbor } from '../../src/encoding/cbor.js';
import { encodeCbor } from '../../src/encoding/cbor-encode.js';
import type { CredentialRecord, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '../../src/types.js';
import { AAGUID, expectCode, manualClock } from './fixtures.js';

const rpID = 'example.com';
const origin = 'https://example.com';

let es256: TestKeyPair;
beforeAll(async () => {
  es256 = await generateTestKeyPair(-7);
});

/** A credential as another library stored it: only the members every library keeps. */
function stored(overrides: Partial<Record<keyof ImportCredentialInput, unknown>> = {}): ImportCredentialInput {
  return {
    id: toBase64url(new Uint8Array(32).fill(9)),
    publicKey: toBase64url(es256.cosePublicKey),
    signCount: 4,
    backupEligible: true,
    ...overrides,
  } as ImportCredentialInput;
}

/** The COSE key of `pair` with `changes` applied (undefined deletes a label). */
function editedKey(pair: TestKeyPair, changes: [number, unknown][]): Uint8Array {
  const map = new Map(decodeCbor(pair.cosePublicKey) as Map<unknown, unknown>);
  for (const [label, value] of changes) {
    if (value === undefined) map.delete(label);
    else map.set(label, value);
  }
  return encodeCbor(map);
}

describe('importCredentialRecord: the record it makes', () => {
  it('fills the algorithm from the key and takes honest defaults for what was not kept', () => {
    const clock = manualClock(Date.UTC(2025, 2, 3, 4, 5, 6));
    const record = importCredentialRecord(stored(), { now: clock.now });
    expect(record).toEqual({
      id: toBase64url(new Uint8Array(32).fill(9)),
      publicKey: toBase64url(es256.cosePublicKey),
      algorithm: -7,
      signCount: 4,
      transports: [],
      uvInitialized: false,
      backupEligible: true,
      backupState: false,
      aaguid: AAGUID.zero,
      attestationFormat: 'none',
      attestationObject: '',
      attestationClientDataJSON: '',
      createdAt: '2025-03-03T04:05:06.000Z',
    });
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
  });

  it('takes bytes (a Buffer too) or base64url text alike', () => {
    const fromText = importCredentialRecord(stored({ userHandle: 'dXNlci0x', createdAt: '2024-01-01T00:00:00Z' }));
    const fromBytes = importCredentialRecord(
      stored({
        id: new Uint8Array(32).fill(9),
        publicKey: Buffer.from(es256.cosePublicKey),
        userHandle: utf8('user-1'),
        createdAt: '2024-01-01T00:00:00Z',
      }),
    );
    expect(fromBytes).toEqual(fromText);
    expect(fromBytes.userHandle).toBe('dXNlci0x');
  });

  it('keeps the optional members, normalised', () => {
    const record = importCredentialRecord(
      stored({
        transports: ['usb', 'nfc', 'usb', 'carrier-pigeon'],
        uvInitialized: true,
        backupState: true,
        aaguid: AAGUID.yubiKey5Nfc.toUpperCase(),
        discoverable: true,
        authenticatorAttachment: 'cross-platform',
        createdAt: new Date(Date.UTC(2023, 4, 6)),
        lastUsedAt: '2024-07-08T09:10:11+02:00',
        name: '  YubiKey  ',
      }),
    );
    expect(record).toMatchObject({
      transports: ['usb', 'nfc'],
      uvInitialized: true,
      backupState: true,
      aaguid: AAGUID.yubiKey5Nfc,
      discoverable: true,
      authenticatorAttachment: 'cross-platform',
      createdAt: '2023-05-06T00:00:00.000Z',
      lastUsedAt: '2024-07-08T07:10:11.000Z',
      name: 'YubiKey',
    });
  });

  it('reads an AAGUID given as 16 bytes (go-webauthn keeps it so)', () => {
    const bytes = Uint8Array.from(AAGUID.applePasswords.replace(/-/g, '').match(/../g)!, (h) => parseInt(h, 16));
    expect(importCredentialRecord(stored({ aaguid: bytes })).aaguid).toBe(AAGUID.applePasswords);
  });

  it('treats null (a database NULL) as absent', () => {
    const withNulls = stored({
      transports: null, uvInitialized: null, aaguid: null, userHandle: null, discoverable: null, authenticatorAttachment: null,
      backupState: null, createdAt: '2024-01-01T00:00:00Z', lastUsedAt: null, name: null, attestationObject: null, attestationClientDataJSON: null,
    });
    expect(importCredentialRecord(withNulls)).toEqual(importCredentialRecord(stored({ createdAt: '2024-01-01T00:00:00Z' })));
  });
});

describe('importCredentialRecord: hostile or mistaken input', () => {
  const code = (input: unknown, options?: Parameters<typeof importCredentialRecord>[1]) =>
    expectCode(() => importCredentialRecord(input as ImportCredentialInput, options), 'invalid_options');

  it('refuses what is not an object', async () => {
    await code(null);
    await code([stored()]);
    await code('record');
  });

  it('refuses members it does not know, such as another library’s names', async () => {
    await code(stored({ counter: 4 } as never));
    await code(stored({ backedUp: true } as never));
  });

  it('checks the credential ID', async () => {
    await code(stored({ id: 42 }));
    await code(stored({ id: '' }));
    await expectCode(() => importCredentialRecord(stored({ id: 'AAAA=' })), 'malformed_base64url');
    await expectCode(() => importCredentialRecord(stored({ id: 'ab+/' })), 'malformed_base64url');
    await expectCode(() => importCredentialRecord(stored({ id: new Uint8Array(1024) })), 'credential_id_too_long');
    await expectCode(() => importCredentialRecord(stored({ id: 'A'.repeat(100_000) })), 'credential_id_too_long');
  });

  it('decodes and validates the public key', async () => {
    await code(stored({ publicKey: undefined }));
    await expectCode(() => importCredentialRecord(stored({ publicKey: 'not base64!' })), 'malformed_base64url');
    await expectCode(() => importCredentialRecord(stored({ publicKey: new Uint8Array([0xa1, 0x01]) })), 'malformed_cose_key');
    await expectCode(() => importCredentialRecord(stored({ publicKey: editedKey(es256, [[3, undefined]]) })), 'malformed_cose_key');
    await expectCode(() => importCredentialRecord(stored({ publicKey: editedKey(es256, [[-4, new Uint8Array(32)]]) })), 'malformed_cose_key');
    await expectCode(() => importCredentialRecord(stored({ publicKey: editedKey(es256, [[3, -999]]) })), 'unsupported_algorithm');
    const y = (decodeCbor(es256.cosePublicKey) as Map<number, Uint8Array>).get(-3)!.slice();
    y[31]! ^= 1;
    await expectCode(() => importCredentialRecord(stored({ publicKey: editedKey(es256, [[-3, y]]) })), 'key_invalid');
    await expectCode(() => importCredentialRecord(stored({ publicKey: new Uint8Array(5000) })), 'input_too_large');
  });

  it('refuses a key the verifiers would refuse at sign-in', async () => {
    await expectCode(() => importCredentialRecord(stored(), { supportedAlgorithmIDs: [-8, -257] }), 'algorithm_not_allowed');
    expect(importCredentialRecord(stored(), { supportedAlgorithmIDs: [-7] }).algorithm).toBe(-7);
  });

  it('refuses an RS1 key unless the host opts in, as sign-in does', async () => {
    const rs1 = await generateTestKeyPair(-65535);
    await expectCode(() => importCredentialRecord(stored({ publicKey: rs1.cosePublicKey })), 'algorithm_not_allowed');
    expect(importCredentialRecord(stored({ publicKey: rs1.cosePublicKey }), { supportedAlgorithmIDs: [-65535] }).algorithm).toBe(-65535);
  });

  it('checks the signature counter', async () => {
    for (const signCount of [-1, 1.5, 2 ** 32, Number.NaN, '4', undefined]) await code(stored({ signCount }));
    expect(importCredentialRecord(stored({ signCount: 2 ** 32 - 1 })).signCount).toBe(2 ** 32 - 1);
  });

  it('needs BE, which never changes and which sign-in checks', async () => {
    await code(stored({ backupEligible: undefined }));
    await code(stored({ backupEligible: 'multiDevice' }));
    await code(stored({ backupState: 1 }));
  });

  it('refuses a backed-up credential that is not backup eligible', async () => {
    await expectCode(() => importCredentialRecord(stored({ backupEligible: false, backupState: true })), 'backup_flags_invalid');
  });

  it('checks the other members', async () => {
    await code(stored({ transports: 'usb' }));
    await code(stored({ transports: [1] }));
    await code(stored({ transports: Array.from({ length: 17 }, () => 'usb') }));
    await code(stored({ uvInitialized: 'true' }));
    await code(stored({ aaguid: 'fa2b99dc9e3942578f924a30d23c4118' }));
    await code(stored({ aaguid: new Uint8Array(15) }));
    await code(stored({ userHandle: new Uint8Array(65) }));
    await code(stored({ userHandle: '' }));
    await expectCode(() => importCredentialRecord(stored({ userHandle: 'dXNlci0x=' })), 'malformed_base64url');
    await code(stored({ discoverable: 'yes' }));
    await code(stored({ authenticatorAttachment: 'usb' }));
    await code(stored({ createdAt: 'last year' }));
    await code(stored({ createdAt: new Date(Number.NaN) }));
    await code(stored({ lastUsedAt: 1_700_000_000_000 }));
    await code(stored({ createdAt: '2024-05-01T00:00:00Z', lastUsedAt: '2024-04-30T23:59:59Z' }));
    await code(stored({ name: '' }));
    await code(stored({ name: 'evil\u202Eyek' }));
    await code(stored({ attestationClientDataJSON: toBase64url(utf8('{"type":"webauthn.create"}')) }));
  });

  it('checks its options', async () => {
    await code(stored(), null as never);
    await code(stored(), { now: 'now' as never });
    await code(stored(), { supportedAlgorithmIDs: -7 as never });
  });
});

describe('importCredentialRecord: a kept attestation object', () => {
  /** A credential made by a software authenticator and verified by passkey-rp, as bytes an old library would keep. */
  async function registered(authenticatorOptions: ConstructorParameters<typeof SoftwareAuthenticator>[0] = {}, signCount?: number) {
    const authenticator = new SoftwareAuthenticator(authenticatorOptions);
    const creation = generateRegistrationOptions({ rpName: 'Example', rpID, userName: 'alice', supportedAlgorithmIDs: [-7] });
    const response = await authenticator.createCredential(creation, origin, signCount === undefined ? {} : { signCount });
    const input: ImportCredentialInput = {
      id: response.id,
      publicKey: response.response.publicKey ?? toBase64url(authenticator.credentials.get(response.id)!.keyPair.cosePublicKey),
      signCount: signCount ?? 0,
      attestationObject: fromBase64url(response.response.attestationObject),
      attestationClientDataJSON: response.response.clientDataJSON,
    };
    return { authenticator, response, input };
  }

  it('takes the AAGUID, format, BE, BS and UV from it, and keeps it', async () => {
    const { response, input } = await registered({ aaguid: AAGUID.yubiKey5Nfc, attestation: 'packed-self', backupEligible: true, backupState: false });
    const record = importCredentialRecord(input);
    expect(record).toMatchObject({
      aaguid: AAGUID.yubiKey5Nfc,
      attestationFormat: 'packed',
      backupEligible: true,
      backupState: false,
      uvInitialized: true,
      attestationObject: response.response.attestationObject,
      attestationClientDataJSON: response.response.clientDataJSON,
    });
  });

  it('takes BS from it unless a later BS was stored, which wins', async () => {
    const synced = await registered({ backupEligible: true, backupState: true });
    expect(importCredentialRecord(synced.input).backupState).toBe(true);
    expect(importCredentialRecord({ ...synced.input, backupState: false }).backupState).toBe(false);
    const { input } = await registered({ backupEligible: true, backupState: false });
    expect(importCredentialRecord({ ...input, backupState: true }).backupState).toBe(true);
  });

  it('keeps uvInitialized false when registration had no UV and the old library did not know better', async () => {
    const { input } = await registered({ userVerification: false });
    expect(importCredentialRecord(input).uvInitialized).toBe(false);
    expect(importCredentialRecord({ ...input, uvInitialized: true }).uvInitialized).toBe(true);
  });

  it('refuses an attestation object of another credential', async () => {
    const { input } = await registered();
    const other = await registered();
    await expectCode(() => importCredentialRecord({ ...input, attestationObject: other.input.attestationObject }), 'credential_id_mismatch');
  });

  it('refuses a public key that is not the attested one', async () => {
    const { input } = await registered();
    await expectCode(() => importCredentialRecord({ ...input, publicKey: es256.cosePublicKey }), 'attestation_key_mismatch');
  });

  it('refuses a BE or an AAGUID that contradicts it', async () => {
    const { input } = await registered({ backupEligible: false, aaguid: AAGUID.yubiKey5Nfc });
    await expectCode(() => importCredentialRecord({ ...input, backupEligible: true }), 'backup_eligibility_changed');
    await expectCode(() => importCredentialRecord({ ...input, aaguid: AAGUID.windowsHello }), 'attestation_aaguid_mismatch');
    expect(importCredentialRecord({ ...input, backupEligible: false, aaguid: AAGUID.yubiKey5Nfc }).aaguid).toBe(AAGUID.yubiKey5Nfc);
  });

  it('refuses a counter below the one at registration', async () => {
    const { input } = await registered({}, 7);
    await expectCode(() => importCredentialRecord({ ...input, signCount: 6 }), 'counter_regression');
    expect(importCredentialRecord({ ...input, signCount: 7 }).signCount).toBe(7);
  });

  it('refuses authenticator data without attested credential data', async () => {
    const authenticator = new SoftwareAuthenticator();
    const creation = generateRegistrationOptions({ rpName: 'Example', rpID, userName: 'alice', supportedAlgorithmIDs: [-7] });
    const response = await authenticator.createCredential(creation, origin, { flags: { at: false } });
    const publicKey = authenticator.credentials.get(response.id)!.keyPair.cosePublicKey;
    await expectCode(
      () => importCredentialRecord({ id: response.id, publicKey, signCount: 0, attestationObject: response.response.attestationObject }),
      'missing_attested_credential_data',
    );
  });

  it('refuses bytes that are not an attestation object', async () => {
    const { input } = await registered();
    await expectCode(() => importCredentialRecord({ ...input, attestationObject: encodeCbor(new Map([['fmt', 'none']])) }), 'malformed_attestation_object');
    await expectCode(() => importCredentialRecord({ ...input, attestationObject: new Uint8Array([0xa1]) }), 'malformed_cbor');
    await expectCode(() => importCredentialRecord({ ...input, attestationObject: new Uint8Array(300 * 1024) }), 'input_too_large');
  });

  it('refuses a clientDataJSON that is not a registration’s', async () => {
    const { authenticator, input } = await registered();
    const assertion = await authenticator.getAssertion(generateAuthenticationOptions({ rpID }), origin);
    await expectCode(() => importCredentialRecord({ ...input, attestationClientDataJSON: assertion.response.clientDataJSON }), 'type_mismatch');
    await expectCode(() => importCredentialRecord({ ...input, attestationClientDataJSON: utf8('{"type":') }), 'malformed_client_data');
  });
});

// ---------------------------------------------------------------------------------------------
// Interop with @simplewebauthn/server 14: the records a team already holds, and the way back.
// ---------------------------------------------------------------------------------------------

const ALGORITHMS = [
  { name: 'ES256', alg: -7 },
  { name: 'EdDSA', alg: -8 },
  { name: 'RS256', alg: -257 },
];

/** What @simplewebauthn/server's docs say to keep after verifyRegistrationResponse. */
interface SimpleWebAuthnRow {
  id: string;
  publicKey: Uint8Array<ArrayBuffer>;
  counter: number;
  transports: string[] | undefined;
  deviceType: 'singleDevice' | 'multiDevice';
  backedUp: boolean;
  aaguid: string;
  webauthnUserID: string;
  attestationObject: Uint8Array;
}

/** Registers and signs in once with @simplewebauthn/server; returns the authenticator and the stored row. */
async function enrolledWithSimpleWebAuthn(alg: number, authenticator = new SoftwareAuthenticator({ algorithm: alg })) {
  const options = await swa.generateRegistrationOptions({ rpName: 'Example', rpID, userName: 'alice', supportedAlgorithmIDs: [alg] });
  const response = await authenticator.createCredential(options as unknown as PublicKeyCredentialCreationOptionsJSON, origin);
  const verification = await swa.verifyRegistrationResponse({
    response: response as unknown as swa.RegistrationResponseJSON,
    expectedChallenge: options.challenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    supportedAlgorithmIDs: [alg],
  });
  expect(verification.verified).toBe(true);
  const info = verification.registrationInfo!;
  const row: SimpleWebAuthnRow = {
    id: info.credential.id,
    publicKey: info.credential.publicKey,
    counter: info.credential.counter,
    transports: info.credential.transports,
    deviceType: info.credentialDeviceType,
    backedUp: info.credentialBackedUp,
    aaguid: info.aaguid,
    webauthnUserID: options.user.id,
    attestationObject: info.attestationObject,
  };

  // One sign-in under the old library moves the counter on, as in production.
  const request = await swa.generateAuthenticationOptions({ rpID, allowCredentials: [{ id: row.id, transports: row.transports }] });
  const assertion = await authenticator.getAssertion(request as unknown as PublicKeyCredentialRequestOptionsJSON, origin);
  const signIn = await swa.verifyAuthenticationResponse({
    response: assertion as unknown as swa.AuthenticationResponseJSON,
    expectedChallenge: request.challenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    credential: { id: row.id, publicKey: row.publicKey, counter: row.counter, transports: row.transports },
  });
  expect(signIn.verified).toBe(true);
  row.counter = signIn.authenticationInfo.newCounter;
  row.backedUp = signIn.authenticationInfo.credentialBackedUp;
  return { authenticator, row };
}

/** The README's mapping of a @simplewebauthn/server row. */
function fromSimpleWebAuthn(row: SimpleWebAuthnRow): ImportCredentialInput {
  return {
    id: row.id,
    publicKey: row.publicKey,
    signCount: row.counter,
    transports: row.transports,
    backupEligible: row.deviceType === 'multiDevice',
    backupState: row.backedUp,
    aaguid: row.aaguid,
    userHandle: row.webauthnUserID,
  };
}

/** The README's mapping back, for a rollback: @simplewebauthn/server's WebAuthnCredential. */
function toSimpleWebAuthn(record: CredentialRecord): swa.WebAuthnCredential {
  return { id: record.id, publicKey: new Uint8Array(fromBase64url(record.publicKey)), counter: record.signCount, transports: record.transports };
}

async function signInWithPasskeyRp(authenticator: SoftwareAuthenticator, record: CredentialRecord, extra: { signCount?: number; counterPolicy?: 'reject' | 'flag' } = {}) {
  const request = generateAuthenticationOptions({ rpID, allowCredentials: [record] });
  const response = await authenticator.getAssertion(request, origin, extra.signCount === undefined ? {} : { signCount: extra.signCount });
  return verifyAuthenticationResponse({
    response,
    expectedChallenge: request.challenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    credential: record,
    allowCredentials: [record.id],
    requireUserHandle: true,
    ...(extra.counterPolicy ? { counterPolicy: extra.counterPolicy } : {}),
  });
}

describe('interop: a @simplewebauthn/server credential signs in with passkey-rp', () => {
  it.each(ALGORITHMS)('$name', async ({ alg }) => {
    const { authenticator, row } = await enrolledWithSimpleWebAuthn(alg);
    expect(row.counter).toBe(1);
    const record = importCredentialRecord(fromSimpleWebAuthn(row));
    expect(record).toMatchObject({ id: row.id, algorithm: alg, signCount: 1, backupEligible: true, backupState: true, aaguid: AAGUID.zero, transports: ['internal', 'hybrid'] });

    const result = await signInWithPasskeyRp(authenticator, record);
    expect(result.credentialId).toBe(row.id);
    expect(result.userHandle).toBe(row.webauthnUserID);
    expect(result.counterRegressed).toBe(false);
    expect(result.update.signCount).toBe(2);
    const updated = applySignIn(record, result.update);
    expect(updated.signCount).toBe(2);
    expect(updated.uvInitialized).toBe(true);
  });

  it('with the attestation object it kept, which names the same credential', async () => {
    const authenticator = new SoftwareAuthenticator({ algorithm: -7, aaguid: AAGUID.googlePasswordManager, backupEligible: false });
    const { row } = await enrolledWithSimpleWebAuthn(-7, authenticator);
    const record = importCredentialRecord({ ...fromSimpleWebAuthn(row), attestationObject: row.attestationObject });
    expect(record).toMatchObject({ aaguid: AAGUID.googlePasswordManager, attestationFormat: 'none', backupEligible: false, uvInitialized: true });
    expect((await signInWithPasskeyRp(authenticator, record)).update.signCount).toBe(2);
  });

  it('refuses a stored row whose BE is wrong, as sign-in would', async () => {
    const { authenticator, row } = await enrolledWithSimpleWebAuthn(-7);
    const record = importCredentialRecord({ ...fromSimpleWebAuthn(row), backupEligible: false, backupState: false });
    await expectCode(() => signInWithPasskeyRp(authenticator, record), 'backup_eligibility_changed');
  });
});

describe('interop: counter continuity across the switch', () => {
  it('a counter that is not above the imported one is a regression (counterPolicy "reject", the default)', async () => {
    const { authenticator, row } = await enrolledWithSimpleWebAuthn(-7);
    const record = importCredentialRecord(fromSimpleWebAuthn(row));
    await expectCode(() => signInWithPasskeyRp(authenticator, record, { signCount: row.counter }), 'counter_regression');
  });

  it('with counterPolicy "flag" it is accepted, reported, and the stored counter is kept', async () => {
    const { authenticator, row } = await enrolledWithSimpleWebAuthn(-7);
    const record = importCredentialRecord(fromSimpleWebAuthn(row));
    const result = await signInWithPasskeyRp(authenticator, record, { signCount: 0, counterPolicy: 'flag' });
    expect(result.counterRegressed).toBe(true);
    expect(result.update.signCount).toBe(row.counter);
  });

  it('an imported counter above the authenticator’s (a clone, or a bad export) is caught at the first sign-in', async () => {
    const { authenticator, row } = await enrolledWithSimpleWebAuthn(-7);
    const record = importCredentialRecord({ ...fromSimpleWebAuthn(row), signCount: 50 });
    await expectCode(() => signInWithPasskeyRp(authenticator, record), 'counter_regression');
  });

  it('an authenticator that never counts stays at zero on both sides', async () => {
    const authenticator = new SoftwareAuthenticator({ algorithm: -7, counter: 'zero' });
    const { row } = await enrolledWithSimpleWebAuthn(-7, authenticator);
    expect(row.counter).toBe(0);
    const result = await signInWithPasskeyRp(authenticator, importCredentialRecord(fromSimpleWebAuthn(row)));
    expect(result.counterRegressed).toBe(false);
    expect(result.update.signCount).toBe(0);
  });
});

describe('interop: rolling back, a passkey-rp record signs in with @simplewebauthn/server', () => {
  it.each(ALGORITHMS)('$name', async ({ alg }) => {
    const authenticator = new SoftwareAuthenticator({ algorithm: alg });
    const creation = generateRegistrationOptions({ rpName: 'Example', rpID, userName: 'alice', supportedAlgorithmIDs: [alg] });
    const registration = await verifyRegistrationResponse({
      response: await authenticator.createCredential(creation, origin),
      expectedChallenge: creation.challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      userID: creation.user.id,
    });
    const signedIn = applySignIn(registration.credential, (await signInWithPasskeyRp(authenticator, registration.credential)).update);
    expect(signedIn.signCount).toBe(1);

    const request = await swa.generateAuthenticationOptions({ rpID, allowCredentials: [{ id: signedIn.id, transports: signedIn.transports }] });
    const assertion = await authenticator.getAssertion(request as unknown as PublicKeyCredentialRequestOptionsJSON, origin);
    const result = await swa.verifyAuthenticationResponse({
      response: assertion as unknown as swa.AuthenticationResponseJSON,
      expectedChallenge: request.challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      credential: toSimpleWebAuthn(signedIn),
    });
    expect(result.verified).toBe(true);
    expect(result.authenticationInfo.newCounter).toBe(2);
    expect(result.authenticationInfo.credentialDeviceType).toBe(signedIn.backupEligible ? 'multiDevice' : 'singleDevice');
    expect(result.authenticationInfo.credentialBackedUp).toBe(signedIn.backupState);
  });

  it('@simplewebauthn/server also refuses a counter that did not move on', async () => {
    const { authenticator, row } = await enrolledWithSimpleWebAuthn(-7);
    const record = importCredentialRecord(fromSimpleWebAuthn(row));
    const request = await swa.generateAuthenticationOptions({ rpID });
    const assertion = await authenticator.getAssertion(request as unknown as PublicKeyCredentialRequestOptionsJSON, origin, { signCount: record.signCount });
    await expect(
      swa.verifyAuthenticationResponse({
        response: assertion as unknown as swa.AuthenticationResponseJSON,
        expectedChallenge: request.challenge,
        expectedOrigin: origin,
        expectedRPID: rpID,
        credential: toSimpleWebAuthn(record),
      }),
    ).rejects.toThrow(/counter/i);
  });

  it('import ∘ export keeps every member a @simplewebauthn/server row can hold', async () => {
    const { row } = await enrolledWithSimpleWebAuthn(-8);
    const record = importCredentialRecord(fromSimpleWebAuthn(row));
    const back = toSimpleWebAuthn(record);
    expect(back).toEqual({ id: row.id, publicKey: row.publicKey, counter: row.counter, transports: row.transports });
    expect(record.backupEligible ? 'multiDevice' : 'singleDevice').toBe(row.deviceType);
    expect(record.backupState).toBe(row.backedUp);
  });
});
