import { describe, expect, it } from 'vitest';
import { parseClientDataJSON } from '../../src/parse/client-data.js';
import { parseAttestationObject } from '../../src/parse/attestation-object.js';
import { encodeCbor } from '../../src/encoding/cbor-encode.js';
import { utf8 } from '../../src/encoding/bytes.js';
import { errorCode as code } from '../helpers/errors.js';

const json = (v: unknown) => utf8(JSON.stringify(v));

describe('parseClientDataJSON', () => {
  it('keeps unknown members and reads crossOrigin/topOrigin', () => {
    const c = parseClientDataJSON(
      json({ type: 'webauthn.get', challenge: 'abc', origin: 'https://a.example', crossOrigin: true, topOrigin: 'https://b.example', tokenBinding: { status: 'supported' }, other_keys_can_be_added_here: 'x' }),
    );
    expect(c).toMatchObject({ type: 'webauthn.get', challenge: 'abc', origin: 'https://a.example', crossOrigin: true, topOrigin: 'https://b.example' });
    expect(c.raw.other_keys_can_be_added_here).toBe('x');
  });

  it('rejects non-UTF-8, non-JSON, non-objects and wrongly typed members', () => {
    expect(code(() => parseClientDataJSON(new Uint8Array([0xc3, 0x28])))).toBe('malformed_client_data');
    expect(code(() => parseClientDataJSON(utf8('{')))).toBe('malformed_client_data');
    expect(code(() => parseClientDataJSON(json([1])))).toBe('malformed_client_data');
    expect(code(() => parseClientDataJSON(json({ type: 1, challenge: 'a', origin: 'b' })))).toBe('malformed_client_data');
    expect(code(() => parseClientDataJSON(json({ type: 'a', origin: 'b' })))).toBe('malformed_client_data');
    expect(code(() => parseClientDataJSON(json({ type: 'a', challenge: 'a', origin: 'b', crossOrigin: 'yes' })))).toBe('malformed_client_data');
    expect(code(() => parseClientDataJSON(new Uint8Array(20000).fill(0x20)))).toBe('input_too_large');
  });
});

describe('parseAttestationObject', () => {
  it('reads fmt, attStmt and authData', () => {
    const o = parseAttestationObject(encodeCbor(new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', new Uint8Array(37)]])));
    expect(o.fmt).toBe('none');
    expect(o.attStmt).toEqual(new Map());
    expect(o.authData.length).toBe(37);
  });

  it('rejects missing or wrongly typed members', () => {
    expect(code(() => parseAttestationObject(encodeCbor([1])))).toBe('malformed_attestation_object');
    expect(code(() => parseAttestationObject(encodeCbor(new Map<string, unknown>([['fmt', 1], ['attStmt', new Map()], ['authData', new Uint8Array(37)]]))))).toBe('malformed_attestation_object');
    expect(code(() => parseAttestationObject(encodeCbor(new Map<string, unknown>([['fmt', 'none'], ['attStmt', []], ['authData', new Uint8Array(37)]]))))).toBe('malformed_attestation_object');
    expect(code(() => parseAttestationObject(encodeCbor(new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', 'x']]))))).toBe('malformed_attestation_object');
  });
});

describe('parseAttestationObject: compound', () => {
  it('accepts an array attStmt only for fmt "compound"', () => {
    const statements = [new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()]])];
    const o = parseAttestationObject(encodeCbor(new Map<string, unknown>([['fmt', 'compound'], ['attStmt', statements], ['authData', new Uint8Array(37)]])));
    expect(Array.isArray(o.attStmt)).toBe(true);
    expect(code(() => parseAttestationObject(encodeCbor(new Map<string, unknown>([['fmt', 'packed'], ['attStmt', statements], ['authData', new Uint8Array(37)]]))))).toBe('malformed_attestation_object');
  });
});
