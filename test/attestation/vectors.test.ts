import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { verifyAttestation } from '../../src/attestation/index.js';
import { sha256 } from '../../src/crypto/index.js';
import { decodeCoseKey } from '../../src/cose/key.js';
import { fromBase64url } from '../../src/encoding/base64url.js';
import { isWebAuthnError, type ErrorCode } from '../../src/errors.js';
import { parseAttestationObject } from '../../src/parse/attestation-object.js';
import { parseAuthenticatorData } from '../../src/parse/authenticator-data.js';

/**
 * Real registrations recorded by other libraries (/work/shared/vectors): the attestation statement
 * of every packed, fido-u2f, apple and none registration is verified against the recorded roots.
 */

const VECTORS = fileURLToPath(new URL('../../../shared/vectors/', import.meta.url));
const exists = existsSync(VECTORS);
const FORMATS = new Set(['packed', 'fido-u2f', 'apple', 'none']);

interface Vector {
  file: string;
  kind: string;
  format: string | null;
  expect: 'valid' | 'invalid';
  reason?: string;
  rootCerts: string[];
  verifyAt: string | null;
  response: { response: { attestationObject: string; clientDataJSON: string } };
}

/**
 * Why an invalid vector must be rejected, when the reason is about the attestation statement, and
 * the error code that says so. Vectors invalid for other reasons (challenge, origin, RP ID, user
 * verification, token binding) belong to the ceremony tests and are left out here.
 */
function attestationFailure(reason: string): ErrorCode | undefined {
  if (/unsupported attestation statement format/i.test(reason)) return 'unsupported_attestation_format';
  if (/1\.3\.6\.1\.4\.1\.45724\.1\.1\.4/.test(reason)) return 'attestation_aaguid_mismatch';
  if (/root.cert/i.test(reason)) return 'attestation_untrusted';
  return undefined;
}

function load(): Vector[] {
  if (!exists) return [];
  const out: Vector[] = [];
  for (const dir of ['simplewebauthn', 'py_webauthn']) {
    for (const name of readdirSync(VECTORS + dir)) {
      const vector = { file: `${dir}/${name}`, ...JSON.parse(readFileSync(`${VECTORS}${dir}/${name}`, 'utf8')) } as Vector;
      if (vector.kind === 'registration' && vector.format && FORMATS.has(vector.format)) out.push(vector);
    }
  }
  return out;
}

const vectors = load();
const valid = vectors.filter((v) => v.expect === 'valid');
const invalid = vectors.filter((v) => v.expect === 'invalid' && attestationFailure(v.reason ?? '') !== undefined);

async function inputOf(vector: Vector) {
  const object = parseAttestationObject(fromBase64url(vector.response.response.attestationObject));
  const authData = parseAuthenticatorData(object.authData);
  const now = vector.verifyAt ? new Date(vector.verifyAt) : new Date();
  return {
    input: {
      fmt: object.fmt,
      attStmt: object.attStmt,
      authData,
      clientDataHash: await sha256(fromBase64url(vector.response.response.clientDataJSON)),
      credentialKey: decodeCoseKey(authData.attestedCredentialData!.credentialPublicKey),
      now,
    },
    trustAnchors: { byFormat: { [object.fmt]: vector.rootCerts.map((f) => readFileSync(`${VECTORS}roots/${f}`, 'utf8')) } },
  };
}

describe.skipIf(!exists)(`recorded vectors (${exists ? VECTORS : 'folder absent: skipped'})`, () => {
  it('selects vectors of every format covered here', () => {
    expect(new Set(valid.map((v) => v.format))).toEqual(FORMATS);
    expect(invalid.length).toBeGreaterThanOrEqual(3);
  });

  it.each(valid.map((v) => [v.file, v] as const))('%s verifies; trusted exactly when it has roots', async (_, vector) => {
    const { input, trustAnchors } = await inputOf(vector);
    const anchored = vector.rootCerts.length > 0;
    const verdict = await verifyAttestation(input, { trustAnchors, requireTrustedAttestation: anchored });
    expect(verdict.format).toBe(vector.format);
    expect(verdict.trusted).toBe(anchored);
    if (anchored) {
      expect(verdict.anchor?.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(verdict.type).toBe('anonca');
    } else {
      expect(verdict.anchor).toBeUndefined();
      expect(verdict.reasons.length).toBeGreaterThan(0);
    }
    expect(JSON.parse(JSON.stringify(verdict))).toEqual(verdict);
  });

  it.each(invalid.map((v) => [v.file, v] as const))('%s is rejected for its attestation', async (_, vector) => {
    const { input, trustAnchors } = await inputOf(vector);
    const code = attestationFailure(vector.reason!)!;
    const error = await verifyAttestation(input, { trustAnchors, requireTrustedAttestation: vector.rootCerts.length > 0 }).catch((e: unknown) => e);
    expect(isWebAuthnError(error, code), String(error)).toBe(true);
  });
});
