import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAndroidKeyDescription } from '../../src/attestation/android-key-description.js';
import { parseCertInfo, parsePubArea } from '../../src/attestation/tpm/structures.js';
import { decodeCoseKey } from '../../src/cose/key.js';
import { ecdsaDerToRaw } from '../../src/crypto/der.js';
import type { EcCurve } from '../../src/crypto/types.js';
import { fromBase64url, fromBase64urlLenient, toBase64url } from '../../src/encoding/base64url.js';
import { decodeCbor, decodeCborPrefix } from '../../src/encoding/cbor.js';
import { encodeCbor } from '../../src/encoding/cbor-encode.js';
import { parseAttestationObject } from '../../src/parse/attestation-object.js';
import { parseAuthenticatorData } from '../../src/parse/authenticator-data.js';
import { parseClientDataJSON } from '../../src/parse/client-data.js';
import { encodeKeyDescription } from '../../src/testing/attestation-android.js';
import { encodeCertInfo, encodePubArea, tpmName } from '../../src/testing/attestation-tpm.js';
import { SoftwareAuthenticator } from '../../src/testing/authenticator.js';
import { createIntermediateCa, createLeafCertificate, createRootCa, toPem } from '../../src/testing/ca.js';
import { generateTestKeyPair, signWithTestKey } from '../../src/testing/keys.js';
import { parseCertificate, parsePemCertificates } from '../../src/x509/parse.js';
import { readSubjectPublicKeyInfo } from '../../src/x509/key.js';
import { cborBytes, cborValue, hostileCbor, mutatedBytes, params, settleSync } from './support.js';

/**
 * Every parser against random bytes, random CBOR and mutations of valid input: each case ends in a
 * result or a WebAuthnError, quickly. Where a parser has an inverse, valid input round-trips.
 */

const utf8 = new TextEncoder();

interface Samples {
  authData: Uint8Array[];
  attestationObjects: Uint8Array[];
  clientDataJSON: Uint8Array[];
  coseKeys: Uint8Array[];
  certificates: Uint8Array[];
  signatures: { der: Uint8Array; curve: EcCurve }[];
  pubAreas: Uint8Array[];
  certInfos: Uint8Array[];
  keyDescriptions: Uint8Array[];
  spkis: Uint8Array[];
}

const samples = {} as Samples;

beforeAll(async () => {
  const origin = 'https://fuzz.example';
  const creation = {
    rp: { id: 'fuzz.example', name: 'Fuzz' },
    user: { id: 'AQID', name: 'f', displayName: 'F' },
    challenge: 'Y2hhbGxlbmdlLWNoYWxsZW5nZQ',
    pubKeyCredParams: [{ type: 'public-key' as const, alg: -7 }],
  };
  const algorithms = [-7, -8, -35, -36, -47, -257];
  samples.authData = [];
  samples.attestationObjects = [];
  samples.clientDataJSON = [];
  samples.coseKeys = [];
  for (const algorithm of algorithms) {
    const authenticator = new SoftwareAuthenticator({ algorithm, attestation: 'packed-self' });
    const response = await authenticator.createCredential(creation, origin, {
      authenticatorExtensions: new Map<string, unknown>([['credProtect', 2]]),
    });
    samples.authData.push(fromBase64url(response.response.authenticatorData));
    samples.attestationObjects.push(fromBase64url(response.response.attestationObject));
    samples.clientDataJSON.push(fromBase64url(response.response.clientDataJSON));
    samples.coseKeys.push([...authenticator.credentials.values()][0]!.keyPair.cosePublicKey);
  }

  const root = await createRootCa([['CN', 'Fuzz Root']]);
  const intermediate = await createIntermediateCa(root, [['CN', 'Fuzz Intermediate']]);
  const leaf = await createLeafCertificate(intermediate, { aaguid: new Uint8Array(16).fill(7), subjectAltName: [{ dns: 'fuzz.example' }] });
  const rsaLeaf = await createLeafCertificate(intermediate, { alg: 'RS256' });
  samples.certificates = [root.der, intermediate.der, leaf.der, rsaLeaf.der];
  samples.spkis = [leaf.key.spki, rsaLeaf.key.spki];

  samples.signatures = [];
  for (const [alg, curve] of [
    [-7, 'P-256'],
    [-35, 'P-384'],
    [-36, 'P-521'],
  ] as const) {
    const pair = await generateTestKeyPair(alg);
    samples.signatures.push({ der: await signWithTestKey(pair, utf8.encode('data')), curve });
    samples.signatures.push({ der: await signWithTestKey(pair, utf8.encode('data'), { shortRS: true }), curve });
  }

  const ec = decodeCoseKey(samples.coseKeys[0]!).key;
  const rsa = decodeCoseKey(samples.coseKeys[algorithms.indexOf(-257)]!).key;
  samples.pubAreas = [encodePubArea(ec), encodePubArea(rsa)];
  samples.certInfos = [encodeCertInfo({ extraData: new Uint8Array(32).fill(1), name: await tpmName(samples.pubAreas[0]!) })];
  samples.keyDescriptions = [encodeKeyDescription({ attestationChallenge: new Uint8Array(32).fill(9) })];
});

/** A valid sample of a kind, or a mutation of one. */
function sampleOrMutation(kind: () => Uint8Array[]): fc.Arbitrary<Uint8Array> {
  return fc.integer({ min: 0, max: 1_000 }).chain((i) => {
    const list = kind();
    const sample = list[i % list.length]!;
    return fc.oneof(fc.constant(sample), mutatedBytes(sample));
  });
}

/** Random bytes, random CBOR, hostile CBOR, or (when given) valid samples and their mutations. */
function hostileBytes(kind?: () => Uint8Array[]): fc.Arbitrary<Uint8Array> {
  const sources: fc.Arbitrary<Uint8Array>[] = [fc.uint8Array({ maxLength: 512 }), cborBytes, hostileCbor];
  if (kind) sources.push(sampleOrMutation(kind), sampleOrMutation(kind));
  return fc.oneof(...sources);
}

describe('base64url', () => {
  it('decodes any string to bytes or malformed_base64url, and round-trips bytes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.stringMatching(/^[A-Za-z0-9_\-+/=]*$/)), (text) => {
        for (const decode of [fromBase64url, fromBase64urlLenient]) {
          const outcome = settleSync(() => decode(text));
          if (!outcome.ok) expect(outcome.error.code).toBe('malformed_base64url');
        }
      }),
      params(4_000),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(fromBase64url(toBase64url(bytes))).toEqual(bytes);
      }),
      params(4_000),
    );
  });

  it('rejects every non-canonical spelling of a value (one value, one encoding)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.nat(), (bytes, pick) => {
        const canonical = toBase64url(bytes);
        const last = canonical[canonical.length - 1]!;
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
        const other = alphabet[(alphabet.indexOf(last) + 1 + (pick % 63)) % 64]!;
        const variant = canonical.slice(0, -1) + other;
        const outcome = settleSync(() => fromBase64url(variant));
        // Either the variant is another value's canonical form, or it is rejected: never the same bytes twice.
        if (outcome.ok) expect(outcome.value).not.toEqual(bytes);
      }),
      params(4_000),
    );
  });
});

describe('CBOR', () => {
  it('decodes any bytes to a value or a WebAuthnError, within the limits', () => {
    fc.assert(
      fc.property(hostileBytes(() => samples.attestationObjects), (bytes) => {
        const outcome = settleSync(() => decodeCbor(bytes));
        if (!outcome.ok) expect(['malformed_cbor', 'input_too_large']).toContain(outcome.error.code);
        const prefix = settleSync(() => decodeCborPrefix(bytes, 0));
        if (prefix.ok) expect((prefix.value as { end: number }).end).toBeLessThanOrEqual(bytes.length);
      }),
      params(6_000),
    );
  });

  it('round-trips every value it encodes', () => {
    fc.assert(
      fc.property(cborValue, (value) => {
        const bytes = encodeCbor(value);
        const outcome = settleSync(() => decodeCbor(bytes));
        // Duplicate map keys (which the generator can produce through equal integer keys) are the one refusal.
        if (!outcome.ok) expect(outcome.error.code).toBe('malformed_cbor');
        else expect(encodeCbor(outcome.value)).toEqual(bytes);
      }),
      params(4_000),
    );
  });

  it('rejects nesting deeper than the limit and lengths past the input without allocating them', () => {
    fc.assert(
      fc.property(hostileCbor, (bytes) => {
        const outcome = settleSync(() => decodeCbor(bytes));
        expect(outcome.ok).toBe(false);
      }),
      params(4_000),
    );
  });
});

describe('clientDataJSON', () => {
  it('parses any bytes or JSON to ClientData or a WebAuthnError', () => {
    const json = fc.oneof(
      fc.json().map((text) => utf8.encode(text)),
      fc
        .record({ type: fc.jsonValue(), challenge: fc.jsonValue(), origin: fc.jsonValue(), crossOrigin: fc.jsonValue(), topOrigin: fc.jsonValue() }, { requiredKeys: [] })
        .map((o) => utf8.encode(JSON.stringify(o))),
      fc.integer({ min: 1, max: 20_000 }).map((depth) => utf8.encode('['.repeat(depth) + ']'.repeat(depth))),
      fc.integer({ min: 16 * 1024 - 64, max: 16 * 1024 + 64 }).map((size) => utf8.encode(`{"type":"${'x'.repeat(size)}"}`)),
    );
    fc.assert(
      fc.property(fc.oneof(json, hostileBytes(() => samples.clientDataJSON)), (bytes) => {
        const outcome = settleSync(() => parseClientDataJSON(bytes));
        if (!outcome.ok) expect(['malformed_client_data', 'input_too_large']).toContain(outcome.error.code);
      }),
      params(4_000),
    );
  });
});

describe('authenticator data and attestation object', () => {
  it('parses any bytes to AuthenticatorData or a WebAuthnError, never reading past the input', () => {
    fc.assert(
      fc.property(hostileBytes(() => samples.authData), (bytes) => {
        const outcome = settleSync(() => parseAuthenticatorData(bytes));
        if (outcome.ok) {
          const parsed = outcome.value as ReturnType<typeof parseAuthenticatorData>;
          expect(parsed.bytes.length).toBe(bytes.length);
          const acd = parsed.attestedCredentialData;
          if (acd) expect(37 + 18 + acd.credentialId.length + acd.credentialPublicKey.length).toBeLessThanOrEqual(bytes.length);
        }
      }),
      params(6_000),
    );
  });

  it('parses any bytes to an AttestationObject or a WebAuthnError', () => {
    const shaped = fc
      .record({ fmt: cborValue, attStmt: cborValue, authData: fc.oneof(cborValue, sampleOrMutation(() => samples.authData)) }, { requiredKeys: [] })
      .map((o) => encodeCbor(new Map(Object.entries(o))));
    fc.assert(
      fc.property(fc.oneof(shaped, hostileBytes(() => samples.attestationObjects)), (bytes) => {
        settleSync(() => parseAttestationObject(bytes));
      }),
      params(4_000),
    );
  });
});

describe('COSE keys', () => {
  it('decodes any bytes to a key or a COSE error code', () => {
    const labels = fc.oneof(fc.constantFrom(1, 3, -1, -2, -3, -4), fc.integer({ min: -70_000, max: 70_000 }), fc.string({ maxLength: 4 }));
    const values = fc.oneof(cborValue, fc.constantFrom(1, 2, 3, 4, 7, -7, -8, -35, -36, -47, -257, -37, -19, -53, -48), fc.uint8Array({ minLength: 31, maxLength: 67 }));
    const shaped = fc.array(fc.tuple(labels, values), { maxLength: 7 }).map((entries) => encodeCbor(new Map(entries)));
    fc.assert(
      fc.property(fc.oneof(shaped, hostileBytes(() => samples.coseKeys)), (bytes) => {
        const outcome = settleSync(() => decodeCoseKey(bytes));
        if (!outcome.ok) expect(['malformed_cose_key', 'unsupported_algorithm', 'key_invalid', 'input_too_large']).toContain(outcome.error.code);
      }),
      params(6_000),
    );
  });
});

describe('X.509', () => {
  it('parses any bytes or text to a Certificate or a WebAuthnError', () => {
    fc.assert(
      fc.property(hostileBytes(() => samples.certificates), (bytes) => {
        settleSync(() => parseCertificate(bytes));
      }),
      params(4_000),
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          sampleOrMutation(() => samples.certificates).map((der) => toPem(der)),
          fc.tuple(sampleOrMutation(() => samples.certificates), fc.nat(2_000)).map(([der, cut]) => toPem(der).slice(0, cut)),
        ),
        (text) => {
          settleSync(() => parsePemCertificates(text));
          settleSync(() => parseCertificate(text));
        },
      ),
      params(4_000),
    );
  });

  it('reads any SubjectPublicKeyInfo to a key or a WebAuthnError', () => {
    fc.assert(
      fc.property(hostileBytes(() => samples.spkis), (bytes) => {
        settleSync(() => readSubjectPublicKeyInfo(bytes));
      }),
      params(4_000),
    );
  });
});

describe('signatures and attestation structures', () => {
  it('converts any DER to an ECDSA r||s or malformed_signature', () => {
    const curves: EcCurve[] = ['P-256', 'P-384', 'P-521', 'secp256k1'];
    fc.assert(
      fc.property(
        fc.constantFrom(...curves),
        hostileBytes(() => samples.signatures.map((s) => s.der)),
        (curve, der) => {
          const outcome = settleSync(() => ecdsaDerToRaw(der, curve));
          if (!outcome.ok) expect(outcome.error.code).toBe('malformed_signature');
        },
      ),
      params(4_000),
    );
  });

  it('parses any bytes as TPM pubArea and certInfo, or fails with a WebAuthnError', () => {
    fc.assert(
      fc.property(hostileBytes(() => samples.pubAreas), hostileBytes(() => samples.certInfos), (pubArea, certInfo) => {
        settleSync(() => parsePubArea(pubArea));
        settleSync(() => parseCertInfo(certInfo));
      }),
      params(4_000),
    );
  });

  it('parses any bytes as an Android KeyDescription, or fails with a WebAuthnError', () => {
    fc.assert(
      fc.property(hostileBytes(() => samples.keyDescriptions), (der) => {
        settleSync(() => parseAndroidKeyDescription(der));
      }),
      params(4_000),
    );
  });
});
