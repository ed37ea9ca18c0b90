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
  return binding;
}

/** Bindings match only when both are absent or both are the same string (strict: no wildcard). */
export function bindingsMatch(issued: string | undefined, expected: string | undefined): boolean {
  if (issued === undefined || expected === undefined) return issued === expected;
  return timingSafeEqual(utf8(issued), utf8(expected));
}
