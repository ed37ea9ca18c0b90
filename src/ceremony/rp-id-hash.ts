import { WebAuthnError } from '../errors.js';
import { equalBytes, utf8 } from '../encoding/bytes.js';
import { sha256 } from '../crypto/index.js';
import { checkRpIdSyntax } from './rp-id-syntax.js';

/** The RP IDs a ceremony accepts: usually one, several for an RP serving more than one domain. */
export type ExpectedRPID = string | readonly string[];

// RP IDs are few and fixed per deployment, so their hashes are memoised (bounded, in case a
// host passes attacker-chosen values through by mistake).
const cache = new Map<string, Uint8Array>();

export async function rpIdHash(rpId: string): Promise<Uint8Array> {
  let hash = cache.get(rpId);
  if (hash === undefined) {
    hash = await sha256(utf8(rpId));
    if (cache.size < 256) cache.set(rpId, hash);
  }
  return hash;
}

/**
 * The caller's expectedRPID as a list of RP IDs, each checked for syntax ('invalid_rp_id' for
 * "https://example.com" or "Example.com", which could only ever fail as rp_id_mismatch).
 */
export function expectedRpIds(expected: ExpectedRPID): readonly string[] {
  const list: unknown = typeof expected === 'string' ? [expected] : expected;
  if (!Array.isArray(list) || list.length === 0) {
    throw new WebAuthnError('invalid_options', 'expectedRPID must be a non-empty string or list of strings');
  }
  return list.map((id: unknown) => checkRpIdSyntax(id, 'expectedRPID'));
}

/**
 * Verifies authData.rpIdHash against SHA-256 of an expected RP ID (7.1 step 12, 7.2 step 13).
 * `expectedIds` come from expectedRpIds; `extraIds` are further strings the ceremony accepts
 * (the appid extension's AppID). Returns the RP ID that matched.
 */
export async function checkRpIdHash(
  received: Uint8Array,
  expectedIds: readonly string[],
  step: string,
  extraIds: readonly string[] = [],
): Promise<string> {
  for (const id of [...expectedIds, ...extraIds]) {
    if (equalBytes(received, await rpIdHash(id))) return id;
  }
  throw new WebAuthnError('rp_id_mismatch', 'authenticatorData.rpIdHash is not the hash of an expected RP ID', { step });
}
