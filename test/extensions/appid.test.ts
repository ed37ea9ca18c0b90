import { errorCode as code } from '../helpers/errors.js';
import { describe, expect, it } from 'vitest';
import { appIdForAssertion, effectiveRpIdHashes } from '../../src/extensions/index.js';

const APPID = 'https://example.com/u2f/app-id.json';

describe('effectiveRpIdHashes', () => {
  it('adds the AppID when the RP requested it and the client says it used it', () => {
    expect(effectiveRpIdHashes('example.com', { appid: true }, APPID)).toEqual(['example.com', APPID]);
    expect(effectiveRpIdHashes(['example.com', 'example.org'], { appid: true }, APPID)).toEqual(['example.com', 'example.org', APPID]);
  });

  it('keeps only the RP ID when the client did not use the AppID', () => {
    expect(effectiveRpIdHashes('example.com', { appid: false }, APPID)).toEqual(['example.com']);
    expect(effectiveRpIdHashes('example.com', {}, APPID)).toEqual(['example.com']);
    expect(effectiveRpIdHashes('example.com', { appid: 'true' }, APPID)).toEqual(['example.com']);
    expect(effectiveRpIdHashes('example.com', null, APPID)).toEqual(['example.com']);
  });

  it('never adds an AppID the RP did not request, whatever the client says', () => {
    expect(effectiveRpIdHashes('example.com', { appid: true }, undefined)).toEqual(['example.com']);
  });

  it('refuses a requested AppID that is not an https URL', () => {
    expect(code(() => effectiveRpIdHashes('example.com', { appid: true }, 'example.com'))).toBe('invalid_options');
  });
});

describe('appIdForAssertion', () => {
  it('reads the requested appid and the client output', () => {
    expect(appIdForAssertion({ appid: APPID }, { appid: true })).toBe(APPID);
    expect(appIdForAssertion({ appid: APPID }, { appid: false })).toBeUndefined();
    expect(appIdForAssertion(undefined, { appid: true })).toBeUndefined();
    expect(appIdForAssertion({ credProps: true }, { appid: true })).toBeUndefined();
  });
});
