import { expect } from 'vitest';
import { isWebAuthnError, type ErrorCode } from '../../src/errors.js';
import type { CredentialRecord } from '../../src/types.js';

export const AAGUID = {
  zero: '00000000-0000-0000-0000-000000000000',
  googlePasswordManager: 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4',
  applePasswords: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd',
  yubiKey5Nfc: 'fa2b99dc-9e39-4257-8f92-4a30d23c4118',
  windowsHello: '08987058-cadc-4b81-b6e1-30de50dcbe96',
  notInAnyList: '0badc0de-0000-4000-8000-00000000beef',
} as const;

let counter = 0;

/** A plausible stored record; every test states the members it depends on. */
export function record(overrides: Partial<CredentialRecord> = {}): CredentialRecord {
  counter += 1;
  const id = btoa(`credential-${counter}`).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return {
    id,
    publicKey: 'pQECAyYgASFYIA',
    algorithm: -7,
    signCount: 0,
    transports: [],
    uvInitialized: true,
    backupEligible: false,
    backupState: false,
    aaguid: AAGUID.zero,
    attestationFormat: 'none',
    attestationObject: 'o2NmbXRkbm9uZQ',
    attestationClientDataJSON: 'eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIn0',
    userHandle: 'dXNlci0x',
    createdAt: '2025-01-02T03:04:05.000Z',
    ...overrides,
  };
}

/** Asserts that `run` throws (or rejects with) a WebAuthnError with `code`. */
export async function expectCode(run: () => unknown, code: ErrorCode): Promise<void> {
  let thrown: unknown;
  try {
    await run();
  } catch (error) {
    thrown = error;
  }
  expect(isWebAuthnError(thrown), `expected a WebAuthnError "${code}", got ${String(thrown)}`).toBe(true);
  expect((thrown as { code: string }).code).toBe(code);
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.UTC(2025, 0, 1)): { now: () => number; set(t: number): void } {
  let t = start;
  return { now: () => t, set: (next) => (t = next) };
}
