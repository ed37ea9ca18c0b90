import { describe, expect, it } from 'vitest';
import { fromBase64url } from '../../src/encoding/base64url.js';
import { challengesEqual, generateChallenge } from '../../src/lifecycle/index.js';
import { expectCode } from './fixtures.js';

describe('generateChallenge', () => {
  it('gives 32 random bytes, base64url, by default', () => {
    const challenge = generateChallenge();
    expect(fromBase64url(challenge)).toHaveLength(32);
    expect(generateChallenge()).not.toBe(challenge);
  });

  it('accepts the 16-byte floor of WebAuthn section 13.4.3', () => {
    expect(fromBase64url(generateChallenge(16))).toHaveLength(16);
  });

  it.each([15, 0, 1025, 20.5, Number.NaN])('refuses %s bytes', async (bytes) => {
    await expectCode(() => generateChallenge(bytes), 'invalid_options');
  });
});

describe('challengesEqual', () => {
  const a = generateChallenge();

  it('is true for the same challenge', () => {
    expect(challengesEqual(a, `${a}`)).toBe(true);
  });

  it('is false when the last character differs', () => {
    const other = a.slice(0, -1) + (a.endsWith('A') ? 'B' : 'A');
    expect(challengesEqual(a, other)).toBe(false);
  });

  it('is false for a prefix', () => {
    expect(challengesEqual(a, a.slice(0, -1))).toBe(false);
  });

  it('is false for non-strings', () => {
    expect(challengesEqual(a, undefined)).toBe(false);
    expect(challengesEqual(42, 42)).toBe(false);
  });
});
