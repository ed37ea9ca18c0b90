import { WebAuthnError } from '../errors.js';

/**
 * A minimal DER reader (X.690 section 10) for what the schema parser does not hand back: the exact
 * bytes of signed sub-structures (tbsCertificate, Names, SubjectPublicKeyInfo) and a few small
 * structures (RSAPublicKey, RSASSA-PSS-params, extension values). Definite lengths only; every
 * length is checked against the input before it is used.
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
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

function bad(what: string, message: string): never {
  throw new WebAuthnError('malformed_certificate', `${what}: ${message}`);
}

/** Reads the TLV at `offset`, which must end at or before `limit`. */
export function readTlv(bytes: Uint8Array, offset: number, limit: number = bytes.length, what = 'DER'): Tlv {
  if (offset + 2 > limit) bad(what, 'ends early');
  const tag = bytes[offset]!;
  // High-tag-number form (tag number >= 31) never occurs in the structures read here.
  if ((tag & 0x1f) === 0x1f) bad(what, 'uses a multi-byte tag');
  const first = bytes[offset + 1]!;
  let length = first;
  let contentStart = offset + 2;
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
  return { tag, start: offset, contentStart, end };
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
