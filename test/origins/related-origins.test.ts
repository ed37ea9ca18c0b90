import { asyncErrorCode, caught, errorCode as code } from '../helpers/errors.js';
import { describe, expect, it } from 'vitest';
import {
  buildWellKnownWebauthn,
  checkOrigin,
  registrableOriginLabel,
  relatedOriginsMatcher,
  validateRelatedOrigins,
  WELL_KNOWN_WEBAUTHN_PATH,
} from '../../src/origins/index.js';

// Three origins share the label "example"; then come five more distinct labels: six in all.
const SIX_LABELS = [
  'https://example.com',
  'https://example.co.uk',
  'https://www.example.de',
  'https://shop-a.com',
  'https://shop-b.net',
  'https://shop-c.org',
  'https://shop-d.io',
  'https://shop-e.dev',
];

describe('registrableOriginLabel', () => {
  it('is the first label of the registrable domain, private PSL section included', async () => {
    expect(await registrableOriginLabel('example.com')).toBe('example');
    expect(await registrableOriginLabel('www.example.co.uk')).toBe('example');
    expect(await registrableOriginLabel('alice.github.io')).toBe('alice');
    expect(await registrableOriginLabel('a.b.alice.github.io')).toBe('alice');
  });

  it('is null without a registrable domain', async () => {
    expect(await registrableOriginLabel('co.uk')).toBeNull();
    expect(await registrableOriginLabel('github.io')).toBeNull();
    expect(await registrableOriginLabel('localhost')).toBeNull();
    expect(await registrableOriginLabel('192.0.2.1')).toBeNull();
  });
});

describe('validateRelatedOrigins', () => {
  it('accepts a document within the label limit, counting shared labels once', async () => {
    const report = await validateRelatedOrigins('example.com', { origins: SIX_LABELS.slice(0, 7) });
    expect(report.ok).toBe(true);
    expect(report.labels).toEqual(['example', 'shop-a', 'shop-b', 'shop-c', 'shop-d']);
    expect(report.accepted).toEqual(SIX_LABELS.slice(0, 7));
    expect(report.problems).toEqual([]);
  });

  it('skips origins whose label comes after the fifth, as browsers do', async () => {
    const report = await validateRelatedOrigins('example.com', { origins: SIX_LABELS });
    expect(report.ok).toBe(false);
    expect(report.labels).toHaveLength(5);
    expect(report.accepted).not.toContain('https://shop-e.dev');
    expect(report.ignored.map((i) => i.origin)).toEqual(['https://shop-e.dev']);
    expect(report.problems).toContain(
      '"https://shop-e.dev" is ignored by browsers: it has the label "shop-e", which comes after the first 5 registrable origin labels (example, shop-a, shop-b, shop-c, shop-d)',
    );
  });

  it('still honours origins whose label was already seen after the limit is reached', async () => {
    const report = await validateRelatedOrigins('example.com', { origins: [...SIX_LABELS, 'https://example.fr', 'https://login.shop-a.com'] });
    expect(report.accepted).toContain('https://example.fr');
    expect(report.accepted).toContain('https://login.shop-a.com');
    expect(report.ignored.map((i) => i.origin)).toEqual(['https://shop-e.dev']);
  });

  it('honours a larger client limit when asked', async () => {
    expect((await validateRelatedOrigins('example.com', { origins: SIX_LABELS }, { maxLabels: 6 })).ok).toBe(true);
    expect(await asyncErrorCode(() => validateRelatedOrigins('example.com', { origins: SIX_LABELS }, { maxLabels: 4 }))).toBe('invalid_options');
  });

  it('keeps origins on the RP ID itself, which need no document', async () => {
    const report = await validateRelatedOrigins('shop-z.com', { origins: [...SIX_LABELS, 'https://login.shop-z.com'] });
    expect(report.accepted).toContain('https://login.shop-z.com');
  });

  it('parses the document text, and fails the whole document as browsers do', async () => {
    expect((await validateRelatedOrigins('example.com', JSON.stringify({ origins: ['https://example.de'] }))).accepted).toEqual([
      'https://example.de',
    ]);
    for (const doc of ['{not json', '[]', '{}', { origins: 'https://example.de' }, { origins: [1] }, { origins: [] }, null]) {
      const report = await validateRelatedOrigins('example.com', doc);
      expect(report.ok, JSON.stringify(doc)).toBe(false);
      expect(report.accepted, JSON.stringify(doc)).toEqual([]);
    }
  });

  it('reports entries browsers skip or can never use', async () => {
    const report = await validateRelatedOrigins('example.com', {
      origins: ['not a url', 'https://192.0.2.1', 'https://github.io', 'http://localhost:3000', 'http://example.org', 'android:apk-key-hash:x'],
    });
    expect(report.accepted).toEqual([]);
    expect(report.ignored).toHaveLength(6);
    // http://example.org is skipped for its scheme, but its label still counts, as in §5.11.1.
    expect(report.labels).toEqual(['example']);
  });

  it('flags entries that are not serialised origins, and duplicates', async () => {
    const report = await validateRelatedOrigins('example.com', { origins: ['https://example.de/', 'https://example.de'] });
    expect(report.accepted).toEqual(['https://example.de']);
    expect(report.problems).toHaveLength(2);
  });

  it('rejects a malformed RP ID', async () => {
    expect(await asyncErrorCode(() => validateRelatedOrigins('https://example.com', { origins: ['https://example.de'] }))).toBe('invalid_rp_id');
  });
});

describe('buildWellKnownWebauthn', () => {
  it('builds the document from valid origins, keeping their order', async () => {
    const doc = await buildWellKnownWebauthn(SIX_LABELS.slice(0, 7));
    expect(doc).toEqual({ origins: SIX_LABELS.slice(0, 7) });
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
    expect(WELL_KNOWN_WEBAUTHN_PATH).toBe('/.well-known/webauthn');
  });

  it('refuses six distinct labels and names the origin browsers would skip', async () => {
    const error = await caught(() => buildWellKnownWebauthn(SIX_LABELS));
    expect(error.code).toBe('invalid_related_origins');
    expect(error.message).toContain('"https://shop-e.dev" is ignored by browsers');
    expect((await buildWellKnownWebauthn(SIX_LABELS, { maxLabels: 6 })).origins).toHaveLength(8);
  });

  it('refuses malformed, non-https and duplicate origins, and an empty list', async () => {
    expect(await asyncErrorCode(() => buildWellKnownWebauthn(['https://example.com/']))).toBe('invalid_related_origins');
    expect(await asyncErrorCode(() => buildWellKnownWebauthn(['http://example.com']))).toBe('invalid_related_origins');
    expect(await asyncErrorCode(() => buildWellKnownWebauthn(['https://example.com', 'https://example.com']))).toBe('invalid_related_origins');
    expect(await asyncErrorCode(() => buildWellKnownWebauthn(['http://localhost:3000']))).toBe('invalid_related_origins');
    expect(await asyncErrorCode(() => buildWellKnownWebauthn([]))).toBe('invalid_related_origins');
    expect(await asyncErrorCode(() => buildWellKnownWebauthn('https://example.com' as never))).toBe('invalid_related_origins');
  });
});

describe('relatedOriginsMatcher', () => {
  it('lets the verifiers accept the related origins of an RP ID, exactly', async () => {
    const matcher = await relatedOriginsMatcher('example.com', ['https://example.com', 'https://example.de', 'https://shop-a.com']);
    expect(code(() => checkOrigin('https://example.de', matcher, '7.2 step 12'))).toBe('no error');
    expect(code(() => checkOrigin('https://shop-a.com', matcher, '7.2 step 12'))).toBe('no error');
    expect(code(() => checkOrigin('https://example.fr', matcher, '7.2 step 12'))).toBe('origin_mismatch');
    expect(code(() => checkOrigin('https://example.de.evil.com', matcher, '7.2 step 12'))).toBe('origin_mismatch');
  });

  it('is refused as expectedOrigin when it was not awaited, with a hint', async () => {
    const pending = relatedOriginsMatcher('example.com', ['https://example.com', 'https://example.de']);
    const error = await caught(async () => checkOrigin('https://example.de', pending as never, '7.2 step 12'));
    expect(error.code).toBe('invalid_options');
    expect(error.message).toMatch(/is a Promise: await relatedOriginsMatcher/);
    await pending;
  });

  it('refuses a list browsers would only partly honour', async () => {
    expect(await asyncErrorCode(() => relatedOriginsMatcher('example.com', SIX_LABELS))).toBe('invalid_related_origins');
  });
});
