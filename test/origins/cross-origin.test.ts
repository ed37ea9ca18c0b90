import { errorCode as code } from '../helpers/errors.js';
import { describe, expect, it } from 'vitest';
import { WebAuthnError } from '../../src/errors.js';
import { checkCrossOrigin, type CrossOriginPolicy } from '../../src/origins/index.js';

const ALLOW: CrossOriginPolicy = { allowCrossOrigin: true, allowedTopOrigins: ['https://shop.example.org'] };

describe('checkCrossOrigin', () => {
  it('accepts a same-origin ceremony under any policy', () => {
    expect(code(() => checkCrossOrigin({}, undefined, '7.1 step 10'))).toBe('no error');
    expect(code(() => checkCrossOrigin({ crossOrigin: false }, undefined, '7.1 step 10'))).toBe('no error');
    expect(code(() => checkCrossOrigin({ crossOrigin: false }, ALLOW, '7.1 step 10'))).toBe('no error');
  });

  it('rejects crossOrigin true by default, on both ceremonies', () => {
    const data = { crossOrigin: true, topOrigin: 'https://shop.example.org' };
    expect(code(() => checkCrossOrigin(data, undefined, '7.1 step 10'))).toBe('cross_origin_not_allowed');
    expect(code(() => checkCrossOrigin(data, {}, '7.2 step 13'))).toBe('cross_origin_not_allowed');
    expect(code(() => checkCrossOrigin(data, { allowCrossOrigin: false, allowedTopOrigins: ['https://shop.example.org'] }, 's'))).toBe(
      'cross_origin_not_allowed',
    );
  });

  it('accepts an allowed top origin when cross-origin ceremonies are allowed', () => {
    expect(code(() => checkCrossOrigin({ crossOrigin: true, topOrigin: 'https://shop.example.org' }, ALLOW, 's'))).toBe('no error');
    const predicate: CrossOriginPolicy = { allowCrossOrigin: true, allowedTopOrigins: (top) => top === 'https://partner.example.net' };
    expect(code(() => checkCrossOrigin({ crossOrigin: true, topOrigin: 'https://partner.example.net' }, predicate, 's'))).toBe('no error');
  });

  it('rejects a top origin that is not allowed, compared exactly', () => {
    for (const topOrigin of ['https://evil.example', 'https://shop.example.org.evil.example', 'https://shop.example.org/', 'http://shop.example.org']) {
      expect(code(() => checkCrossOrigin({ crossOrigin: true, topOrigin }, ALLOW, 's')), topOrigin).toBe('top_origin_mismatch');
    }
    const predicate: CrossOriginPolicy = { allowCrossOrigin: true, allowedTopOrigins: () => { throw new Error('lookup failed'); } };
    expect(code(() => checkCrossOrigin({ crossOrigin: true, topOrigin: 'https://x.example' }, predicate, 's'))).toBe('top_origin_mismatch');
  });

  it('rejects a cross-origin ceremony without topOrigin even when allowed', () => {
    expect(code(() => checkCrossOrigin({ crossOrigin: true }, ALLOW, 's'))).toBe('top_origin_mismatch');
  });

  it('rejects a topOrigin without crossOrigin true', () => {
    expect(code(() => checkCrossOrigin({ topOrigin: 'https://shop.example.org' }, ALLOW, 's'))).toBe('top_origin_mismatch');
    expect(code(() => checkCrossOrigin({ crossOrigin: false, topOrigin: 'https://shop.example.org' }, undefined, 's'))).toBe(
      'top_origin_mismatch',
    );
  });

  it('rejects client data members of the wrong type', () => {
    expect(code(() => checkCrossOrigin({ crossOrigin: 'true' as never }, ALLOW, 's'))).toBe('malformed_client_data');
    expect(code(() => checkCrossOrigin({ crossOrigin: true, topOrigin: 1 as never }, ALLOW, 's'))).toBe('malformed_client_data');
  });

  it('rejects a policy that cannot be applied, even for same-origin requests', () => {
    expect(code(() => checkCrossOrigin({}, { allowCrossOrigin: true }, 's'))).toBe('invalid_options');
    expect(code(() => checkCrossOrigin({}, { allowCrossOrigin: true, allowedTopOrigins: [] }, 's'))).toBe('invalid_options');
    expect(code(() => checkCrossOrigin({}, { allowCrossOrigin: true, allowedTopOrigins: ['https://shop.example.org/'] }, 's'))).toBe(
      'invalid_options',
    );
    expect(code(() => checkCrossOrigin({}, { allowCrossOrigin: 'yes' as never }, 's'))).toBe('invalid_options');
    const app = 'android:apk-key-hash:-sYXRdwJA3hvue3mKpYrOZ9zSPC7b4mbgzJmdZEDO5w';
    expect(code(() => checkCrossOrigin({}, { allowCrossOrigin: true, allowedTopOrigins: [app] }, 's'))).toBe('invalid_options');
  });

  it('reports the step it enforces', () => {
    try {
      checkCrossOrigin({ crossOrigin: true, topOrigin: 'https://a.example' }, undefined, '7.2 step 13');
      expect.unreachable();
    } catch (e) {
      expect((e as WebAuthnError).step).toBe('7.2 step 13');
    }
  });
});
