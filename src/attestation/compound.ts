import { fail } from '../errors.js';
import type { AttestationStatementInput, AttestationVerdict } from './types.js';

const STEP = '8.9 compound';
/** Sub-statements accepted in one compound statement: enough for any real device, bounded for hostile input. */
export const MAX_COMPOUND_STATEMENTS = 8;

/**
 * The compound attestation statement format (WebAuthn L3 section 8.9): attStmt is an array of at
 * least two {fmt, attStmt} maps, none of them compound; each is verified with its own format's
 * procedure over the same authenticatorData and clientDataHash.
 *
 * The spec leaves both outcomes to relying party policy ("If validation fails for one or more
 * subStmt, decide the appropriate result based on Relying Party policy"; "If sufficiently many
 * items verify successfully"). passkey-rp decides:
 * - valid: every sub-statement must verify. A statement that carries a broken part is rejected,
 *   with that part's error, rather than silently dropping evidence that was sent.
 * - trusted: when at least one sub-statement chains to a caller-supplied anchor. Each one
 *   independently attests the same credential key, so one anchored statement proves provenance;
 *   the others add facts, never subtract trust.
 * The compound verdict's type, trust path and anchor are those of the first trusted
 * sub-statement, else of the first; every sub-verdict is in `statements`.
 */
export async function verifyCompound(
  input: Omit<AttestationStatementInput, 'attStmt'> & { attStmt: readonly unknown[] },
  verifyOne: (sub: AttestationStatementInput) => Promise<AttestationVerdict>,
): Promise<AttestationVerdict> {
  const items = input.attStmt;
  if (items.length < 2) fail('attestation_statement_invalid', 'a compound attStmt must hold at least two statements', STEP);
  if (items.length > MAX_COMPOUND_STATEMENTS) {
    fail('input_too_large', `a compound attStmt holds more than ${MAX_COMPOUND_STATEMENTS} statements`, STEP);
  }
  const statements: AttestationVerdict[] = [];
  for (const [i, item] of items.entries()) {
    if (!(item instanceof Map)) fail('attestation_statement_invalid', `compound statement ${i} is not a map`, STEP);
    const fmt = item.get('fmt');
    const attStmt = item.get('attStmt');
    if (typeof fmt !== 'string' || fmt.length === 0 || fmt.length > 32) fail('attestation_statement_invalid', `compound statement ${i} has no valid "fmt"`, STEP);
    // nonCompoundAttStmt: fmt .ne "compound".
    if (fmt === 'compound') fail('attestation_statement_invalid', `compound statement ${i} is itself compound`, STEP);
    if (!(attStmt instanceof Map)) fail('attestation_statement_invalid', `compound statement ${i} has no "attStmt" map`, STEP);
    statements.push(await verifyOne({ ...input, fmt, attStmt }));
  }
  const lead = statements.find((s) => s.trusted) ?? statements[0]!;
  const verdict: AttestationVerdict = {
    format: 'compound',
    type: lead.type,
    trustPath: lead.trustPath,
    trusted: lead.trusted,
    aaguid: lead.aaguid,
    reasons: lead.trusted ? [] : statements.flatMap((s) => s.reasons.map((r) => `${s.format}: ${r}`)),
    facts: { format: 'compound' },
    statements,
  };
  if (lead.anchor) verdict.anchor = lead.anchor;
  return verdict;
}
