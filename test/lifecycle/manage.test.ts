import { describe, expect, it } from 'vitest';
import { applySignIn, removePasskey, renamePasskey } from '../../src/lifecycle/index.js';
import { expectCode, manualClock, record } from './fixtures.js';

describe('applySignIn', () => {
  const base = () => record({ signCount: 5, backupEligible: true, backupState: false, uvInitialized: false });

  it('stores the new counter, backup state, UV and time', () => {
    const r = base();
    const updated = applySignIn(r, {
      credentialId: r.id,
      signCount: 6,
      backupState: true,
      uvInitialized: true,
      lastUsedAt: '2025-04-01T12:00:00Z',
    });
    expect(updated).toEqual({ ...r, signCount: 6, backupState: true, uvInitialized: true, lastUsedAt: '2025-04-01T12:00:00.000Z' });
    expect(r.signCount).toBe(5);
  });

  it('never turns uvInitialized back to false', () => {
    const r = record({ uvInitialized: true });
    expect(applySignIn(r, { signCount: 0, backupState: false, uvInitialized: false }).uvInitialized).toBe(true);
  });

  it('stamps the sign-in time from the clock when none is given', () => {
    const clock = manualClock(Date.UTC(2025, 5, 1, 9, 0, 0));
    expect(applySignIn(base(), { signCount: 0, backupState: false, uvInitialized: true }, { now: clock.now }).lastUsedAt).toBe(
      '2025-06-01T09:00:00.000Z',
    );
  });

  it('keeps the host’s own members', () => {
    const r = { ...base(), accountId: 42 };
    expect(applySignIn(r, { signCount: 1, backupState: false, uvInitialized: true }).accountId).toBe(42);
  });

  it('refuses the result of another credential', async () => {
    await expectCode(
      () => applySignIn(base(), { credentialId: 'b3RoZXI', signCount: 1, backupState: false, uvInitialized: true }),
      'credential_id_mismatch',
    );
  });

  it('refuses a backed-up state on a passkey that is not backup eligible', async () => {
    await expectCode(
      () => applySignIn(record({ backupEligible: false }), { signCount: 1, backupState: true, uvInitialized: true }),
      'backup_flags_invalid',
    );
  });

  it('stores the BE flag a sign-in reports for a record that had none (a migrated record)', () => {
    const { backupEligible, ...migrated } = record({ backupState: false });
    const updated = applySignIn(migrated, { signCount: 1, backupState: true, uvInitialized: true, backupEligible: true });
    expect(updated).toMatchObject({ backupEligible: true, backupState: true });
  });

  it('keeps a recorded BE flag that the sign-in agrees with', () => {
    const updated = applySignIn(base(), { signCount: 6, backupState: true, uvInitialized: true, backupEligible: true });
    expect(updated.backupEligible).toBe(true);
  });

  it('refuses a sign-in whose BE flag differs from the recorded one', async () => {
    await expectCode(
      () => applySignIn(base(), { signCount: 6, backupState: false, uvInitialized: true, backupEligible: false }),
      'backup_eligibility_changed',
    );
  });

  it('refuses a backed-up state when BE is known neither from the record nor from the sign-in', async () => {
    const { backupEligible, ...migrated } = record();
    await expectCode(() => applySignIn(migrated, { signCount: 1, backupState: true, uvInitialized: true }), 'backup_flags_invalid');
  });

  it.each([
    ['a record that is not an object', null, {}],
    ['a record whose backupEligible is not a boolean', { backupEligible: 'yes' }, {}],
    ['a sign-in whose backupEligible is not a boolean', {}, { backupEligible: 1 }],
  ])('refuses %s', async (_, recordChange, updateChange) => {
    const r = recordChange === null ? null : { ...base(), ...recordChange };
    await expectCode(
      () => applySignIn(r as never, { signCount: 6, backupState: false, uvInitialized: true, ...updateChange } as never),
      'invalid_options',
    );
  });

  it.each([
    ['a negative counter', { signCount: -1 }],
    ['a counter past 32 bits', { signCount: 2 ** 32 }],
    ['a non-boolean backupState', { backupState: 'yes' }],
    ['a bad time', { lastUsedAt: 'yesterday' }],
  ])('refuses %s', async (_, change) => {
    await expectCode(
      () => applySignIn(base(), { signCount: 1, backupState: false, uvInitialized: true, ...change } as never),
      'invalid_options',
    );
  });
});

describe('renamePasskey', () => {
  it('trims the name', () => {
    expect(renamePasskey(record(), '  Work laptop  ').name).toBe('Work laptop');
  });

  it('accepts 64 characters, counting emoji as characters, and joiner sequences', () => {
    const name = '🔑'.repeat(64);
    expect(renamePasskey(record(), name).name).toBe(name);
    expect(renamePasskey(record(), '👩‍💻 laptop').name).toBe('👩‍💻 laptop');
  });

  it('normalises to NFC', () => {
    expect(renamePasskey(record(), 'Cafe\u0301').name).toBe('Caf\u00e9');
  });

  it.each([
    ['empty', ''],
    ['only spaces', '   '],
    ['65 characters', 'a'.repeat(65)],
    ['a control character', 'key\u0007'],
    ['a line break', 'my\nkey'],
    ['a bidi override', 'key\u202Egpj.exe'],
    ['not a string', 42],
  ])('refuses a name that is %s', async (_, name) => {
    await expectCode(() => renamePasskey(record(), name as never), 'invalid_options');
  });

  it.each([
    ['null', null],
    ['a string', 'x'.repeat(1_000_000)],
    ['an array', [record()]],
  ])('refuses %s as the record', async (_, notARecord) => {
    await expectCode(() => renamePasskey(notARecord as never, 'Laptop'), 'invalid_options');
  });
});

describe('removePasskey', () => {
  it('returns the other records', () => {
    const [a, b, c] = [record(), record(), record()];
    const records = [a, b, c];
    expect(removePasskey(records, b.id)).toEqual([a, c]);
    expect(records).toHaveLength(3);
  });

  it('refuses an id the account does not have', async () => {
    await expectCode(() => removePasskey([record()], 'bm9wZQ'), 'unknown_credential');
  });
});
