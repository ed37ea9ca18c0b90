import { WebAuthnError } from '../errors.js';
import { contents, type Tlv } from './der.js';

const UTC_TIME = 0x17;
const GENERALIZED_TIME = 0x18;

function bad(what: string, message: string): never {
  throw new WebAuthnError('malformed_certificate', `certificate ${what} ${message}`);
}

/**
 * Reads a Time ::= CHOICE { utcTime UTCTime, generalTime GeneralizedTime } in the one form each
 * takes in a certificate (RFC 5280 section 4.1.2.5): UTCTime YYMMDDHHMMSSZ, where YY of 50 or more
 * is 19YY and below 50 is 20YY (4.1.2.5.1); GeneralizedTime YYYYMMDDHHMMSSZ, without fractional
 * seconds (4.1.2.5.2). Returns milliseconds since the epoch.
 */
export function readTime(bytes: Uint8Array, tlv: Tlv, what: string): number {
  const text = contents(bytes, tlv);
  let yearDigits: number;
  if (tlv.tag === UTC_TIME) yearDigits = 2;
  else if (tlv.tag === GENERALIZED_TIME) yearDigits = 4;
  else return bad(what, 'is neither UTCTime nor GeneralizedTime');
  if (text.length !== yearDigits + 11 || text[text.length - 1] !== 0x5a) bad(what, 'is not a UTC time to the second ending in "Z"');

  const digit = (at: number): number => {
    const d = text[at]! - 0x30;
    return d >= 0 && d <= 9 ? d : bad(what, 'has a character that is not a digit');
  };
  const twoDigits = (at: number): number => digit(at) * 10 + digit(at + 1);
  let year = yearDigits === 2 ? twoDigits(0) : twoDigits(0) * 100 + twoDigits(2);
  if (yearDigits === 2) year += year >= 50 ? 1900 : 2000;
  const month = twoDigits(yearDigits);
  const day = twoDigits(yearDigits + 2);
  const hour = twoDigits(yearDigits + 4);
  const minute = twoDigits(yearDigits + 6);
  const second = twoDigits(yearDigits + 8);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) bad(what, 'is not a valid date and time');

  // setUTCFullYear, not Date.UTC: the latter reads years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  if (date.getUTCDate() !== day) bad(what, 'names a day its month does not have');
  return date.getTime();
}
