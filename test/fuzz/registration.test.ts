import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from '../../src/encoding/base64url.js';
import { equalBytes } from '../../src/encoding/bytes.js';
import { decodeCbor, type CborMap } from '../../src/encoding/cbor.js';
import { encodeCbor } from '../../src/encoding/cbor-encode.js';
import { verifyRegistrationResponse } from '../../src/registration/verify.js';
import { ORIGIN, RP_ID, registrationCases, type RegistrationCase } from './ceremonies.js';
import { cborValue, deepJsonText, DELETE, hostileJson, jsonPaths, memberAt, mutatedBytes, params, settle, withMember } from './support.js';

/**
 * verifyRegistrationResponse (WebAuthn L3 section 7.1) against mutations of valid registrations in
 * every format the software authenticator can make: bytes of each member, the attestation object
 * taken apart (members replaced, removed, swapped; certificate chains damaged, lengthened,
 * reordered), JSON members of any type, clientDataJSON rewritten. Every case ends in a result or
 * a WebAuthnError; for formats whose statement is signed over authData || clientDataHash, no
 * change to either ever verifies.
 */

let cases: RegistrationCase[];

beforeAll(async () => {
  cases = await registrationCases();
  for (const c of cases) {
    const outcome = await verify(c.response, c);
    expect(outcome.ok ? 'verified' : `${c.fmt}: ${outcome.error.code} ${outcome.error.message}`).toBe('verified');
  }
});

interface Mutant {
  response: unknown;
  /** Whether the signed bytes (authData, clientDataJSON) differ from the originals. */
  signedChanged: boolean;
}

function attestationObjectOf(c: RegistrationCase): CborMap {
  return decodeCbor(fromBase64url(c.response.response.attestationObject)) as CborMap;
}

function withAttestationObject(c: RegistrationCase, object: CborMap): Mutant {
  const original = attestationObjectOf(c).get('authData') as Uint8Array;
  const authData = object.get('authData');
  const response = withMember(c.response, ['response', 'attestationObject'], toBase64url(encodeCbor(object)));
  return { response, signedChanged: !(authData instanceof Uint8Array && equalBytes(authData, original)) };
}

/** Bytes of clientDataJSON or attestationObject (or the id), mutated and re-encoded. */
function memberBytes(c: RegistrationCase): fc.Arbitrary<Mutant> {
  return fc.constantFrom('clientDataJSON', 'attestationObject', 'rawId').chain((member) => {
    const path = member === 'rawId' ? ['rawId'] : ['response', member];
    const original = memberAt(c.response, path) as string;
    return mutatedBytes(fromBase64url(original)).map((bytes) => ({
      response: withMember(c.response, path, toBase64url(bytes)),
      // A byte-level change of the attestation object may or may not touch authData: only clientDataJSON is certain.
      signedChanged: member === 'clientDataJSON' && toBase64url(bytes) !== original,
    }));
  });
}

/** The attestation object decoded and one thing changed in it. */
function attestationObject(c: RegistrationCase): fc.Arbitrary<Mutant> {
  const object = attestationObjectOf(c);
  const attStmt = object.get('attStmt') as CborMap;
  const x5c = attStmt.get('x5c');
  const changes: fc.Arbitrary<CborMap>[] = [
    // A top-level member replaced by any CBOR value, or removed.
    fc.tuple(fc.constantFrom('fmt', 'attStmt', 'authData', 'extra'), fc.oneof(cborValue, fc.constant(DELETE))).map(([key, value]) => {
      const copy = new Map(object);
      if (value === DELETE) copy.delete(key);
      else copy.set(key, value);
      return copy;
    }),
    // Two top-level members swapped.
    fc.tuple(fc.constantFrom('fmt', 'attStmt', 'authData'), fc.constantFrom('fmt', 'attStmt', 'authData')).map(([a, b]) => {
      const copy = new Map(object);
      copy.set(a, object.get(b));
      copy.set(b, object.get(a));
      return copy;
    }),
    // authData mutated (what every statement format signs over).
    mutatedBytes(object.get('authData') as Uint8Array).map((authData) => new Map(object).set('authData', authData)),
    // A statement member replaced by any CBOR value, removed, or added.
    fc.tuple(fc.constantFrom(...attStmt.keys(), 'ecdaaKeyId', 'extra'), fc.oneof(cborValue, fc.constant(DELETE))).map(([key, value]) => {
      const statement = new Map(attStmt);
      if (value === DELETE) statement.delete(key);
      else statement.set(key, value);
      return new Map(object).set('attStmt', statement);
    }),
  ];
  // A byte-string statement member (sig, certInfo, pubArea, response) mutated.
  const byteMembers = [...attStmt.entries()].filter(([, v]) => v instanceof Uint8Array).map(([k]) => k);
  if (byteMembers.length > 0) {
    changes.push(
      fc
        .constantFrom(...byteMembers)
        .chain((key) => mutatedBytes(attStmt.get(key) as Uint8Array).map((bytes) => new Map(object).set('attStmt', new Map(attStmt).set(key, bytes)))),
    );
  }
  if (Array.isArray(x5c) && x5c.length > 0) {
    const chain = x5c as Uint8Array[];
    changes.push(
      // One certificate mutated.
      fc.nat(chain.length - 1).chain((i) =>
        mutatedBytes(chain[i]!).map((der) => new Map(object).set('attStmt', new Map(attStmt).set('x5c', chain.map((c, j) => (j === i ? der : c))))),
      ),
      // The chain reordered, cut, or lengthened (past the chain length limit too).
      fc
        .oneof(
          fc.constant([...chain].reverse()),
          fc.constant([]),
          fc.integer({ min: 1, max: 14 }).map((n) => [...chain, ...Array.from({ length: n }, () => chain[chain.length - 1]!)]),
          fc.array(fc.uint8Array({ maxLength: 64 }), { minLength: 1, maxLength: 3 }).map((junk) => [...chain, ...junk]),
        )
        .map((list) => new Map(object).set('attStmt', new Map(attStmt).set('x5c', list))),
    );
  }
  return fc.oneof(...changes).map((changed) => withAttestationObject(c, changed));
}

/** Any member anywhere replaced by a hostile JSON value, or deleted; or the whole response replaced. */
function jsonMember(c: RegistrationCase): fc.Arbitrary<Mutant> {
  const paths = jsonPaths(c.response);
  return fc.oneof(
    fc.tuple(fc.constantFrom(...paths), fc.oneof(hostileJson, fc.constant(DELETE))).map(([path, value]) => {
      const response = withMember(c.response, path, value);
      const changed = ['clientDataJSON', 'attestationObject'].some((m) => memberAt(response, ['response', m]) !== memberAt(c.response, ['response', m]));
      return { response, signedChanged: changed };
    }),
    hostileJson.map((response) => ({ response, signedChanged: false })),
  );
}

/** clientDataJSON decoded, one member changed (any JSON value, deleted, or added), re-encoded. */
function clientData(c: RegistrationCase): fc.Arbitrary<Mutant> {
  const data = JSON.parse(new TextDecoder().decode(fromBase64url(c.response.response.clientDataJSON))) as Record<string, unknown>;
  const text = fc.oneof(
    fc.tuple(fc.constantFrom(...Object.keys(data), 'tokenBinding', 'topOrigin', 'extra'), fc.oneof(hostileJson, fc.constant(DELETE))).map(([key, value]) =>
      JSON.stringify(withMember(data, [key], value)),
    ),
    deepJsonText.map((deep) => `${JSON.stringify(data).slice(0, -1)},"extra":${deep}}`),
  );
  return text.map((json) => {
    const encoded = toBase64url(new TextEncoder().encode(json));
    return { response: withMember(c.response, ['response', 'clientDataJSON'], encoded), signedChanged: encoded !== c.response.response.clientDataJSON };
  });
}

function verify(response: unknown, c: RegistrationCase) {
  return settle(() =>
    verifyRegistrationResponse({ response, expectedChallenge: c.challenge, expectedOrigin: ORIGIN, expectedRPID: RP_ID, attestation: c.attestation }),
  );
}

const mutations = { memberBytes, attestationObject, jsonMember, clientData };

describe('verifyRegistrationResponse under hostile input', () => {
  for (const [name, mutation] of Object.entries(mutations)) {
    it(`${name}: ends in a result or a WebAuthnError, and signed statements never accept changed signed bytes`, async () => {
      const arbitrary = fc.nat().chain((i) => {
        const c = cases[i % cases.length]!;
        return mutation(c).map((m) => ({ c, m }));
      });
      await fc.assert(
        fc.asyncProperty(arbitrary, async ({ c, m }) => {
          const outcome = await verify(m.response, c);
          if (c.signed && m.signedChanged) expect(outcome.ok).toBe(false);
        }),
        params(2_000),
      );
    });
  }
});
