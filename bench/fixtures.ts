import { generateAuthenticationOptions, generateRegistrationOptions, toBase64url, type AuthenticationResponseJSON, type RegistrationResponseJSON } from 'passkey-rp';
import {
  createIntermediateCa,
  createLeafCertificate,
  createRootCa,
  SoftwareAuthenticator,
  type AttestationSigner,
  type IssuedCertificate,
} from 'passkey-rp/testing';
import { rsaPrivateJwks } from './rsa-keys.js';

/**
 * Benchmark inputs, made with the library's own software authenticator: pools of distinct
 * credentials, so that every verification in a cycle meets a key it has not seen recently.
 */

export const RP_ID = 'bench.example';
export const ORIGIN = 'https://bench.example';
export const AAGUID = 'b3c0b3c0-0000-4000-8000-00000000b3c0';
const AAGUID_BYTES = Uint8Array.from(AAGUID.replace(/-/g, '').match(/../g)!, (h) => parseInt(h, 16));

export interface SignInInput {
  response: AuthenticationResponseJSON;
  challenge: string;
  /** The stored record, as passkey-rp takes it (with the user handle the assertion returns). */
  record: { id: string; publicKey: string; signCount: number; userHandle: string };
  /** The COSE public key bytes, as @simplewebauthn/server takes them. */
  cosePublicKey: Uint8Array;
}

export interface RegistrationInput {
  response: RegistrationResponseJSON;
  challenge: string;
}

function userId(i: number): Uint8Array {
  const id = new Uint8Array(16);
  new DataView(id.buffer).setUint32(12, i);
  return id;
}

function registrationOptions(i: number) {
  return generateRegistrationOptions({ rpName: 'Bench', rpID: RP_ID, userName: `user${i}@bench.example`, userID: userId(i) });
}

/** Signs assertions with `authenticator`'s credential `id`. */
async function assertion(authenticator: SoftwareAuthenticator, id: string): Promise<SignInInput> {
  const options = generateAuthenticationOptions({ rpID: RP_ID, allowCredentials: [{ id }] });
  const response = await authenticator.getAssertion(options, ORIGIN, { credentialId: id });
  const stored = authenticator.credentials.get(id)!;
  const cosePublicKey = stored.keyPair.cosePublicKey;
  const record = { id, publicKey: toBase64url(cosePublicKey), signCount: 0, userHandle: stored.userHandle };
  return { response, challenge: options.challenge, record, cosePublicKey };
}

/** `count` sign-in assertions, each by a different credential of COSE algorithm `alg`. */
export async function signInPool(alg: -7 | -8 | -257, count: number): Promise<SignInInput[]> {
  const authenticator = new SoftwareAuthenticator({ algorithm: alg });
  const ids: string[] = [];
  if (alg === -257) {
    // RSA key generation is slow; distinct moduli from prime pairs make the pool in seconds.
    const jwks = await rsaPrivateJwks(count);
    await authenticator.importCredentials(
      jwks.map((privateKey, i) => {
        const id = toBase64url(userId(i + 1_000_000));
        ids.push(id);
        return { id, rpId: RP_ID, userHandle: toBase64url(userId(i)), signCount: 0, keyPair: { alg, privateKey } };
      }),
    );
  } else {
    for (let i = 0; i < count; i++) ids.push((await authenticator.createCredential(registrationOptions(i), ORIGIN)).id);
  }
  const pool: SignInInput[] = [];
  for (const id of ids) pool.push(await assertion(authenticator, id));
  return pool;
}

/** A test PKI for full packed attestation: root, intermediate, and a batch certificate for AAGUID. */
export interface PackedPki {
  root: IssuedCertificate;
  intermediate: IssuedCertificate;
  leaf: IssuedCertificate;
}

export async function packedPki(aaguid = AAGUID_BYTES): Promise<PackedPki> {
  const root = await createRootCa([['CN', 'Bench Root']]);
  const intermediate = await createIntermediateCa(root, [['CN', 'Bench Intermediate']]);
  const leaf = await createLeafCertificate(intermediate, { aaguid });
  return { root, intermediate, leaf };
}

/** Packed full attestation (WebAuthn L3 section 8.2): the batch key signs authData || clientDataHash, x5c = [leaf, intermediate]. */
function x5cSigner(pki: PackedPki): AttestationSigner {
  return async ({ authData, clientDataHash }) => {
    const signed = new Uint8Array(authData.length + clientDataHash.length);
    signed.set(authData);
    signed.set(clientDataHash, authData.length);
    return {
      fmt: 'packed',
      attStmt: new Map<string, unknown>([
        ['alg', -7],
        ['sig', await pki.leaf.key.sign(signed)],
        ['x5c', [pki.leaf.der, pki.intermediate.der]],
      ]),
    };
  };
}

export type RegistrationKind = 'none' | 'packed-self' | 'packed-x5c';

/** `count` ES256 registrations, each a new credential, with the given attestation. */
export async function registrationPool(kind: RegistrationKind, count: number, pki?: PackedPki): Promise<RegistrationInput[]> {
  const attestation = kind === 'packed-x5c' ? x5cSigner(pki!) : kind;
  const authenticator = new SoftwareAuthenticator({ algorithm: -7, aaguid: AAGUID, attestation });
  const pool: RegistrationInput[] = [];
  for (let i = 0; i < count; i++) {
    const options = registrationOptions(i);
    pool.push({ response: await authenticator.createCredential(options, ORIGIN), challenge: options.challenge });
  }
  return pool;
}
