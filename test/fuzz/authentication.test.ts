import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAuthenticationResponse } from '../../src/authentication/verify.js';
import { fromBase64url, toBase64url } from '../../src/encoding/base64url.js';
import { ORIGIN, RP_ID, signInCases, type SignInCase } from './ceremonies.js';
import { deepJsonText, DELETE, hostileJson, jsonPaths, memberAt, mutatedBytes, params, settle, withMember } from './support.js';

/**
 * verifyAuthenticationResponse (WebAuthn L3 section 7.2) against mutations of valid assertions:
 * bytes of every member, JSON members of any type, swapped members, clientDataJSON rewritten,
 * the stored record damaged. Every case ends in a result or a WebAuthnError; and since the
 * signature covers authenticatorData || SHA-256(clientDataJSON), no change to those bytes or to
 * the signature ever verifies.
 */

let cases: SignInCase[];

beforeAll(async () => {
  cases = await signInCases();
  for (const c of cases) expect((await verify(c.response, c)).ok).toBe(true);
});

interface Mutant {
  response: unknown;
  record: SignInCase['record'];
  /** Whether clientDataJSON, authenticatorData or signature differ from the signed originals. */
  signedChanged: boolean;
}

const SIGNED = ['clientDataJSON', 'authenticatorData', 'signature'] as const;
const BYTE_MEMBERS = [...SIGNED, 'userHandle'] as const;

function signedChanged(original: SignInCase['response'], response: unknown): boolean {
  return SIGNED.some((m) => memberAt(response, ['response', m]) !== original.response[m]);
}

function mutant(c: SignInCase, response: unknown, record = c.record): Mutant {
  return { response, record, signedChanged: signedChanged(c.response, response) };
}

/** Bytes of one base64url member, mutated and re-encoded. */
function memberBytes(c: SignInCase): fc.Arbitrary<Mutant> {
  return fc.constantFrom(...BYTE_MEMBERS).chain((member) => {
    const original = c.response.response[member] ?? '';
    return mutatedBytes(fromBase64url(original)).map((bytes) => mutant(c, withMember(c.response, ['response', member], toBase64url(bytes))));
  });
}

/** Any member anywhere replaced by a hostile JSON value, or deleted; or an unknown member added. */
function jsonMember(c: SignInCase): fc.Arbitrary<Mutant> {
  const paths = jsonPaths(c.response);
  return fc.oneof(
    fc.tuple(fc.constantFrom(...paths), fc.oneof(hostileJson, fc.constant(DELETE))).map(([path, value]) => mutant(c, withMember(c.response, path, value))),
    fc.tuple(fc.constantFrom([], ['response'], ['clientExtensionResults']), fc.string({ maxLength: 12 }), hostileJson).map(([at, key, value]) =>
      mutant(c, withMember(c.response, [...at, key], value)),
    ),
    hostileJson.map((value) => mutant(c, value)),
  );
}

/** Two members' values swapped. */
function swapped(c: SignInCase): fc.Arbitrary<Mutant> {
  const paths = jsonPaths(c.response).filter((p) => typeof memberAt(c.response, p) !== 'object');
  return fc.tuple(fc.constantFrom(...paths), fc.constantFrom(...paths)).map(([a, b]) => {
    const first = withMember(c.response, a, memberAt(c.response, b));
    return mutant(c, withMember(first, b, memberAt(c.response, a)));
  });
}

/** clientDataJSON decoded, one member changed (any JSON value, deleted, or added), re-encoded. */
function clientData(c: SignInCase): fc.Arbitrary<Mutant> {
  const data = JSON.parse(new TextDecoder().decode(fromBase64url(c.response.response.clientDataJSON))) as Record<string, unknown>;
  const keys = [...Object.keys(data), 'tokenBinding', 'topOrigin', 'other_keys_can_be_added_here'];
  const text = fc.oneof(
    fc.tuple(fc.constantFrom(...keys), fc.oneof(hostileJson, fc.constant(DELETE))).map(([key, value]) => JSON.stringify(withMember(data, [key], value))),
    deepJsonText.map((deep) => `${JSON.stringify(data).slice(0, -1)},"extra":${deep}}`),
  );
  return text.map((json) => mutant(c, withMember(c.response, ['response', 'clientDataJSON'], toBase64url(new TextEncoder().encode(json)))));
}

/** The stored record damaged: its public key bytes or its counter. */
function storedRecord(c: SignInCase): fc.Arbitrary<Mutant> {
  return fc.oneof(
    mutatedBytes(fromBase64url(c.record.publicKey)).map((key) => ({ response: c.response, record: { ...c.record, publicKey: toBase64url(key) }, signedChanged: false })),
    fc.oneof(fc.integer(), fc.double(), fc.constant(2 ** 32)).map((signCount) => ({ response: c.response, record: { ...c.record, signCount }, signedChanged: false })),
  );
}

function verify(response: unknown, c: SignInCase, record = c.record) {
  return settle(() =>
    verifyAuthenticationResponse({ response, expectedChallenge: c.challenge, expectedOrigin: ORIGIN, expectedRPID: RP_ID, credential: record }),
  );
}

const mutations = { memberBytes, jsonMember, swapped, clientData, storedRecord };

describe('verifyAuthenticationResponse under hostile input', () => {
  for (const [name, mutation] of Object.entries(mutations)) {
    it(`${name}: ends in a result or a WebAuthnError, and never accepts changed signed bytes`, async () => {
      const arbitrary = fc.nat().chain((i) => {
        const c = cases[i % cases.length]!;
        return mutation(c).map((m) => ({ c, m }));
      });
      await fc.assert(
        fc.asyncProperty(arbitrary, async ({ c, m }) => {
          const outcome = await verify(m.response, c, m.record);
          if (m.signedChanged) expect(outcome.ok).toBe(false);
        }),
        params(3_000),
      );
    });
  }
});
