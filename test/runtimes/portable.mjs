// The portable subset of the test suite: plain JavaScript with no test runner, so that Node, Deno
// and Bun run the very same file against the installed package. Both ceremonies for every COSE
// algorithm passkey-rp verifies, a corrupted signature for each, and attestation statements that
// need the X.509 stack. Prints one line per check and ends with "N passed, M failed"; exits 1 on
// any failure.
//
//   node portable.mjs | deno run -A portable.mjs | bun portable.mjs
//
// EXPECT_BACKEND=node|webcrypto also checks which crypto backend the package's "imports"
// conditions selected on this runtime (through the probe file test/package/packed.ts installs).

import { assert, check, finish, runtime } from './checks.mjs';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  isWebAuthnError,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from 'passkey-rp';
import {
  createIntermediateCa,
  createLeafCertificate,
  createRootCa,
  createTpmAttestation,
  SoftwareAuthenticator,
} from 'passkey-rp/testing';

const RP_ID = 'portable.example';
const ORIGIN = 'https://portable.example';
const AAGUID = '7e57ab1e-0000-4000-8000-00000000cafe';

const ALGORITHMS = [
  ['ES256', -7],
  ['ES384', -35],
  ['ES512', -36],
  ['ES256K', -47],
  ['EdDSA', -8],
  ['Ed25519', -19],
  ['Ed448', -53],
  ['RS256', -257],
  ['RS384', -258],
  ['RS512', -259],
  ['PS256', -37],
  ['PS384', -38],
  ['PS512', -39],
  ['ML-DSA-44', -48],
  ['ML-DSA-65', -49],
  ['ML-DSA-87', -50],
  ['RS1', -65535],
];

async function rejects(promise, code) {
  try {
    await promise;
  } catch (error) {
    assert(isWebAuthnError(error, code), `expected WebAuthnError ${code}, got ${error?.code ?? error}`);
    return;
  }
  throw new Error(`expected WebAuthnError ${code}, but it verified`);
}

/** Registers a credential of `alg` and signs in with it, then checks that a corrupted signature fails. */
async function ceremonies(alg, attestation = 'none', trustAnchors = undefined) {
  const authenticator = new SoftwareAuthenticator({ algorithm: alg, aaguid: AAGUID, attestation });
  const creation = generateRegistrationOptions({
    rpName: 'Portable',
    rpID: RP_ID,
    userName: 'portable@example.com',
    userID: new Uint8Array([1, 2, 3, 4]),
    supportedAlgorithmIDs: [alg],
  });
  const registration = await verifyRegistrationResponse({
    response: await authenticator.createCredential(creation, ORIGIN),
    expectedChallenge: creation.challenge,
    expectedOrigin: ORIGIN,
    expectedRPID: RP_ID,
    userID: creation.user.id,
    supportedAlgorithmIDs: [alg],
    ...(trustAnchors ? { attestation: { trustAnchors, requireTrustedAttestation: true } } : {}),
  });
  const record = registration.credential;
  assert(record.algorithm === alg, `registered algorithm ${record.algorithm}, expected ${alg}`);

  const request = generateAuthenticationOptions({ rpID: RP_ID, allowCredentials: [{ id: record.id }] });
  const input = (response) => ({
    response,
    expectedChallenge: request.challenge,
    expectedOrigin: ORIGIN,
    expectedRPID: RP_ID,
    credential: record,
    supportedAlgorithmIDs: [alg],
  });
  const signIn = await verifyAuthenticationResponse(input(await authenticator.getAssertion(request, ORIGIN)));
  assert(signIn.credentialId === record.id && signIn.update.signCount === 1, 'sign-in did not report the credential and its new counter');
  await rejects(verifyAuthenticationResponse(input(await authenticator.getAssertion(request, ORIGIN, { corruptSignature: true }))), 'bad_signature');
  return registration;
}

console.log(`passkey-rp portable checks on ${runtime}`);

const expected = globalThis.process?.env?.EXPECT_BACKEND ?? globalThis.Deno?.env.get('EXPECT_BACKEND');
let backend = 'unknown (no probe installed)';
try {
  const probe = new URL('./crypto/which-backend.mjs', import.meta.resolve('passkey-rp'));
  const resolved = (await import(probe.href)).default;
  backend = resolved.slice(resolved.indexOf('/dist/') + 1);
} catch {
  // Run outside an installed copy: nothing to report.
}
console.log(`crypto backend: ${backend}`);
if (expected) {
  await check(`the "imports" conditions select the ${expected} backend`, () => {
    assert(backend === `dist/crypto/${expected}.js`, `resolved ${backend}`);
  });
}

for (const [name, alg] of ALGORITHMS) {
  await check(`${name} (${alg}): registration, sign-in, corrupted signature rejected`, () => ceremonies(alg));
}

await check('packed self attestation', async () => {
  const { attestation } = await ceremonies(-7, 'packed-self');
  assert(attestation.format === 'packed' && attestation.type === 'self', `verdict ${attestation.format}/${attestation.type}`);
});

await check('packed x5c attestation chained to a root', async () => {
  const root = await createRootCa([['CN', 'Portable Root']]);
  const intermediate = await createIntermediateCa(root, [['CN', 'Portable Intermediate']]);
  const aaguid = Uint8Array.from(AAGUID.replace(/-/g, '').match(/../g), (h) => parseInt(h, 16));
  const leaf = await createLeafCertificate(intermediate, { aaguid });
  const signer = async ({ authData, clientDataHash }) => {
    const signed = new Uint8Array(authData.length + clientDataHash.length);
    signed.set(authData);
    signed.set(clientDataHash, authData.length);
    return {
      fmt: 'packed',
      attStmt: new Map([
        ['alg', -7],
        ['sig', await leaf.key.sign(signed)],
        ['x5c', [leaf.der, intermediate.der]],
      ]),
    };
  };
  const { attestation } = await ceremonies(-7, signer, { byFormat: { packed: [root.der] } });
  assert(attestation.trusted && attestation.type === 'basic', `verdict ${attestation.type}, trusted ${attestation.trusted}`);
});

await check('tpm attestation chained to a root', async () => {
  const tpm = await createTpmAttestation({ alg: 'ES256' });
  const { attestation } = await ceremonies(-7, tpm.signer, { byFormat: { tpm: [tpm.issuer.der] } });
  assert(attestation.trusted && attestation.type === 'attca', `verdict ${attestation.type}, trusted ${attestation.trusted}`);
});

finish();
