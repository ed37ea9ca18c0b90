import type { AttestationSigner } from './authenticator.js';

/**
 * Test `compound` attestation statements (WebAuthn L3 section 8.9): each given signer runs its own
 * format's signing procedure over the same authenticatorData and clientDataHash, and attStmt is
 * the array of their {fmt, attStmt} maps, in the given order. The spec asks for at least two
 * statements, none of them compound; the signers are used as given, so tests can break that too.
 */
export function createCompoundAttestation(signers: readonly AttestationSigner[]): AttestationSigner<Map<string, unknown>[]> {
  const list = [...signers];
  return async (input) => {
    const statements = await Promise.all(list.map((sign) => sign(input)));
    return {
      fmt: 'compound',
      attStmt: statements.map(({ fmt, attStmt }) => new Map<string, unknown>([['fmt', fmt], ['attStmt', attStmt]])),
    };
  };
}
