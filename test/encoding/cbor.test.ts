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

  it('rejects integers and lengths in a longer form than needed (CTAP2 canonical), so no duplicate key hides behind one', () => {
    expect(code(() => decodeCbor(hex('1817')))).toBe('malformed_cbor'); // 23 in one extra byte
    expect(code(() => decodeCbor(hex('190017')))).toBe('malformed_cbor'); // 23 in two
    expect(code(() => decodeCbor(hex('1900ff')))).toBe('malformed_cbor'); // 255 in two
    expect(code(() => decodeCbor(hex('1a0000ffff')))).toBe('malformed_cbor'); // 65535 in four
    expect(code(() => decodeCbor(hex('1b00000000ffffffff')))).toBe('malformed_cbor'); // 2^32-1 in eight
    expect(code(() => decodeCbor(hex('a2010218010'.concat('3'))))).toBe('malformed_cbor'); // {1:2, 1:3} with the second 1 as 18 01
    expect(code(() => decodeCbor(hex('a220013800'.concat('02'))))).toBe('malformed_cbor'); // key -1 twice: 20 and 38 00
    expect(code(() => decodeCbor(hex('a263616c670178' + '03616c6702')))).toBe('malformed_cbor'); // "alg" twice, one with a long length
    expect(code(() => decodeCbor(hex('5800')))).toBe('malformed_cbor'); // empty byte string, long length
    // The shortest forms at each boundary still decode.
    expect(decodeCbor(hex('1818'))).toBe(24);
    expect(decodeCbor(hex('190100'))).toBe(256);
    expect(decodeCbor(hex('1a00010000'))).toBe(65536);
    expect(decodeCbor(hex('1b0000000100000000'))).toBe(2n ** 32n); // cbor-x gives 64-bit heads as BigInt
    expect(decodeCbor(hex('3818'))).toBe(-25);
  });

  it('rejects floats anywhere: -7.0 would read as the COSE algorithm -7', () => {
    expect(code(() => decodeCbor(hex('f93c00')))).toBe('malformed_cbor'); // 1.0, half precision
    expect(code(() => decodeCbor(hex('fa3f800000')))).toBe('malformed_cbor'); // 1.0, single
    expect(code(() => decodeCbor(hex('fb3ff0000000000000')))).toBe('malformed_cbor'); // 1.0, double
    expect(code(() => decodeCbor(hex('a201f93c0001')))).toBe('malformed_cbor'); // {1: ..., 1.0: ...}
    expect(code(() => decodeCbor(hex('a20102' + '03f9c700')))).toBe('malformed_cbor'); // alg: -7.0
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
