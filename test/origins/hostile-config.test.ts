import { asyncErrorCode, errorCode as code } from '../helpers/errors.js';
import { describe, expect, it } from 'vitest';
import {
  assertRpConfiguration,
  buildWellKnownWebauthn,
  checkCrossOrigin,
  checkOrigin,
  checkRpConfiguration,
  isAndroidApkKeyHashOrigin,
  originMatcher,
  registrableOriginLabel,
  relatedOriginsMatcher,
  validateRelatedOrigins,
} from '../../src/origins/index.js';

/**
 * Configuration may come from parsed JSON or environment data: whatever its shape, the origin
 * helpers answer with a WebAuthnError or a report, never a TypeError or a stack overflow.
 */

/** An array nested far deeper than the stack: anything that stringifies it recursively overflows. */
function deeplyNested(depth = 100_000): unknown[] {
  let nested: unknown[] = [];
  for (let i = 0; i < depth; i++) nested = [nested];
  return nested;
}

const deep = deeplyNested();

describe('a deeply nested array where origins are expected', () => {
  it('is a configuration error for checkOrigin and originMatcher, as an element or as the list', () => {
    expect(code(() => checkOrigin('https://example.com', [deep] as never, '7.2 step 12'))).toBe('invalid_options');
    expect(code(() => checkOrigin('https://example.com', ['https://example.com', deep] as never, '7.2 step 12'))).toBe('invalid_options');
    expect(code(() => checkOrigin('https://example.com', deep as never, '7.2 step 12'))).toBe('invalid_options');
    expect(code(() => originMatcher([deep] as never, 'allowedOrigins'))).toBe('invalid_options');
  });

  it('is a problem for checkRpConfiguration and an invalid_rp_id for assertRpConfiguration', async () => {
    const check = await checkRpConfiguration({ rpId: 'example.com', origins: [deep] as never });
    expect(check).toEqual({ ok: false, problems: ['an origin must be a non-empty string'] });
    expect(await asyncErrorCode(() => assertRpConfiguration({ rpId: 'example.com', origins: deep as never }))).toBe('invalid_rp_id');
    expect(await asyncErrorCode(() => assertRpConfiguration({ rpId: deep as never, origins: ['https://example.com'] }))).toBe('invalid_rp_id');
  });

  it('is a problem as relatedOrigins of an RP configuration', async () => {
    const check = await checkRpConfiguration({ rpId: 'example.com', origins: ['https://example.com'], relatedOrigins: [deep] as never });
    expect(check.ok).toBe(false);
    expect(await asyncErrorCode(() => assertRpConfiguration({ rpId: 'example.com', origins: ['https://example.com'], relatedOrigins: deep as never }))).toBe(
      'invalid_rp_id',
    );
  });

  it('fails the related origins document, the matcher and the builder', async () => {
    for (const origins of [[deep], deep, ['https://example.de', deep]]) {
      const report = await validateRelatedOrigins('example.com', { origins });
      expect(report.ok).toBe(false);
      expect(report.accepted).toEqual([]);
      expect(await asyncErrorCode(() => relatedOriginsMatcher('example.com', origins as never))).toBe('invalid_related_origins');
      expect(await asyncErrorCode(() => buildWellKnownWebauthn(origins as never))).toBe('invalid_related_origins');
    }
    expect((await validateRelatedOrigins('example.com', deep)).ok).toBe(false);
    expect(await asyncErrorCode(() => relatedOriginsMatcher(deep as never, ['https://example.de']))).toBe('invalid_rp_id');
  });

  it('is a configuration error as allowedTopOrigins', () => {
    const policy = { allowCrossOrigin: true, allowedTopOrigins: [deep] } as never;
    expect(code(() => checkCrossOrigin({ crossOrigin: true, topOrigin: 'https://shop.example.org' }, policy, '7.2 step 13'))).toBe('invalid_options');
  });
});

describe('the cache of validated origin lists', () => {
  it('does not take one entry holding two lines for the list of those two origins', () => {
    expect(code(() => checkOrigin('https://a.example', ['https://a.example', 'https://b.example'], '7.2 step 12'))).toBe('no error');
    expect(code(() => checkOrigin('https://a.example', ['https://a.example\nhttps://b.example'], '7.2 step 12'))).toBe('invalid_options');
  });
});

describe('non-string hosts and origins', () => {
  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['an array holding a host', ['example.com']],
    ['a deeply nested array', deep],
  ])('registrableOriginLabel rejects %s as invalid_options', async (_, host) => {
    expect(await asyncErrorCode(() => registrableOriginLabel(host as never))).toBe('invalid_options');
  });

  it.each([
    ['undefined', undefined],
    ['a number', 42],
    ['an array holding an Android origin', ['android:apk-key-hash:-sYXRdwJA3hvue3mKpYrOZ9zSPC7b4mbgzJmdZEDO5w']],
  ])('isAndroidApkKeyHashOrigin is false for %s', (_, origin) => {
    expect(isAndroidApkKeyHashOrigin(origin as never)).toBe(false);
  });
});
