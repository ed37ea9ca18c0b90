import { verifyAuthenticationResponse, verifyRegistrationResponse } from 'passkey-rp';
import { ORIGIN, RP_ID, packedPki, registrationPool, signInPool, type RegistrationKind } from './fixtures.js';

/**
 * One case in a loop, for a CPU profile of passkey-rp alone:
 *   node bench/compile.mjs && node --cpu-prof --cpu-prof-dir=prof node_modules/.cache/passkey-rp-bench/profile.mjs <case> [operations]
 * where <case> is sign-in-es256, sign-in-ed25519, sign-in-rs256, none, packed-self or packed-x5c.
 */

const kind = process.argv[2] ?? 'sign-in-es256';
const operations = Number(process.argv[3] ?? 20_000);
const POOL = 1000;
const SIGN_IN = { 'sign-in-es256': -7, 'sign-in-ed25519': -8, 'sign-in-rs256': -257 } as const;

let op: (i: number) => Promise<unknown>;
if (kind in SIGN_IN) {
  const pool = await signInPool(SIGN_IN[kind as keyof typeof SIGN_IN], POOL);
  op = (i) => {
    const input = pool[i % POOL]!;
    return verifyAuthenticationResponse({ response: input.response, expectedChallenge: input.challenge, expectedOrigin: ORIGIN, expectedRPID: RP_ID, credential: input.record });
  };
} else if (kind === 'none' || kind === 'packed-self' || kind === 'packed-x5c') {
  const pki = await packedPki();
  const pool = await registrationPool(kind as RegistrationKind, POOL, pki);
  const attestation = kind === 'packed-x5c' ? { trustAnchors: { byFormat: { packed: [pki.root.der] } } } : {};
  op = (i) => {
    const input = pool[i % POOL]!;
    return verifyRegistrationResponse({ response: input.response, expectedChallenge: input.challenge, expectedOrigin: ORIGIN, expectedRPID: RP_ID, attestation });
  };
} else {
  throw new Error(`unknown case ${kind}`);
}

const start = performance.now();
for (let i = 0; i < operations; i++) await op(i);
console.log(`${kind}: ${Math.round(operations / ((performance.now() - start) / 1000))} ops/s`);
