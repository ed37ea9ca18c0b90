import { fail } from '../errors.js';
import type { AttestationStatementInput, AttestationStatementResult } from './types.js';

const STEP = '8.7 none';

/** WebAuthn L3 section 8.7: attStmt is the empty map; the type is None with an empty trust path. */
export async function verifyNone(input: AttestationStatementInput): Promise<AttestationStatementResult> {
  if (input.attStmt.size !== 0) fail('attestation_statement_invalid', 'a "none" attestation statement must be an empty map', STEP);
  return { type: 'none', trustPath: [], facts: { format: 'none' } };
}
