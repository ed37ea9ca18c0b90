import { sha256 } from '../../src/crypto/index.js';
import { decodeCoseKey } from '../../src/cose/key.js';
import { encodeCoseKey } from '../../src/cose/encode.js';
import type { CborMap } from '../../src/encoding/cbor.js';
import { concat, utf8 } from '../../src/encoding/bytes.js';
import { parseAuthenticatorData } from '../../src/parse/authenticator-data.js';
import type { AttestationStatementInput } from '../../src/attestation/types.js';
import { WebAuthnError } from '../../src/errors.js';
import { createIntermediateCa, createRootCa, type CertificateKey, type IssuedCertificate } from '../../src/testing/ca.js';
import { generateTestKeyPair, type TestKeyPair } from '../../src/testing/keys.js';
import { readSubjectPublicKeyInfo } from '../../src/x509/key.js';
import { generateRegistrationOptions } from '../../src/registration/options.js';
import { verifyRegistrationResponse } from '../../src/registration/verify.js';
import { SoftwareAuthenticator, type AttestationSigner } from '../../src/testing/authenticator.js';

/** Test-only: authenticator data and verifier inputs built by hand (WebAuthn L3 sections 6.1, 6.5.1). */

export const RP_ID = 'example.com';
export const AAGUID = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);

export interface AuthDataSpec {
  cosePublicKey: Uint8Array;
  aaguid?: Uint8Array;
  credentialId?: Uint8Array;
  flags?: number;
  signCount?: number;
}

export async function buildAuthData(spec: AuthDataSpec): Promise<Uint8Array> {
  const credentialId = spec.credentialId ?? Uint8Array.from({ length: 16 }, (_, i) => i + 1);
  const counter = new Uint8Array(4);
  new DataView(counter.buffer).setUint32(0, spec.signCount ?? 0);
  return concat(
    await sha256(utf8(RP_ID)),
    new Uint8Array([spec.flags ?? 0x45]), // UP, UV, AT
    counter,
    spec.aaguid ?? AAGUID,
    new Uint8Array([credentialId.length >> 8, credentialId.length & 0xff]),
    credentialId,
    spec.cosePublicKey,
  );
}

export async function clientDataHashOf(text = '{"type":"webauthn.create","challenge":"AAAA","origin":"https://example.com"}'): Promise<Uint8Array> {
  return sha256(utf8(text));
}

export function statementInput(fmt: string, attStmt: CborMap, authData: Uint8Array, clientDataHash: Uint8Array, now = new Date()): AttestationStatementInput {
  const parsed = parseAuthenticatorData(authData);
  return {
    fmt,
    attStmt,
    authData: parsed,
    clientDataHash,
    credentialKey: decodeCoseKey(parsed.attestedCredentialData!.credentialPublicKey),
    now,
  };
}

/** The COSE_Key of a certificate key (for formats where the credential key is the certified key). */
export function coseKeyOfCertificateKey(key: CertificateKey, alg: number): Uint8Array {
  return encodeCoseKey(readSubjectPublicKeyInfo(key.spki).key!, alg);
}

/** A test PKI: root -> intermediate, made once per test file. */
export interface TestPki {
  root: IssuedCertificate;
  intermediate: IssuedCertificate;
}

export async function createTestPki(label = 'Attestation'): Promise<TestPki> {
  const root = await createRootCa([['CN', `${label} Test Root`]]);
  const intermediate = await createIntermediateCa(root, [['CN', `${label} Test Intermediate`]]);
  return { root, intermediate };
}

/** A credential key pair and the authenticator data that carries it. */
export async function credential(alg = -7, spec: Partial<AuthDataSpec> = {}): Promise<{ pair: TestKeyPair; authData: Uint8Array }> {
  const pair = await generateTestKeyPair(alg);
  return { pair, authData: await buildAuthData({ cosePublicKey: pair.cosePublicKey, ...spec }) };
}

/** Resolves to the WebAuthnError a promise rejects with (or fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<WebAuthnError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof WebAuthnError)) throw new Error(`expected a WebAuthnError, got ${String(outcome)}`);
  return outcome;
}

/**
 * A whole registration ceremony whose statement comes from `signer`, verified with `anchor` as the
 * format's only trust anchor and a trusted chain required: the format's end-to-end check.
 */
export async function registerTrusted(fmt: string, signer: AttestationSigner, anchor: Uint8Array) {
  const options = generateRegistrationOptions({ rpName: 'Example', rpID: RP_ID, userName: 'alice', userID: Uint8Array.of(1, 2, 3) });
  const authenticator = new SoftwareAuthenticator({ algorithm: -7, attestation: signer });
  const response = await authenticator.createCredential(options, `https://${RP_ID}`);
  return verifyRegistrationResponse({
    response,
    expectedChallenge: options.challenge,
    expectedOrigin: `https://${RP_ID}`,
    expectedRPID: RP_ID,
    attestation: { trustAnchors: { byFormat: { [fmt]: [anchor] } }, requireTrustedAttestation: true },
  });
}
