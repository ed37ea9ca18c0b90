import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAttestation } from '../../src/attestation/index.js';
import { clientDataHashOf, credential, rejection, statementInput } from './helpers.js';

let authData: Uint8Array;
let cdh: Uint8Array;

beforeAll(async () => {
  authData = (await credential(-7)).authData;
  cdh = await clientDataHashOf();
});

describe('none', () => {
  it('an empty attStmt: type none, untrusted with a reason', async () => {
    const verdict = await verifyAttestation(statementInput('none', new Map(), authData, cdh));
    expect(verdict).toMatchObject({ format: 'none', type: 'none', trustPath: [], trusted: false, facts: { format: 'none' } });
    expect(verdict.reasons).toEqual(['none attestation carries no trust path']);
  });

  it('rejects a non-empty attStmt', async () => {
    const error = await rejection(verifyAttestation(statementInput('none', new Map([['sig', new Uint8Array(1)]]), authData, cdh)));
    expect(error.code).toBe('attestation_statement_invalid');
    expect(error.step).toBe('8.7 none');
  });
});
