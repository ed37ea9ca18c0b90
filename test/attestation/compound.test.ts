import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAttestation } from '../../src/attestation/index.js';
import { concat } from '../../src/encoding/bytes.js';
import { createLeafCertificate, type IssuedCertificate } from '../../src/testing/ca.js';
import { signWithTestKey, type TestKeyPair } from '../../src/testing/keys.js';
import { AAGUID, clientDataHashOf, createTestPki, credential, rejection, statementInput, type TestPki } from './helpers.js';

let pki: TestPki;
let leaf: IssuedCertificate;
let cred: { pair: TestKeyPair; authData: Uint8Array };
let cdh: Uint8Array;
let packedFull: Map<unknown, unknown>;
let packedSelf: Map<unknown, unknown>;

beforeAll(async () => {
  pki = await createTestPki('Compound');
  leaf = await createLeafCertificate(pki.intermediate, { aaguid: AAGUID });
  cred = await credential(-7);
  cdh = await clientDataHashOf();
  const signed = concat(cred.authData, cdh);
  packedFull = new Map<unknown, unknown>([
    ['alg', -7],
    ['sig', await leaf.key.sign(signed)],
    ['x5c', [leaf.der, pki.intermediate.der]],
  ]);
  packedSelf = new Map<unknown, unknown>([
    ['alg', -7],
    ['sig', await signWithTestKey(cred.pair, signed)],
  ]);
});

const item = (fmt: string, attStmt: unknown) => new Map<unknown, unknown>([['fmt', fmt], ['attStmt', attStmt]]);

function compound(items: unknown[]) {
  return { ...statementInput('compound', new Map(), cred.authData, cdh), attStmt: items };
}

const anchored = () => ({ trustAnchors: { byFormat: { packed: [pki.root.der] } } });

describe('compound', () => {
  it('verifies every sub-statement; trusted when one chains, typed after it', async () => {
    const verdict = await verifyAttestation(compound([item('packed', packedSelf), item('packed', packedFull)]), {
      trustAnchors: { byFormat: { packed: [pki.root.der] } },
    });
    expect(verdict).toMatchObject({ format: 'compound', type: 'basic', trusted: true, facts: { format: 'compound' } });
    expect(verdict.statements?.map((s) => [s.type, s.trusted])).toEqual([
      ['self', false],
      ['basic', true],
    ]);
    expect(verdict.anchor?.subject).toBe('CN=Compound Test Root');
    expect(JSON.parse(JSON.stringify(verdict))).toEqual(verdict);
  });

  it('is untrusted when no sub-statement chains, with every reason, and rejected when trust is required', async () => {
    const input = compound([item('packed', packedSelf), item('none', new Map())]);
    const verdict = await verifyAttestation(input, anchored());
    expect(verdict).toMatchObject({ trusted: false, type: 'self' });
    expect(verdict.reasons).toHaveLength(2);
    expect(verdict.reasons[1]).toMatch(/^none: /);
    expect((await rejection(verifyAttestation(input, { ...anchored(), requireTrustedAttestation: true }))).code).toBe('attestation_untrusted');
  });

  it('rejects the whole statement when one sub-statement is invalid', async () => {
    const broken = new Map(packedFull);
    broken.set('sig', packedSelf.get('sig'));
    const error = await rejection(verifyAttestation(compound([item('packed', packedSelf), item('packed', broken)]), anchored()));
    expect(error.code).toBe('attestation_signature_invalid');
  });

  it('rejects a nested compound statement', async () => {
    const nested = item('compound', [item('packed', packedSelf), item('packed', packedFull)]);
    const error = await rejection(verifyAttestation(compound([item('packed', packedSelf), nested])));
    expect(error.code).toBe('attestation_statement_invalid');
    expect(error.step).toBe('8.9 compound');
  });

  it('rejects fewer than two sub-statements', async () => {
    expect((await rejection(verifyAttestation(compound([item('packed', packedSelf)])))).code).toBe('attestation_statement_invalid');
  });

  it('rejects malformed sub-statements and a non-array attStmt', async () => {
    for (const bad of [['not a map', item('packed', packedSelf)], [item(42 as never, packedSelf), item('packed', packedSelf)], [item('packed', [1]), item('packed', packedSelf)]]) {
      expect((await rejection(verifyAttestation(compound(bad)))).code).toBe('attestation_statement_invalid');
    }
    const mapAttStmt = statementInput('compound', new Map(), cred.authData, cdh);
    expect((await rejection(verifyAttestation(mapAttStmt))).code).toBe('attestation_statement_invalid');
  });

  it('rejects an unknown sub-statement format', async () => {
    const error = await rejection(verifyAttestation(compound([item('packed', packedSelf), item('x-unknown', new Map())])));
    expect(error.code).toBe('unsupported_attestation_format');
  });

  it('bounds the number of sub-statements', async () => {
    const error = await rejection(verifyAttestation(compound(Array(9).fill(item('packed', packedSelf)))));
    expect(error.code).toBe('input_too_large');
  });
});
