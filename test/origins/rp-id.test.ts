import { describe, expect, it } from 'vitest';
import { caught } from '../helpers/errors.js';
import { assertRpConfiguration, checkRpConfiguration } from '../../src/origins/index.js';

const problems = async (rpId: string, origins: string | string[], relatedOrigins?: string[]) => {
  const result = await checkRpConfiguration(relatedOrigins ? { rpId, origins, relatedOrigins } : { rpId, origins });
  return result.ok ? [] : result.problems;
};

const ANDROID = 'android:apk-key-hash:-sYXRdwJA3hvue3mKpYrOZ9zSPC7b4mbgzJmdZEDO5w';

describe('checkRpConfiguration', () => {
  it('accepts origins on the RP ID and on its subdomains', async () => {
    expect(await checkRpConfiguration({ rpId: 'example.com', origins: ['https://example.com', 'https://login.example.com:8443'] })).toEqual({
      ok: true,
    });
    expect(await problems('login.example.co.uk', 'https://login.example.co.uk')).toEqual([]);
    expect(await problems('alice.github.io', 'https://alice.github.io')).toEqual([]);
  });

  it('accepts localhost over http for development, and its subdomains as RP IDs', async () => {
    expect(await problems('localhost', 'http://localhost:3000')).toEqual([]);
    expect(await problems('localhost', 'https://localhost')).toEqual([]);
    expect(await problems('app.localhost', ['http://app.localhost:5173', 'http://api.app.localhost'])).toEqual([]);
  });

  it('accepts Android app origins, which are tied to the RP ID by Digital Asset Links', async () => {
    expect(await problems('example.com', ['https://example.com', ANDROID])).toEqual([]);
    expect(await problems('example.com', ['https://example.com', `${ANDROID}=`])).toHaveLength(1);
  });

  it('rejects an RP ID that is a public suffix, ICANN or private', async () => {
    for (const rpId of ['co.uk', 'com', 'github.io', 'vercel.app']) {
      const found = await problems(rpId, `https://shop.${rpId}`);
      expect(found.length, rpId).toBeGreaterThan(0);
      expect(found[0], rpId).toMatch(/public suffix/);
    }
  });

  it('rejects an origin on another domain, and explains the way out', async () => {
    const found = await problems('example.com', ['https://example.com', 'https://example.org']);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/"https:\/\/example\.org" is neither "example\.com" nor a subdomain/);
    expect(found[0]).toMatch(/well-known\/webauthn/);
    // Looks like a subdomain, is another site.
    expect(await problems('example.com', 'https://example.com.evil.com')).toHaveLength(1);
    expect(await problems('example.com', 'https://notexample.com')).toHaveLength(1);
    // A sibling subdomain is not under a narrower RP ID.
    expect(await problems('login.example.com', 'https://example.com')).toHaveLength(1);
  });

  it('rejects an RP ID that is the public suffix of the origin host', async () => {
    const found = await problems('localhost', 'http://app.localhost');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/public suffix/);
  });

  it('rejects IP addresses, as RP ID and as origin host', async () => {
    expect((await problems('127.0.0.1', 'http://127.0.0.1:3000'))[0]).toMatch(/IP address/);
    expect((await problems('localhost', 'http://127.0.0.1:3000'))[0]).toMatch(/IP address/);
    expect((await problems('localhost', 'https://[::1]'))[0]).toMatch(/IP address/);
    expect((await problems('[::1]', 'https://localhost')).length).toBeGreaterThan(0);
  });

  it('follows the HTML suffix rule for a single-label intranet host', async () => {
    expect(await problems('intranet', 'https://intranet')).toEqual([]);
    expect((await problems('intranet', 'https://wiki.intranet'))[0]).toMatch(/public suffix/);
  });

  it('rejects what the URL parser reads as an IPv4 address', async () => {
    expect((await problems('1.2.3', 'https://localhost'))[0]).toMatch(/IP address/);
    // A configured origin must be serialised, which reveals the address.
    expect((await problems('localhost', 'https://0x7f.1'))[0]).toMatch(/write it as "https:\/\/127\.0\.0\.1"/);
  });

  it('rejects http except on localhost', async () => {
    expect((await problems('example.com', 'http://example.com'))[0]).toMatch(/uses http/);
  });

  it('rejects RP IDs that are not bare canonical domains', async () => {
    const cases: [string, RegExp][] = [
      ['https://example.com', /origin/],
      ['example.com:443', /port/],
      ['example.com/login', /path/],
      ['Example.com', /canonical.*"example\.com"/],
      ['bücher.example', /xn--bcher-kva\.example/],
      ['example.com.', /dot/],
      ['exa mple.com', /valid domain/],
      ['a_b.example.com', /valid domain/],
      ['', /non-empty/],
    ];
    for (const [rpId, why] of cases) {
      const found = await problems(rpId, 'https://example.com');
      expect(found.length, rpId).toBeGreaterThan(0);
      expect(found[0], rpId).toMatch(why);
    }
  });

  it('rejects origins that are not serialised origins', async () => {
    expect((await problems('example.com', 'https://example.com/'))[0]).toMatch(/trailing slash/);
    expect((await problems('example.com', 'https://example.com/login'))[0]).toMatch(/path/);
    expect(await problems('example.com', [])).toEqual(['no origins are configured']);
  });

  it('accepts an origin on another site when it is a related origin within the label limit', async () => {
    expect(await problems('example.com', ['https://example.com', 'https://example.de'], ['https://example.com', 'https://example.de'])).toEqual([]);
    expect(await problems('example.com', 'https://example.de', ['https://other.org'])).toHaveLength(1);
  });

  it('lists every problem at once', async () => {
    expect(await problems('co.uk', ['http://example.org', 'https://x.test/'])).toHaveLength(3);
  });
});

describe('assertRpConfiguration', () => {
  it('returns for a valid configuration', async () => {
    await expect(assertRpConfiguration({ rpId: 'example.com', origins: 'https://example.com' })).resolves.toBeUndefined();
  });

  it('throws invalid_rp_id with every problem in the message', async () => {
    const error = await caught(() => assertRpConfiguration({ rpId: 'github.io', origins: ['https://me.github.io', 'http://me.github.io'] }));
    expect(error.code).toBe('invalid_rp_id');
    expect(error.message).toMatch(/2 problem/);
    expect(error.message).toMatch(/public suffix/);
    expect(error.message).toMatch(/uses http/);
  });
});
