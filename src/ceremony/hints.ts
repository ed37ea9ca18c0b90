import { WebAuthnError } from '../errors.js';
import type { PublicKeyCredentialHint } from '../types.js';

const HINTS: readonly PublicKeyCredentialHint[] = ['security-key', 'client-device', 'hybrid'];

/** Hints (WebAuthn L3 section 5.8.7) are ordered by preference; unknown or repeated ones are a config error. */
export function checkHints(hints: readonly string[] | undefined): PublicKeyCredentialHint[] | undefined {
  if (hints === undefined) return undefined;
  if (!Array.isArray(hints)) throw new WebAuthnError('invalid_options', 'hints must be an array');
  const seen = new Set<string>();
  for (const hint of hints as readonly unknown[]) {
    // Checked before it is ever turned into text: a nested array or a hostile object is not a hint.
    if (typeof hint !== 'string') throw new WebAuthnError('invalid_options', `hints must be strings among ${HINTS.join(', ')}`);
    if (!HINTS.includes(hint as PublicKeyCredentialHint)) {
      throw new WebAuthnError('invalid_options', `unknown hint ${JSON.stringify(hint.slice(0, 40))}; use ${HINTS.join(', ')}`);
    }
    if (seen.has(hint)) throw new WebAuthnError('invalid_options', `hint "${hint}" is listed twice`);
    seen.add(hint);
  }
  return [...hints] as PublicKeyCredentialHint[];
}
