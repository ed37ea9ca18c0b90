import { errorCode as code } from '../helpers/errors.js';
import { describe, expect, it } from 'vitest';
import { WebAuthnError } from '../../src/errors.js';
import {
  androidApkKeyHashOrigin,
  appleAppOrigin,
  checkOrigin,
  isAndroidApkKeyHashOrigin,
  originMatcher,
} from '../../src/origins/index.js';

// A real fingerprint in the form `keytool -list -v` prints (and assetlinks.json carries).
const FINGERPRINT =
  'FA:C6:17:45:DC:09:03:78:6F:B9:ED:E6:2A:96:2B:39:9F:73:48:F0:BB:6F:89:9B:83:32:66:75:91:03:3B:9C';
const FINGERPRINT_BYTES = new Uint8Array(Buffer.from(FINGERPRINT.replace(/:/g, ''), 'hex'));
const ANDROID = `android:apk-key-hash:${Buffer.from(FINGERPRINT_BYTES).toString('base64url')}`;

describe('checkOrigin', () => {
  it('accepts an origin equal to the configured one, alone or in a list', () => {
    expect(code(() => checkOrigin('https://example.com', 'https://example.com', '7.1 step 9'))).toBe('no error');
    expect(code(() => checkOrigin('https://login.example.com', ['https://example.com', 'https://login.example.com'], 's'))).toBe('no error');
    expect(code(() => checkOrigin('http://localhost:3000', 'http://localhost:3000', 's'))).toBe('no error');
  });

  it('never matches by prefix, suffix or substring', () => {
    for (const origin of [
      'https://example.com.evil.com',
      'https://evil-example.com',
      'https://example.com:8443',
      'http://example.com',
      'https://example.com/',
      'https://sub.example.com',
      'https://EXAMPLE.com',
      ' https://example.com',
    ]) {
      expect(code(() => checkOrigin(origin, 'https://example.com', '7.2 step 12')), origin).toBe('origin_mismatch');
    }
  });

  it('names the step and quotes the rejected origin', () => {
    try {
      checkOrigin('https://evil.test\nforged log line', ['https://example.com'], '7.2 step 12');
      expect.unreachable();
    } catch (e) {
      expect((e as WebAuthnError).step).toBe('7.2 step 12');
      expect((e as WebAuthnError).message).toContain('"https://evil.test\\nforged log line"');
      expect((e as WebAuthnError).message).toContain('https://example.com');
    }
  });

  it('treats a trailing slash, a path or a non-serialised form in configuration as a config error', () => {
    expect(code(() => checkOrigin('https://example.com', 'https://example.com/', 's'))).toBe('invalid_options');
    expect(code(() => checkOrigin('https://example.com', ['https://example.com', 'https://a.example.com/login'], 's'))).toBe('invalid_options');
    expect(code(() => checkOrigin('https://example.com', 'https://Example.com', 's'))).toBe('invalid_options');
    expect(code(() => checkOrigin('https://example.com', 'https://example.com:443', 's'))).toBe('invalid_options');
    expect(code(() => checkOrigin('https://example.com', 'example.com', 's'))).toBe('invalid_options');
    expect(code(() => checkOrigin('https://example.com', 'ftp://example.com', 's'))).toBe('invalid_options');
    expect(code(() => checkOrigin('https://example.com', [], 's'))).toBe('invalid_options');
    expect(code(() => checkOrigin('https://example.com', 42 as never, 's'))).toBe('invalid_options');
  });

  it('refuses a "*" pattern written as an origin, which would never match, and says to use a predicate', () => {
    const error = (() => {
      try {
        checkOrigin('https://a.example.com', 'https://*.example.com', 's');
      } catch (e) {
        return e as WebAuthnError;
      }
    })();
    expect(error?.code).toBe('invalid_options');
    expect(error?.message).toContain('predicate');
  });

  it('explains a trailing slash and gives the form to write', () => {
    expect(() => originMatcher('https://example.com/')).toThrow(/trailing slash.*"https:\/\/example\.com"/);
  });

  it('accepts an Android app origin only when it is configured', () => {
    expect(code(() => checkOrigin(ANDROID, ['https://example.com', ANDROID], 's'))).toBe('no error');
    expect(code(() => checkOrigin(ANDROID, ['https://example.com'], 's'))).toBe('origin_mismatch');
    const otherApp = `android:apk-key-hash:${Buffer.alloc(32, 7).toString('base64url')}`;
    expect(code(() => checkOrigin(otherApp, ['https://example.com', ANDROID], 's'))).toBe('origin_mismatch');
  });

  it('rejects a malformed Android origin in configuration', () => {
    expect(code(() => checkOrigin(ANDROID, `${ANDROID}=`, 's'))).toBe('invalid_options');
    expect(code(() => checkOrigin(ANDROID, 'android:apk-key-hash:abc', 's'))).toBe('invalid_options');
  });

  it('asks a predicate, and fails closed when it throws or returns a non-boolean', () => {
    const allow = (origin: string) => origin === 'https://a.example.com';
    expect(code(() => checkOrigin('https://a.example.com', allow, 's'))).toBe('no error');
    expect(code(() => checkOrigin('https://b.example.com', allow, 's'))).toBe('origin_mismatch');
    expect(code(() => checkOrigin('https://a.example.com', () => 'yes' as never, 's'))).toBe('origin_mismatch');
    const boom = new Error('database down');
    try {
      checkOrigin('https://a.example.com', () => { throw boom; }, 's');
      expect.unreachable();
    } catch (e) {
      expect((e as WebAuthnError).code).toBe('origin_mismatch');
      expect((e as WebAuthnError).cause).toBe(boom);
    }
  });

  it('uses an OriginMatcher as given', () => {
    const matcher = { matches: (o: string) => o.endsWith('.example.com') && o.startsWith('https://'), description: 'any https subdomain' };
    expect(code(() => checkOrigin('https://x.example.com', matcher, 's'))).toBe('no error');
    expect(() => checkOrigin('https://x.example.org', matcher, 's')).toThrow(/any https subdomain/);
  });

  it('rejects a non-string origin as a mismatch', () => {
    expect(code(() => checkOrigin(undefined as never, 'https://example.com', 's'))).toBe('origin_mismatch');
  });
});

describe('native app origins', () => {
  it('builds the Android origin from the fingerprint in any usual form', () => {
    expect(androidApkKeyHashOrigin(FINGERPRINT)).toBe(ANDROID);
    expect(androidApkKeyHashOrigin(FINGERPRINT.replace(/:/g, '').toLowerCase())).toBe(ANDROID);
    expect(androidApkKeyHashOrigin(FINGERPRINT_BYTES)).toBe(ANDROID);
    expect(androidApkKeyHashOrigin(ANDROID.slice('android:apk-key-hash:'.length))).toBe(ANDROID);
    expect(isAndroidApkKeyHashOrigin(ANDROID)).toBe(true);
  });

  it('rejects fingerprints of the wrong length or form', () => {
    expect(code(() => androidApkKeyHashOrigin(new Uint8Array(20)))).toBe('invalid_options');
    expect(code(() => androidApkKeyHashOrigin(FINGERPRINT.slice(3)))).toBe('invalid_options');
    expect(code(() => androidApkKeyHashOrigin('SHA256: not a fingerprint'))).toBe('invalid_options');
    expect(code(() => androidApkKeyHashOrigin(42 as never))).toBe('invalid_options');
  });

  it('recognises only well-formed Android origins', () => {
    expect(isAndroidApkKeyHashOrigin('android:apk-key-hash:-sYXRdwJA3hvue3mKpYrOZ9zSPC7b4mbgzJmdZEDO5w')).toBe(true);
    expect(isAndroidApkKeyHashOrigin(`${ANDROID}=`)).toBe(false);
    // Standard base64's '+' is not base64url.
    expect(isAndroidApkKeyHashOrigin('android:apk-key-hash:+sYXRdwJA3hvue3mKpYrOZ9zSPC7b4mbgzJmdZEDO5w')).toBe(false);
    expect(isAndroidApkKeyHashOrigin('android:apk-key-hash:')).toBe(false);
    expect(isAndroidApkKeyHashOrigin('https://example.com')).toBe(false);
  });

  it('gives the web origin Apple platforms report for an app', () => {
    expect(appleAppOrigin('example.com')).toBe('https://example.com');
    expect(code(() => appleAppOrigin('https://example.com'))).toBe('invalid_options');
  });
});
