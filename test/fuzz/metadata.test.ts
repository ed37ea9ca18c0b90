import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyMetadataBlob } from '../../src/metadata/index.js';
import { createRootCa } from '../../src/testing/ca.js';
import { createTestMetadataService, testMetadataEntry, type TestMetadataService } from '../../src/testing/metadata.js';
import { DELETE, hostileJson, jsonPaths, mutatedBytes, params, settle, withMember } from './support.js';

/**
 * verifyMetadataBlob (FIDO MDS 3.0 section 3.2) against hostile BLOBs: payloads and headers of any
 * shape, properly signed (so the payload reader itself is exercised), and valid BLOBs changed as
 * text. Every case ends in a result or a WebAuthnError, and no changed text ever verifies.
 */

const AAGUID = 'f1f2f3f4-f5f6-47f8-89fa-fbfcfdfeff00';
let mds: TestMetadataService;
let entry: Record<string, unknown>;
let valid: string;

beforeAll(async () => {
  mds = await createTestMetadataService();
  const attestationRoot = await createRootCa([['CN', 'Fuzz MDS Attestation Root']]);
  entry = testMetadataEntry({ aaguid: AAGUID, attestationRootCertificates: [attestationRoot.der] }) as Record<string, unknown>;
  valid = await mds.createBlob({ entries: [entry] });
  expect((await verify(valid)).ok).toBe(true);
});

function verify(jws: unknown) {
  return settle(() => verifyMetadataBlob(jws as string, { rootCertificates: [mds.root.der] }));
}

describe('verifyMetadataBlob under hostile input', () => {
  it('reads signed payloads and headers of any shape to a result or a WebAuthnError', async () => {
    const hostileEntry = fc.oneof(
      fc.tuple(fc.constantFrom(...jsonPaths(entry)), fc.oneof(hostileJson, fc.constant(DELETE))).map(([path, value]) => withMember(entry, path, value)),
      hostileJson,
    );
    const blob = fc.oneof(
      fc.array(hostileEntry, { maxLength: 3 }).map((entries) => ({ entries: [entry, ...entries] })),
      fc.tuple(fc.constantFrom('no', 'nextUpdate', 'legalHeader', 'entries'), hostileJson).map(([member, value]) => ({ entries: [entry], payload: { [member]: value } })),
      fc.tuple(fc.constantFrom('alg', 'typ', 'x5c', 'x5u', 'crit'), hostileJson).map(([member, value]) => ({ entries: [entry], header: { [member]: value } })),
    );
    await fc.assert(
      fc.asyncProperty(blob, async (options) => {
        await verify(await mds.createBlob(options as never));
      }),
      params(500),
    );
  });

  it('never verifies a BLOB whose text was changed', async () => {
    const text = fc.oneof(
      mutatedBytes(new TextEncoder().encode(valid)).map((bytes) => new TextDecoder().decode(bytes)),
      fc.tuple(fc.nat(2), fc.string()).map(([part, replacement]) => {
        const parts = valid.split('.');
        parts[part] = replacement;
        return parts.join('.');
      }),
      fc.string(),
      hostileJson,
    );
    await fc.assert(
      fc.asyncProperty(text, async (jws) => {
        const outcome = await verify(jws);
        if (typeof jws !== 'string' || jws.trim() !== valid) expect(outcome.ok).toBe(false);
      }),
      params(1_000),
    );
  });
});
