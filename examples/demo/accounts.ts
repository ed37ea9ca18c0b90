import type Database from 'better-sqlite3';
import type { CredentialRecord } from 'passkey-rp';
import { DemoError } from './errors.js';

export interface User {
  id: number;
  /** The WebAuthn user handle, base64url. */
  handle: string;
  username: string;
  displayName: string;
  createdAt: string;
}

export interface NewUser {
  handle: string;
  username: string;
  displayName: string;
}

interface UserRow {
  id: number;
  handle: string;
  username: string;
  display_name: string;
  created_at: string;
}

const toUser = (row: UserRow): User => ({
  id: row.id,
  handle: row.handle,
  username: row.username,
  displayName: row.display_name,
  createdAt: row.created_at,
});

/** Users and their passkeys. A credential record is stored whole, as the JSON passkey-rp gives. */
export class Accounts {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  userById(id: number): User | undefined {
    const row = this.#db.prepare<[number], UserRow>('SELECT * FROM users WHERE id = ?').get(id);
    return row && toUser(row);
  }

  userByUsername(username: string): User | undefined {
    const row = this.#db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?').get(username);
    return row && toUser(row);
  }

  /** Creates the account and its first passkey together: an account never exists without a way in. */
  createUser(user: NewUser, first: CredentialRecord): User {
    const create = this.#db.transaction(() => {
      if (this.userByUsername(user.username)) throw new DemoError(409, 'username_taken', 'This username was taken a moment ago.');
      const { lastInsertRowid } = this.#db
        .prepare<[string, string, string, string]>('INSERT INTO users (handle, username, display_name, created_at) VALUES (?, ?, ?, ?)')
        .run(user.handle, user.username, user.displayName, new Date().toISOString());
      const id = Number(lastInsertRowid);
      this.addCredential(id, first);
      return id;
    });
    return this.userById(create())!;
  }

  setDisplayName(userId: number, displayName: string): void {
    this.#db.prepare<[string, number]>('UPDATE users SET display_name = ? WHERE id = ?').run(displayName, userId);
  }

  /** The record with this credential ID, and whose it is. */
  credential(id: string): { userId: number; record: CredentialRecord } | undefined {
    const row = this.#db.prepare<[string], { user_id: number; record: string }>('SELECT user_id, record FROM credentials WHERE id = ?').get(id);
    return row && { userId: row.user_id, record: JSON.parse(row.record) as CredentialRecord };
  }

  credentialExists(id: string): boolean {
    return this.#db.prepare<[string]>('SELECT 1 FROM credentials WHERE id = ?').get(id) !== undefined;
  }

  /** All of the user's records, oldest first. */
  credentialsOf(userId: number): CredentialRecord[] {
    return this.#db
      .prepare<[number], { record: string }>('SELECT record FROM credentials WHERE user_id = ? ORDER BY rowid')
      .all(userId)
      .map((row) => JSON.parse(row.record) as CredentialRecord);
  }

  addCredential(userId: number, record: CredentialRecord): void {
    this.#db.prepare<[string, number, string]>('INSERT INTO credentials (id, user_id, record) VALUES (?, ?, ?)').run(record.id, userId, JSON.stringify(record));
  }

  /** Replaces a record of this user's (after a sign-in or a rename). */
  saveCredential(userId: number, record: CredentialRecord): void {
    this.#db.prepare<[string, string, number]>('UPDATE credentials SET record = ? WHERE id = ? AND user_id = ?').run(JSON.stringify(record), record.id, userId);
  }

  deleteCredential(userId: number, id: string): void {
    this.#db.prepare<[string, number]>('DELETE FROM credentials WHERE id = ? AND user_id = ?').run(id, userId);
  }
}
