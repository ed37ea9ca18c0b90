import { describe, expect, it } from 'vitest';
import { isWebAuthnError } from '../../src/errors.js';
import { readTlv } from '../../src/x509/der.js';
import { readTime } from '../../src/x509/time.js';

const UTC_TIME = 0x17;
const GENERALIZED_TIME = 0x18;

function read(tag: number, text: string): number {
  const body = new TextEncoder().encode(text);
  const bytes = Uint8Array.from([tag, body.length, ...body]);
  return readTime(bytes, readTlv(bytes, 0), 'notBefore');
}

function rejects(tag: number, text: string): boolean {
  try {
    read(tag, text);
    return false;
  } catch (error) {
    return isWebAuthnError(error, 'malformed_certificate');
  }
}

describe('readTime (RFC 5280 section 4.1.2.5)', () => {
  it('UTCTime: YY of 50 and more is 19YY, below 50 is 20YY (4.1.2.5.1)', () => {
    expect(read(UTC_TIME, '500101000000Z')).toBe(Date.UTC(1950, 0, 1));
    expect(read(UTC_TIME, '491231235959Z')).toBe(Date.UTC(2049, 11, 31, 23, 59, 59));
    expect(read(UTC_TIME, '240229120000Z')).toBe(Date.UTC(2024, 1, 29, 12));
  });

  it('GeneralizedTime: four-digit years, including 99991231235959Z (no well-defined expiration)', () => {
    expect(read(GENERALIZED_TIME, '20500101000000Z')).toBe(Date.UTC(2050, 0, 1));
    expect(read(GENERALIZED_TIME, '99991231235959Z')).toBe(Date.UTC(9999, 11, 31, 23, 59, 59));
    // Years below 100 stay themselves (Date.UTC would read them as 19xx).
    expect(new Date(read(GENERALIZED_TIME, '00500101000000Z')).getUTCFullYear()).toBe(50);
  });

  it('rejects the forms RFC 5280 forbids in certificates: no seconds, fractions, offsets, local time', () => {
    expect(rejects(UTC_TIME, '5001010000Z')).toBe(true);
    expect(rejects(GENERALIZED_TIME, '20500101000000.5Z')).toBe(true);
    expect(rejects(UTC_TIME, '500101000000+0100')).toBe(true);
    expect(rejects(GENERALIZED_TIME, '20500101000000')).toBe(true);
    expect(rejects(UTC_TIME, '500101000000z')).toBe(true);
  });

  it('rejects characters that are not digits', () => {
    expect(rejects(UTC_TIME, '5001010000 0Z')).toBe(true);
    expect(rejects(UTC_TIME, '50010100000aZ')).toBe(true);
    expect(rejects(GENERALIZED_TIME, '2050-1-1000000Z')).toBe(true);
  });

  it('rejects dates and times that do not exist', () => {
    expect(rejects(UTC_TIME, '501301000000Z')).toBe(true);
    expect(rejects(UTC_TIME, '500001000000Z')).toBe(true);
    expect(rejects(UTC_TIME, '500100000000Z')).toBe(true);
    expect(rejects(UTC_TIME, '230229000000Z')).toBe(true);
    expect(rejects(UTC_TIME, '500431000000Z')).toBe(true);
    expect(rejects(UTC_TIME, '500101240000Z')).toBe(true);
    expect(rejects(UTC_TIME, '500101006000Z')).toBe(true);
    expect(rejects(UTC_TIME, '500101000060Z')).toBe(true);
  });

  it('rejects a tag that is neither UTCTime nor GeneralizedTime', () => {
    expect(rejects(0x13, '500101000000Z')).toBe(true);
  });
});
