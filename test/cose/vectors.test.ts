import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeCoseKey, verifyCoseSignature } from '../../src/cose/key.js';
import { backend } from '../../src/crypto/index.js';
import { fromBase64url } from '../../src/encoding/base64url.js';

// Recorded sign-ins from other libraries' test suites (real authenticators, and ML-DSA ones):
// the COSE keys must decode and their assertion signatures must verify over
// authenticatorData || SHA-256(clientDataJSON) (WebAuthn L3 section 7.2 steps 19-20).
const root = new URL('../../../shared/vectors/', import.meta.url);
const present = existsSync(root);
if (!present) console.warn('[vectors] ../shared/vectors is absent: the recorded-assertion tests are skipped');
const cases = (present ? ['simplewebauthn', 'py_webauthn'] : []).flatMap((dir) =>
  readdirSync(new URL(`${dir}/`, root))
    .filter((file) => file.startsWith('auth.'))
    .map((file) => ({ file, vector: JSON.parse(readFileSync(new URL(`${dir}/${file}`, root), 'utf8')) })),
);

async function verify(vector: { credential: { publicKey: string }; response: { response: Record<string, string> } }) {
  const key = decodeCoseKey(fromBase64url(vector.credential.publicKey));
  const { authenticatorData, clientDataJSON, signature } = vector.response.response;
  const clientDataHash = createHash('sha256').update(fromBase64url(clientDataJSON)).digest();
  const signed = new Uint8Array([...fromBase64url(authenticatorData), ...clientDataHash]);
  return { alg: key.alg, valid: await verifyCoseSignature(key, signed, fromBase64url(signature)) };
}

describe.skipIf(!present)(`recorded assertions on the ${backend.name} backend`, () => {
  it('has the recorded cases, covering EC2, OKP, RSA and the three ML-DSA sets', async () => {
    const algs = new Set<number>();
    for (const { vector } of cases) algs.add(decodeCoseKey(fromBase64url(vector.credential.publicKey)).alg);
    expect([...algs].sort((a, b) => a - b)).toEqual([-257, -50, -49, -48, -8, -7]);
  });

  it.each(cases.filter((c) => c.vector.expect === 'valid'))('$file: the signature verifies', async ({ vector }) => {
    expect((await verify(vector)).valid).toBe(true);
  });

  it('rejects the assertion checked against the wrong public key', async () => {
    // An ES256 signature (DER, 70 bytes) against a stored RSA-2048 key: RFC 8017 calls it invalid.
    const wrongKey = cases.find((c) => c.file.includes('incorrect-public-key'))!;
    expect((await verify(wrongKey.vector)).valid).toBe(false);
  });
});
