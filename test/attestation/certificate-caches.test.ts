import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyAttestation } from '../../src/attestation/index.js';
import { clearCertificateCaches } from '../../src/attestation/public.js';
import { concat } from '../../src/encoding/bytes.js';
import { createIntermediateCa, createLeafCertificate, createRootCa, type IssuedCertificate } from '../../src/testing/ca.js';
import type { TestKeyPair } from '../../src/testing/keys.js';
import { AAGUID, clientDataHashOf, createTestPki, credential, rejection, statementInput, type TestPki } from './helpers.js';

/**
 * Ceremonies share parsed certificates and signature results (src/x509/cache.ts). These run the
 * same statement through verifyAttestation twice or more, so the later runs meet warm caches, and
 * check that what depends on the call (anchors, `now`) is still decided by the call.
 */

const DAY = 86400_000;

let pki: TestPki;
/** A root with the same name as pki.root, and an intermediate of the same name under it. */
let impostor: TestPki;
let leaf: IssuedCertificate;
let cred: { pair: TestKeyPair; authData: Uint8Array };
let cdh: Uint8Array;
let attStmt: Map<unknown, unknown>;

beforeAll(async () => {
  pki = await createTestPki('Cached');
  const impostorRoot = await createRootCa([['CN', 'Cached Test Root']]);
  impostor = { root: impostorRoot, intermediate: await createIntermediateCa(impostorRoot, [['CN', 'Cached Test Intermediate']]) };
  leaf = await createLeafCertificate(pki.intermediate, { aaguid: AAGUID });
  cred = await credential(-7);
  cdh = await clientDataHashOf();
  attStmt = new Map<unknown, unknown>([
    ['alg', -7],
    ['sig', await leaf.key.sign(concat(cred.authData, cdh))],
    ['x5c', [leaf.der, pki.intermediate.der]],
  ]);
});

beforeEach(() => clearCertificateCaches());

function verify(anchor: Uint8Array, now = new Date()) {
  return verifyAttestation(statementInput('packed', attStmt, cred.authData, cdh, now), {
    trustAnchors: { byFormat: { packed: [anchor] } },
    requireTrustedAttestation: true,
  });
}

describe('attestation with warm certificate caches', () => {
  it('gives the same verdict warm as cold', async () => {
    const cold = await verify(pki.root.der);
    const warm = await verify(pki.root.der);
    expect(cold.trusted).toBe(true);
    expect(warm).toEqual(cold);
  });

  it('a chain trusted under one root is not trusted under a root of the same name with another key', async () => {
    expect((await verify(pki.root.der)).trusted).toBe(true);
    const error = await rejection(verify(impostor.root.der));
    expect(error.code).toBe('attestation_untrusted');
    expect((await verify(pki.root.der)).trusted).toBe(true);
  });

  it('an x5c whose intermediate an impostor signed breaks the chain even after the genuine one was verified', async () => {
    expect((await verify(pki.root.der)).trusted).toBe(true);
    const swapped = new Map(attStmt);
    swapped.set('x5c', [leaf.der, impostor.intermediate.der]);
    const error = await rejection(
      verifyAttestation(statementInput('packed', swapped, cred.authData, cdh), {
        trustAnchors: { byFormat: { packed: [pki.root.der] } },
        requireTrustedAttestation: true,
      }),
    );
    expect(error.code).toBe('attestation_chain_invalid');
    expect(error.message).toMatch(/signature does not verify/);
  });

  it('checks validity at each call\'s "now": a cached chain expires all the same', async () => {
    expect((await verify(pki.root.der)).trusted).toBe(true);
    const afterLeafExpiry = new Date(new Date().getTime() + 400 * DAY);
    const error = await rejection(verify(pki.root.der, afterLeafExpiry));
    expect(error.code).toBe('attestation_chain_invalid');
    expect(error.message).toMatch(/expired/);
  });
});
