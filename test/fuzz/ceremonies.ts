import { toBase64url } from '../../src/encoding/base64url.js';
import { concat, fromUuid } from '../../src/encoding/bytes.js';
import { generateAuthenticationOptions } from '../../src/authentication/options.js';
import { generateRegistrationOptions } from '../../src/registration/options.js';
import type { VerifyRegistrationInput } from '../../src/registration/verify.js';
import { createAndroidKeyAttestation, createSafetyNetAttestation } from '../../src/testing/attestation-android.js';
import { createTpmAttestation } from '../../src/testing/attestation-tpm.js';
import { SoftwareAuthenticator, type AttestationSigner } from '../../src/testing/authenticator.js';
import { createIntermediateCa, createLeafCertificate, createRootCa } from '../../src/testing/ca.js';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '../../src/types.js';

/** Valid ceremonies for the property tests to mutate: one per attestation format, one per sign-in algorithm. */

export const RP_ID = 'fuzz.example';
export const ORIGIN = 'https://fuzz.example';
const AAGUID = '0f0e0d0c-0b0a-4908-8706-050403020100';

export interface RegistrationCase {
  fmt: string;
  /** The statement is signed over authData || clientDataHash, so no change to either may verify. */
  signed: boolean;
  response: RegistrationResponseJSON;
  challenge: string;
  attestation: NonNullable<VerifyRegistrationInput['attestation']>;
}

export interface SignInCase {
  alg: number;
  response: AuthenticationResponseJSON;
  challenge: string;
  record: { id: string; publicKey: string; signCount: number; userHandle: string };
}

function userId(i: number): Uint8Array {
  return Uint8Array.of(0x75, 0x73, i);
}

async function register(signer: 'none' | 'packed-self' | AttestationSigner, algorithm = -7) {
  const options = generateRegistrationOptions({ rpName: 'Fuzz', rpID: RP_ID, userName: 'fuzz', userID: userId(algorithm & 0xff) });
  const authenticator = new SoftwareAuthenticator({ algorithm, aaguid: AAGUID, attestation: signer });
  const response = await authenticator.createCredential(options, ORIGIN);
  return { response, challenge: options.challenge, authenticator, userHandle: options.user.id };
}

export async function registrationCases(): Promise<RegistrationCase[]> {
  const root = await createRootCa([['CN', 'Fuzz Packed Root']]);
  const intermediate = await createIntermediateCa(root, [['CN', 'Fuzz Packed Intermediate']]);
  const leaf = await createLeafCertificate(intermediate, { aaguid: fromUuid(AAGUID)! });
  const packedX5c: AttestationSigner = async ({ authData, clientDataHash }) => ({
    fmt: 'packed',
    attStmt: new Map<string, unknown>([
      ['alg', -7],
      ['sig', await leaf.key.sign(concat(authData, clientDataHash))],
      ['x5c', [leaf.der, intermediate.der]],
    ]),
  });
  const tpm = await createTpmAttestation({ alg: 'ES256' });
  const android = await createAndroidKeyAttestation();
  const safetyNet = await createSafetyNetAttestation({ alg: 'ES256' });
  const anchors = {
    packed: [root.der],
    tpm: [tpm.issuer.der],
    'android-key': [android.issuer.der],
    'android-safetynet': [safetyNet.issuer.der],
  };
  // The cases live as long as a long fuzz run: SafetyNet's freshness window must not expire under it.
  const attestation = { trustAnchors: { byFormat: anchors }, safetyNet: { maxAgeMs: 24 * 3600_000 } };
  const made: [string, boolean, 'none' | 'packed-self' | AttestationSigner][] = [
    ['none', false, 'none'],
    ['packed', true, 'packed-self'],
    ['packed', true, packedX5c],
    ['tpm', true, tpm.signer],
    ['android-key', true, android.signer],
    ['android-safetynet', true, safetyNet.signer],
  ];
  const cases: RegistrationCase[] = [];
  for (const [fmt, signed, signer] of made) {
    const { response, challenge } = await register(signer);
    cases.push({ fmt, signed, response, challenge, attestation });
  }
  return cases;
}

export async function signInCases(algorithms: readonly number[] = [-7, -8, -36, -257]): Promise<SignInCase[]> {
  const cases: SignInCase[] = [];
  for (const alg of algorithms) {
    const { response: registration, authenticator, userHandle } = await register('none', alg);
    const options = generateAuthenticationOptions({ rpID: RP_ID, allowCredentials: [{ id: registration.id }] });
    const response = await authenticator.getAssertion(options, ORIGIN);
    const stored = authenticator.credentials.get(registration.id)!;
    cases.push({
      alg,
      response,
      challenge: options.challenge,
      record: { id: registration.id, publicKey: toBase64url(stored.keyPair.cosePublicKey), signCount: 0, userHandle },
    });
  }
  return cases;
}
