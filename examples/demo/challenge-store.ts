import type Database from 'better-sqlite3';
import type { ChallengePurpose, ChallengeStore, StoredChallenge } from 'passkey-rp';
import type { CeremonyContext } from './ceremony.js';

interface ChallengeRow {
  challenge: string;
  purpose: ChallengePurpose;
  binding: string | null;
  expires_at: number;
  context: string | null;
}

/**
 * passkey-rp's ChallengeStore in SQLite. Each challenge row also keeps the context its ceremony
 * needs to finish (who is signing up, which sign-in flow), so one session can have several
 * ceremonies open at once: the autofill request waiting in the background and a button press.
 */
export class SqliteChallengeStore implements ChallengeStore {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  /** The store to hand `issueChallenge()`: it records the challenge with this context. */
  withContext(context: CeremonyContext): ChallengeStore {
    return {
      issue: async (record) => this.#insert(record, JSON.stringify(context)),
      consume: (challenge) => this.consume(challenge),
    };
  }

  async issue(record: StoredChallenge): Promise<void> {
    this.#insert(record, null);
  }

  /** Atomic take: DELETE ... RETURNING, so a challenge is handed out at most once. */
  async consume(challenge: string): Promise<StoredChallenge | undefined> {
    const row = this.#db.prepare<[string], ChallengeRow>('DELETE FROM challenges WHERE challenge = ? RETURNING *').get(challenge);
    if (row === undefined) return undefined;
    const record: StoredChallenge = { challenge: row.challenge, purpose: row.purpose, expiresAt: row.expires_at };
    if (row.binding !== null) record.binding = row.binding;
    return record;
  }

  #insert(record: StoredChallenge, context: string | null): void {
    // Expired challenges are of no use to anyone: sweep them on every write.
    this.#db.prepare<[number]>('DELETE FROM challenges WHERE expires_at <= ?').run(Date.now());
    this.#db
      .prepare<[string, string, string | null, number, string | null]>(
        'INSERT INTO challenges (challenge, purpose, binding, expires_at, context) VALUES (?, ?, ?, ?, ?)',
      )
      .run(record.challenge, record.purpose, record.binding ?? null, record.expiresAt, context);
  }

  /** The context a challenge was issued with, without consuming it; undefined if there is none for this purpose. */
  context(challenge: string, purpose: ChallengePurpose): CeremonyContext | undefined {
    const row = this.#db
      .prepare<[string, string], Pick<ChallengeRow, 'context'>>('SELECT context FROM challenges WHERE challenge = ? AND purpose = ?')
      .get(challenge, purpose);
    return row?.context ? (JSON.parse(row.context) as CeremonyContext) : undefined;
  }
}
