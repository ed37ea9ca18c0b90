import { describe, expect, it } from 'vitest';
import { parseAuthenticatorData } from '../../src/parse/authenticator-data.js';
import { encodeCbor } from '../../src/encoding/cbor-encode.js';
import { concat } from '../../src/encoding/bytes.js';
import { errorCode as code } from '../helpers/errors.js';


const rpIdHash = new Uint8Array(32).fill(7);
const head = (flags: number, count = 5) => concat(rpIdHash, new Uint8Array([flags, 0, 0, 0, count]));
const coseKey = encodeCbor(new Map<number, unknown>([[1, 1], [3, -8], [-1, 6], [-2, new Uint8Array(32).fill(1)]]));
const attested = (idLength: number) =>
  concat(new Uint8Array(16).fill(0xaa), new Uint8Array([idLength >> 8, idLength & 0xff]), new Uint8Array(idLength).fill(3), coseKey);

describe('parseAuthenticatorData', () => {
  it('parses rpIdHash, each flag bit and signCount', () => {
    const data = parseAuthenticatorData(concat(rpIdHash, new Uint8Array([0x1d, 0x01, 0x02, 0x03, 0x04])));
    expect(data.rpIdHash).toEqual(rpIdHash);
    expect(data.flags).toEqual({ up: true, uv: true, be: true, bs: true, at: false, ed: false, byte: 0x1d });
    expect(data.signCount).toBe(0x01020304);
    expect(data.attestedCredentialData).toBeUndefined();
  });

  it('reads a signCount above 2^31 as a positive number', () => {
    expect(parseAuthenticatorData(concat(rpIdHash, new Uint8Array([1, 0xff, 0xff, 0xff, 0xff]))).signCount).toBe(0xffffffff);
  });

  it('parses attested credential data and an extensions map', () => {
    const ext = encodeCbor(new Map([['credProtect', 2]]));
    const data = parseAuthenticatorData(concat(head(0xc5), attested(16), ext));
    expect(data.attestedCredentialData?.aaguid).toEqual(new Uint8Array(16).fill(0xaa));
    expect(data.attestedCredentialData?.credentialId).toEqual(new Uint8Array(16).fill(3));
    expect(data.attestedCredentialData?.credentialPublicKey).toEqual(coseKey);
    expect(data.extensions?.get('credProtect')).toBe(2);
  });

  it('rejects short input, trailing bytes, a missing key and bad extensions', () => {
    expect(code(() => parseAuthenticatorData(new Uint8Array(36)))).toBe('malformed_authenticator_data');
    expect(code(() => parseAuthenticatorData(concat(head(0x01), new Uint8Array([0]))))).toBe('malformed_authenticator_data');
    expect(code(() => parseAuthenticatorData(concat(head(0x41), attested(16).subarray(0, 34))))).toBe('malformed_authenticator_data');
    expect(code(() => parseAuthenticatorData(concat(head(0x41), attested(16).subarray(0, 20))))).toBe('malformed_authenticator_data');
    expect(code(() => parseAuthenticatorData(head(0x81)))).toBe('malformed_authenticator_data');
    expect(code(() => parseAuthenticatorData(concat(head(0x81), encodeCbor([1]))))).toBe('malformed_authenticator_data');
    expect(code(() => parseAuthenticatorData(concat(head(0x81), encodeCbor(new Map([[1, 1]])))))).toBe('malformed_authenticator_data');
    expect(code(() => parseAuthenticatorData(concat(head(0x41), attested(16), new Uint8Array([0]))))).toBe('malformed_authenticator_data');
  });

  // The 1023-byte limit is the registration ceremony's (7.1 step 23); the parser checks structure only.
  it('reads a credential ID of any declared length that is present, and no further', () => {
    expect(parseAuthenticatorData(concat(head(0x41), attested(1024))).attestedCredentialData?.credentialId.length).toBe(1024);
    const declaredMax = concat(head(0x41), new Uint8Array(16), new Uint8Array([0xff, 0xff]), new Uint8Array(1024), coseKey);
    expect(code(() => parseAuthenticatorData(declaredMax))).toBe('malformed_authenticator_data');
  });
});
