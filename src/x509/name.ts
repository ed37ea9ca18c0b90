import { WebAuthnError } from '../errors.js';
import { fromUtf8, toHex } from '../encoding/bytes.js';
import type { DistinguishedName, NameAttribute } from './types.js';
import { children, contents, readOid, readWhole, TAG, type Tlv } from './der.js';

/** RFC 4514 section 3 short names, plus the ones attestation certificates commonly carry. */
const SHORT_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.42': 'GN',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

function bad(message: string): never {
  throw new WebAuthnError('malformed_certificate', `certificate name ${message}`);
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

function codeUnits(bytes: Uint8Array, width: 2 | 4): string {
  if (bytes.length % width !== 0) bad('has a string with a partial character');
  const points: number[] = [];
  for (let i = 0; i < bytes.length; i += width) {
    let cp = 0;
    for (let j = 0; j < width; j++) cp = cp * 256 + bytes[i + j]!;
    if (cp > 0x10ffff) bad('has an invalid character');
    points.push(cp);
  }
  return width === 2 ? String.fromCharCode(...points) : String.fromCodePoint(...points);
}

/** An attribute value as text (X.520 DirectoryString and friends); other types as `#hex` (RFC 4514 section 2.4). */
function valueText(bytes: Uint8Array, tlv: Tlv): string {
  const body = contents(bytes, tlv);
  switch (tlv.tag) {
    case 0x0c: {
      const text = fromUtf8(body);
      if (text === undefined) bad('has a UTF8String that is not UTF-8');
      return text;
    }
    case 0x12: // NumericString
    case 0x13: // PrintableString
    case 0x16: // IA5String
    case 0x1a: // VisibleString
    case 0x14: // TeletexString, read as Latin-1 as most implementations do
      return latin1(body);
    case 0x1e:
      return codeUnits(body, 2); // BMPString, UTF-16BE
    case 0x1c:
      return codeUnits(body, 4); // UniversalString, UTF-32BE
    default:
      return `#${toHex(bytes.subarray(tlv.start, tlv.end))}`;
  }
}

function escapeValue(value: string): string {
  return value.replace(/([,+"\\<>;=])/g, '\\$1').replace(/^([ #])/, '\\$1').replace(/ $/, '\\ ');
}

/** Reads a Name (RFC 5280 section 4.1.2.4) from its exact DER. */
export function readName(der: Uint8Array): DistinguishedName {
  const what = 'Name';
  const seq = readWhole(der, TAG.SEQUENCE, what);
  const rdns: NameAttribute[][] = [];
  for (const set of children(der, seq, what)) {
    if (set.tag !== TAG.SET) bad('has an RDN that is not a SET');
    const rdn: NameAttribute[] = [];
    for (const atv of children(der, set, what)) {
      if (atv.tag !== TAG.SEQUENCE) bad('has an attribute that is not a SEQUENCE');
      const parts = children(der, atv, what);
      if (parts.length !== 2) bad('has an attribute without exactly a type and a value');
      const oid = readOid(der, parts[0]!, what);
      const attribute: NameAttribute = { oid, value: valueText(der, parts[1]!) };
      const shortName = SHORT_NAMES[oid];
      if (shortName) attribute.shortName = shortName;
      rdn.push(attribute);
    }
    if (rdn.length === 0) bad('has an empty RDN');
    rdns.push(rdn);
  }
  const text = rdns
    .map((rdn) => rdn.map((a) => `${a.shortName ?? a.oid}=${escapeValue(a.value)}`).join(' + '))
    .join(', ');
  return { rdns, text, der };
}

/** Every value of one attribute in a name, by short name ("OU") or OID ("2.5.4.11"), in order. */
export function nameValues(name: DistinguishedName, attribute: string): string[] {
  const out: string[] = [];
  for (const rdn of name.rdns) {
    for (const a of rdn) if (a.oid === attribute || a.shortName === attribute) out.push(a.value);
  }
  return out;
}
