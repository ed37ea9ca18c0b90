import { errorCode as code } from '../helpers/errors.js';
import { describe, expect, it } from 'vitest';
import { parseClientExtensionResults } from '../../src/extensions/index.js';
import type { AuthenticationExtensionsClientInputsJSON } from '../../src/types.js';

const b64u = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const OUT1 = b64u(new Uint8Array(32).fill(0x11));
const OUT2 = b64u(new Uint8Array(32).fill(0x22));
const SALT = b64u(new Uint8Array(8).fill(1));

const parse = (json: unknown, requested?: AuthenticationExtensionsClientInputsJSON, policy?: 'ignore' | 'reject') =>
  parseClientExtensionResults(json, requested, policy);

describe('parseClientExtensionResults', () => {
  it('returns empty results for an empty or absent object', () => {
    expect(parse({}, { credProps: true })).toEqual({ unknown: {}, ignored: [] });
    expect(parse(undefined, { credProps: true })).toEqual({ unknown: {}, ignored: [] });
  });

  it('reads credProps.rk (was a discoverable credential created?)', () => {
    expect(parse({ credProps: { rk: true } }, { credProps: true }).credProps).toEqual({ rk: true });
    expect(parse({ credProps: { rk: false } }, { credProps: true }).credProps).toEqual({ rk: false });
    expect(parse({ credProps: {} }, { credProps: true }).credProps).toEqual({});
    expect(code(() => parse({ credProps: { rk: 'yes' } }, { credProps: true }))).toBe('extension_invalid');
    expect(code(() => parse({ credProps: true }, { credProps: true }))).toBe('extension_invalid');
  });

  it('reads prf.enabled and 32-byte results', () => {
    expect(parse({ prf: { enabled: true } }, { prf: {} }).prf).toEqual({ enabled: true });
    const requested = { prf: { eval: { first: SALT, second: SALT } } };
    expect(parse({ prf: { enabled: true, results: { first: OUT1, second: OUT2 } } }, requested).prf).toEqual({
      enabled: true,
      results: { first: OUT1, second: OUT2 },
    });
    const byCredential = { prf: { evalByCredential: { AAAA: { first: SALT } } } };
    expect(parse({ prf: { results: { first: OUT1 } } }, byCredential).prf).toEqual({ results: { first: OUT1 } });
  });

  it('rejects prf outputs that do not fit the request or are not 32 bytes', () => {
    const one = { prf: { eval: { first: SALT } } };
    expect(code(() => parse({ prf: { results: { first: OUT1 } } }, { prf: {} }))).toBe('extension_invalid');
    expect(code(() => parse({ prf: { results: { first: OUT1, second: OUT2 } } }, one))).toBe('extension_invalid');
    expect(code(() => parse({ prf: { results: { first: b64u(new Uint8Array(31)) } } }, one))).toBe('extension_invalid');
    expect(code(() => parse({ prf: { results: { first: `${OUT1}=` } } }, one))).toBe('extension_invalid');
    expect(code(() => parse({ prf: { results: {} } }, one))).toBe('extension_invalid');
    expect(code(() => parse({ prf: { enabled: false, results: { first: OUT1 } } }, one))).toBe('extension_invalid');
    expect(code(() => parse({ prf: { enabled: 1 } }, one))).toBe('extension_invalid');
    expect(code(() => parse({ prf: [] }, one))).toBe('extension_invalid');
  });

  it('reads largeBlob support, read and write results', () => {
    expect(parse({ largeBlob: { supported: true } }, { largeBlob: { support: 'required' } }).largeBlob).toEqual({ supported: true });
    expect(parse({ largeBlob: { blob: 'AQID' } }, { largeBlob: { read: true } }).largeBlob).toEqual({ blob: 'AQID' });
    expect(parse({ largeBlob: { written: false } }, { largeBlob: { write: 'AQID' } }).largeBlob).toEqual({ written: false });
  });

  it('rejects largeBlob outputs that answer another request or have the wrong type', () => {
    expect(code(() => parse({ largeBlob: { blob: 'AQID' } }, { largeBlob: { write: 'AQID' } }))).toBe('extension_invalid');
    expect(code(() => parse({ largeBlob: { written: true } }, { largeBlob: { read: true } }))).toBe('extension_invalid');
    expect(code(() => parse({ largeBlob: { supported: true } }, { largeBlob: { read: true } }))).toBe('extension_invalid');
    expect(code(() => parse({ largeBlob: { blob: 'A' } }, { largeBlob: { read: true } }))).toBe('extension_invalid');
    expect(code(() => parse({ largeBlob: { supported: 'yes' } }, { largeBlob: {} }))).toBe('extension_invalid');
  });

  it('reads appid, appidExclude and hmacCreateSecret as booleans', () => {
    expect(parse({ appid: true }, { appid: 'https://example.com' }).appid).toBe(true);
    expect(parse({ appidExclude: true }, { appidExclude: 'https://example.com' }).appidExclude).toBe(true);
    expect(parse({ hmacCreateSecret: false }, { hmacCreateSecret: true }).hmacCreateSecret).toBe(false);
    expect(code(() => parse({ appid: 'true' }, { appid: 'https://example.com' }))).toBe('extension_invalid');
    expect(code(() => parse({ hmacCreateSecret: 1 }, { hmacCreateSecret: true }))).toBe('extension_invalid');
  });

  it('passes through outputs of requested extensions it does not model', () => {
    expect(parse({ credBlob: true }, { credBlob: 'AQID' }).unknown).toEqual({ credBlob: true });
  });

  it('ignores unsolicited outputs by default and lists them', () => {
    const result = parse({ credProps: { rk: true }, appid: true, somethingNew: 1 }, {});
    expect(result.credProps).toBeUndefined();
    expect(result.appid).toBeUndefined();
    expect(result.ignored).toEqual(['credProps', 'appid', 'somethingNew']);
    // credProps: false is not a request.
    expect(parse({ credProps: { rk: true } }, { credProps: false }).ignored).toEqual(['credProps']);
  });

  it('rejects unsolicited outputs under the reject policy', () => {
    expect(code(() => parse({ credProps: { rk: true } }, undefined, 'reject'))).toBe('extension_not_requested');
    expect(code(() => parse({ credProps: { rk: true } }, { credProps: true }, 'reject'))).toBe('no error');
  });

  it('does not let a "__proto__" key touch the prototype', () => {
    const json = JSON.parse('{"__proto__": {"polluted": true}}');
    const result = parse(json, JSON.parse('{"__proto__": true}'));
    expect(Object.getPrototypeOf(result.unknown)).toBe(Object.prototype);
    expect(Object.hasOwn(result.unknown, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects a non-object and an unknown policy', () => {
    expect(code(() => parse([], {}))).toBe('extension_invalid');
    expect(code(() => parse('x', {}))).toBe('extension_invalid');
    expect(code(() => parse({}, {}, 'maybe' as never))).toBe('invalid_options');
  });
});
