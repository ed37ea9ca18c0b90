import { WebAuthnError } from '../errors.js';

/**
 * A minimal DER reader (X.690 section 10) for what the schema parser does not hand back: the exact
 * bytes of signed sub-structures (tbsCertificate, Names, SubjectPublicKeyInfo) and a few small
 * structures (RSAPublicKey, RSASSA-PSS-params, extension values), and a schema-free DER check for
 * values a schema parser decodes. Definite lengths only; every length is checked against the input
 * before it is used.
 */

/** One decoded TLV: its tag byte, and where its header and contents sit in the input. */
export interface Tlv {
  tag: number;
  start: number;
  contentStart: number;
  end: number;
}

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  ENUMERATED: 0x0a,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

function bad(what: string, message: string): never {
  throw new WebAuthnError('malformed_certificate', `${what}: ${message}`);
}

/** Reads the length octets at `offset` (X.690 section 10.1: definite, minimal); the contents must end at or before `limit`. */
function readLength(bytes: Uint8Array, offset: number, limit: number, what: string): { contentStart: number; end: number } {
  if (offset >= limit) bad(what, 'ends early');
  const first = bytes[offset]!;
  let length = first;
  let contentStart = offset + 1;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0) bad(what, 'uses an indefinite length, which DER forbids');
    if (count > 4) bad(what, 'has an impossible length');
    if (contentStart + count > limit) bad(what, 'ends early');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[contentStart + i]!;
    if (length < 0x80 || bytes[contentStart] === 0) bad(what, 'has a non-minimal length');
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > limit) bad(what, 'runs past its container');
  return { contentStart, end };
}

/** Reads the TLV at `offset`, which must end at or before `limit`. */
export function readTlv(bytes: Uint8Array, offset: number, limit: number = bytes.length, what = 'DER'): Tlv {
  if (offset + 2 > limit) bad(what, 'ends early');
  const tag = bytes[offset]!;
  // High-tag-number form (tag number >= 31) never occurs in the structures read here.
  if ((tag & 0x1f) === 0x1f) bad(what, 'uses a multi-byte tag');
  return { tag, start: offset, ...readLength(bytes, offset + 1, limit, what) };
}

/** Deepest nesting checkDer follows; real extension values nest a handful of levels. */
const MAX_DER_DEPTH = 32;

/**
 * Checks, without a schema, that `bytes` is exactly one DER encoding (X.690 section 10): every
 * length definite and minimal, every constructed value exactly filled by its elements, no bytes
 * after the value, strings primitive (10.2), BOOLEAN 0x00 or 0xFF (11.1), INTEGER and ENUMERATED
 * minimal (8.3.2), NULL empty, BIT STRING unused bits zero (11.2.1). Tags of any number are
 * allowed (Android's KeyDescription uses [700] and up). Schema-level rules (an encoded DEFAULT,
 * SET OF order) are left to the caller. Run before a schema parser that would accept BER.
 */
export function checkDer(bytes: Uint8Array, what: string): void {
  if (checkElement(bytes, 0, bytes.length, what, 0) !== bytes.length) bad(what, 'has trailing bytes');
}

/** Checks the element at `offset` and returns where it ends. */
function checkElement(bytes: Uint8Array, offset: number, limit: number, what: string, depth: number): number {
  if (depth > MAX_DER_DEPTH) bad(what, 'nests too deeply');
  if (offset >= limit) bad(what, 'ends early');
  const identifier = bytes[offset]!;
  let at = offset + 1;
  if ((identifier & 0x1f) === 0x1f) {
    // X.690 section 8.1.2.4: base 128, no leading zero group, and only for tag numbers from 31.
    if (at < limit && bytes[at] === 0x80) bad(what, 'has a non-minimal tag');
    let number = 0;
    let byte: number;
    do {
      if (at >= limit) bad(what, 'ends early');
      byte = bytes[at++]!;
      number = number * 128 + (byte & 0x7f);
      if (number > 0x1fffff) bad(what, 'has a tag number that is too large');
    } while (byte & 0x80);
    if (number < 31) bad(what, 'has a non-minimal tag');
  }
  const { contentStart, end } = readLength(bytes, at, limit, what);
  const universal = (identifier & 0xc0) === 0;
  if (identifier & 0x20) {
    if (universal && identifier !== TAG.SEQUENCE && identifier !== TAG.SET) bad(what, 'uses a constructed string, which DER forbids');
    for (let child = contentStart; child < end; ) child = checkElement(bytes, child, end, what, depth + 1);
    return end;
  }
  if (!universal) return end;
  const length = end - contentStart;
  switch (identifier) {
    case TAG.BOOLEAN:
      if (length !== 1 || (bytes[contentStart] !== 0x00 && bytes[contentStart] !== 0xff)) bad(what, 'has a BOOLEAN that is not 0x00 or 0xFF');
      break;
    case TAG.INTEGER:
    case TAG.ENUMERATED: {
      if (length === 0) bad(what, 'has an empty INTEGER');
      // The first nine bits must not be all zeros or all ones.
      const lead = bytes[contentStart]!;
      const next = length > 1 ? bytes[contentStart + 1]! & 0x80 : -1;
      if ((lead === 0x00 && next === 0) || (lead === 0xff && next === 0x80)) bad(what, 'has a non-minimal INTEGER');
      break;
    }
    case TAG.NULL:
      if (length !== 0) bad(what, 'has a NULL with contents');
      break;
    case TAG.BIT_STRING: {
      const unused = bytes[contentStart];
      if (unused === undefined || unused > 7 || (length === 1 && unused !== 0)) bad(what, 'has a malformed BIT STRING');
      if (length > 1 && bytes[end - 1]! & ((1 << unused) - 1)) bad(what, 'has a BIT STRING whose unused bits are not zero');
      break;
    }
  }
  return end;
}

/** Reads the TLV that must fill `bytes` exactly, with the expected tag. */
export function readWhole(bytes: Uint8Array, tag: number, what: string): Tlv {
  const tlv = readTlv(bytes, 0, bytes.length, what);
  if (tlv.tag !== tag) bad(what, `expected tag 0x${tag.toString(16)}, found 0x${tlv.tag.toString(16)}`);
  if (tlv.end !== bytes.length) bad(what, 'has trailing bytes');
  return tlv;
}

/** The TLVs directly inside a constructed TLV, in order. */
export function children(bytes: Uint8Array, parent: Tlv, what = 'DER'): Tlv[] {
  const out: Tlv[] = [];
  let offset = parent.contentStart;
  while (offset < parent.end) {
    const child = readTlv(bytes, offset, parent.end, what);
    out.push(child);
    offset = child.end;
  }
  return out;
}

export function contents(bytes: Uint8Array, tlv: Tlv): Uint8Array {
  return bytes.subarray(tlv.contentStart, tlv.end);
}

export function whole(bytes: Uint8Array, tlv: Tlv): Uint8Array {
  return bytes.subarray(tlv.start, tlv.end);
}

/** Decodes OBJECT IDENTIFIER contents to dotted form (X.690 section 8.19). */
export function decodeOid(content: Uint8Array, what = 'OID'): string {
  if (content.length === 0 || content.length > 64) bad(what, 'has an invalid length');
  const arcs: number[] = [];
  let value = 0;
  for (let i = 0; i < content.length; i++) {
    const b = content[i]!;
    if (value === 0 && b === 0x80) bad(what, 'has a non-minimal arc');
    value = value * 128 + (b & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) bad(what, 'has an arc that is too large');
    if ((b & 0x80) === 0) {
      arcs.push(value);
      value = 0;
    } else if (i === content.length - 1) {
      bad(what, 'ends inside an arc');
    }
  }
  const first = arcs[0]!;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...arcs.slice(1)].join('.');
}

/** Reads a TLV that must be an OID and returns it in dotted form. */
export function readOid(bytes: Uint8Array, tlv: Tlv, what = 'OID'): string {
  if (tlv.tag !== TAG.OID) bad(what, 'is not an OBJECT IDENTIFIER');
  return decodeOid(contents(bytes, tlv), what);
}

/** A non-negative INTEGER's magnitude, without the sign byte DER may prepend. */
export function readUnsignedInteger(bytes: Uint8Array, tlv: Tlv, what = 'INTEGER'): Uint8Array {
  if (tlv.tag !== TAG.INTEGER) bad(what, 'is not an INTEGER');
  let value = contents(bytes, tlv);
  if (value.length === 0) bad(what, 'is empty');
  if (value[0]! & 0x80) bad(what, 'is negative');
  if (value.length > 1 && value[0] === 0 && (value[1]! & 0x80) === 0) bad(what, 'is not minimally encoded');
  if (value[0] === 0 && value.length > 1) value = value.subarray(1);
  return value;
}

/** A small non-negative INTEGER as a number. */
export function readSmallInteger(bytes: Uint8Array, tlv: Tlv, what = 'INTEGER'): number {
  const magnitude = readUnsignedInteger(bytes, tlv, what);
  if (magnitude.length > 4) bad(what, 'is too large');
  let n = 0;
  for (const b of magnitude) n = n * 256 + b;
  return n;
}
