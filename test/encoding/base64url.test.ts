import { describe, expect, it } from 'vitest';
import { fromBase64url, fromBase64urlLenient, toBase64url } from '../../src/encoding/base64url.js';
import { errorCode as code } from '../helpers/errors.js';


describe('base64url', () => {
  it('toBase64url refuses what is not a Uint8Array with invalid_options', () => {
    for (const value of [undefined, null, 'AAAA', [1, 2, 3], new ArrayBuffer(3)]) expect(code(() => toBase64url(value as never))).toBe('invalid_options');
  });

  it('round-trips every length from 0 to 64', () => {
    for (let n = 0; n <= 64; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      const text = toBase64url(bytes);
      expect(text).not.toMatch(/[=+/]/);
      expect(fromBase64url(text)).toEqual(bytes);
    }
  });

  it('matches the RFC 4648 test vectors (unpadded, url alphabet)', () => {
    const vectors: [string, string][] = [['', ''], ['f', 'Zg'], ['fo', 'Zm8'], ['foo', 'Zm9v'], ['foob', 'Zm9vYg'], ['fooba', 'Zm9vYmE'], ['foobar', 'Zm9vYmFy']];
    for (const [plain, encoded] of vectors) {
      expect(toBase64url(new TextEncoder().encode(plain))).toBe(encoded);
      expect(new TextDecoder().decode(fromBase64url(encoded))).toBe(plain);
    }
    expect(toBase64url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
  });

  it('rejects padding, the standard alphabet, whitespace, bad lengths and non-zero trailing bits', () => {
    for (const bad of ['Zg==', 'Zm9v+w', 'Zm9v/w', 'Zm 9v', 'Z', 'Zh', 'Zm9', '\u00e9A', 42, null]) {
      expect(code(() => fromBase64url(bad))).toBe('malformed_base64url');
    }
  });

  it('decodes standard base64 with padding only in the lenient form', () => {
    expect(fromBase64urlLenient('+/8=')).toEqual(new Uint8Array([0xfb, 0xff]));
    expect(code(() => fromBase64urlLenient('%%%%'))).toBe('malformed_base64url');
  });
});
