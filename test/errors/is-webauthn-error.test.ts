import { describe, expect, it } from 'vitest';
import { isWebAuthnError, WebAuthnError } from '../../src/errors.js';

/** The brand every copy of passkey-rp puts on its WebAuthnError (Symbol.for: one symbol per runtime). */
const BRAND = Symbol.for('passkey-rp.WebAuthnError');

/**
 * A second copy of the module, as when an app and one of its dependencies each install
 * passkey-rp: the query string makes the module loader evaluate the file again.
 */
const SECOND_COPY = '../../src/errors.ts?second-copy';
async function secondCopy(): Promise<typeof import('../../src/errors.js')> {
  return import(/* @vite-ignore */ SECOND_COPY);
}

describe('isWebAuthnError', () => {
  it('recognises its own errors, and filters by code', () => {
    const error = new WebAuthnError('challenge_expired', 'the challenge has expired');
    expect(isWebAuthnError(error)).toBe(true);
    expect(isWebAuthnError(error, 'challenge_expired')).toBe(true);
    expect(isWebAuthnError(error, 'challenge_mismatch')).toBe(false);
  });

  it('recognises an error thrown by a second copy of the package, which instanceof does not', async () => {
    const other = await secondCopy();
    expect(other.WebAuthnError).not.toBe(WebAuthnError);
    const error = new other.WebAuthnError('bad_signature', 'the signature does not verify');
    expect(error instanceof WebAuthnError).toBe(false);
    expect(isWebAuthnError(error)).toBe(true);
    expect(isWebAuthnError(error, 'bad_signature')).toBe(true);
    expect(other.isWebAuthnError(new WebAuthnError('origin_mismatch', 'x'), 'origin_mismatch')).toBe(true);
  });

  it('recognises a branded error object with a known code', () => {
    const foreign = Object.assign(new Error('the challenge was already used'), { code: 'challenge_replayed', [BRAND]: true });
    expect(isWebAuthnError(foreign, 'challenge_replayed')).toBe(true);
  });

  it('rejects a plain Error that merely has a known code', () => {
    const plain = Object.assign(new Error('the challenge has expired'), { code: 'challenge_expired' });
    expect(isWebAuthnError(plain)).toBe(false);
    expect(isWebAuthnError(plain, 'challenge_expired')).toBe(false);
  });

  it('rejects a branded object whose code this copy does not know', () => {
    expect(isWebAuthnError(Object.assign(new Error('x'), { code: 'not_a_code', [BRAND]: true }))).toBe(false);
    expect(isWebAuthnError(Object.assign(new Error('x'), { [BRAND]: true }))).toBe(false);
  });

  it('rejects a brand that is not exactly true', () => {
    expect(isWebAuthnError(Object.assign(new Error('x'), { code: 'bad_signature', [BRAND]: 'yes' }))).toBe(false);
  });

  it.each([undefined, null, 'bad_signature', 42, Symbol('x')])('rejects %s', (value) => {
    expect(isWebAuthnError(value)).toBe(false);
  });

  it('keeps the brand off the error\'s own, enumerable properties', () => {
    const error = new WebAuthnError('key_invalid', 'x', { step: '7.1 step 21' });
    expect(Object.getOwnPropertySymbols(error)).toEqual([]);
    expect(JSON.parse(JSON.stringify({ ...error }))).toEqual({ name: 'WebAuthnError', code: 'key_invalid', step: '7.1 step 21' });
  });
});
