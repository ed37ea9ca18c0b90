import { describe, expect, it } from 'vitest';
import { decodeCbor, decodeCborPrefix } from '../../src/encoding/cbor.js';
import { encodeCbor } from '../../src/encoding/cbor-encode.js';
import { errorCode as code } from '../helpers/errors.js';

const hex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));

describe('strict CBOR', () => {
  it('decodes a COSE key with integer labels and plain Uint8Array byte strings', () => {
    const value = decodeCbor(hex('a501020326200121430102032243040506')) as Map<number, unknown>;
    expect(value).toBeInstanceOf(Map);
    expect(value.get(1)).toBe(2);
    expect(value.get(3)).toBe(-7);
    expect(value.get(-2)).toEqual(new Uint8Array([1, 2, 3]));
    expect((value.get(-2) as Uint8Array).constructor).toBe(Uint8Array);
  });

  it('round-trips what encodeCbor writes', () => {
    const map = new Map<unknown, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', new Uint8Array([9, 9])]]);
    expect(decodeCbor(encodeCbor(map))).toEqual(map);
  });

  it('rejects trailing bytes, truncation, indefinite lengths, tags and duplicate keys', () => {
    expect(code(() => decodeCbor(hex('0000')))).toBe('malformed_cbor'); // trailing
    expect(code(() => decodeCbor(hex('5820aa')))).toBe('malformed_cbor'); // truncated byte string
    expect(code(() => decodeCbor(hex('5f41aaff')))).toBe('malformed_cbor'); // indefinite bytes
    expect(code(() => decodeCbor(hex('9f01ff')))).toBe('malformed_cbor'); // indefinite array
    expect(code(() => decodeCbor(hex('c24101')))).toBe('malformed_cbor'); // tag 2 bignum
    expect(code(() => decodeCbor(hex('a201010102')))).toBe('malformed_cbor'); // duplicate key 1
    expect(code(() => decodeCbor(hex('62c328')))).toBe('malformed_cbor'); // invalid UTF-8 text
    expect(code(() => decodeCbor(hex('f8ff')))).toBe('malformed_cbor'); // simple value 255
    expect(code(() => decodeCbor(hex('1c')))).toBe('malformed_cbor'); // reserved additional info
    expect(code(() => decodeCbor(new Uint8Array(0)))).toBe('malformed_cbor');
  });

  it('refuses huge declared lengths without allocating, and deep nesting', () => {
    expect(code(() => decodeCbor(hex('5bffffffffffffffff')))).toBe('malformed_cbor');
    expect(code(() => decodeCbor(hex('9bffffffffffffffff')))).toBe('malformed_cbor');
    expect(code(() => decodeCbor(hex('bbffffffffffffffff')))).toBe('malformed_cbor');
    const deep = new Uint8Array(40).fill(0x81);
    deep[39] = 0x00;
    expect(code(() => decodeCbor(deep))).toBe('malformed_cbor');
    expect(code(() => decodeCbor(new Uint8Array(300 * 1024)))).toBe('input_too_large');
  });

  it('reports where a prefix item ends', () => {
    const bytes = hex('a10102ff');
    const { value, end } = decodeCborPrefix(bytes, 0);
    expect(end).toBe(3);
    expect((value as Map<number, number>).get(1)).toBe(2);
  });
});
