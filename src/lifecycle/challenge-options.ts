import { WebAuthnError } from '../errors.js';
import { timingSafeEqual, utf8 } from '../encoding/bytes.js';
import type { ChallengePurpose } from './challenge-types.js';

/** A binding is an opaque host value (user handle, session id); this bounds what gets hashed or stored. */
export const MAX_BINDING_LENGTH = 1024;

export function checkPurpose(purpose: unknown): ChallengePurpose {
  if (purpose !== 'registration' && purpose !== 'authentication') {
    throw new WebAuthnError('invalid_options', 'purpose must be "registration" or "authentication"');
  }
  return purpose;
}

export function checkBinding(binding: unknown): string | undefined {
  if (binding === undefined) return undefined;
  if (typeof binding !== 'string' || binding.length === 0 || binding.length > MAX_BINDING_LENGTH) {
    throw new WebAuthnError('invalid_options', `binding must be a non-empty string of at most ${MAX_BINDING_LENGTH} characters`);
  }
  // Bindings are compared (and MACed) as UTF-8, which turns every lone surrogate into U+FFFD: two
  // different strings would then match. Refuse strings that UTF-8 cannot carry exactly.
  if (hasLoneSurrogate(binding)) throw new WebAuthnError('invalid_options', 'binding must be well-formed Unicode (it has a lone surrogate)');
  return binding;
}

function hasLoneSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xdc00 && unit <= 0xdfff) return true;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    }
  }
  return false;
}

/** Bindings match only when both are absent or both are the same string (strict: no wildcard). */
export function bindingsMatch(issued: string | undefined, expected: string | undefined): boolean {
  if (issued === undefined || expected === undefined) return issued === expected;
  return timingSafeEqual(utf8(issued), utf8(expected));
}
