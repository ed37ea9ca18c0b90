import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { SignInFlow } from './ceremony.js';

/** How a session came to be signed in. */
export type SignInMethod = SignInFlow | 'signup';

export interface Session {
  /** SHA-256 of the cookie value: what the database keeps, and what challenges are bound to. */
  idHash: string;
  userId: number | null;
  method: SignInMethod | null;
}

const SIGNED_IN_TTL_MS = 8 * 60 * 60 * 1000;
/** Long enough for a ceremony (challenges live 10 minutes). */
const ANONYMOUS_TTL_MS = 15 * 60 * 1000;

const hash = (id: string) => createHash('sha256').update(id).digest('hex');

/**
 * Sessions behind an opaque random cookie: HttpOnly (no script reads it), SameSite=Lax (not sent
 * on cross-site POSTs), and Secure with the __Host- prefix whenever the site is served over https.
 * Plain http is only for http://localhost during development.
 */
export class Sessions {
  readonly #db: Database.Database;
  readonly #secure: boolean;
  readonly #cookie: string;

  constructor(db: Database.Database, options: { secure: boolean }) {
    this.#db = db;
    this.#secure = options.secure;
    this.#cookie = options.secure ? '__Host-session' : 'session';
  }

  /** The request's live session, if any. */
  read(c: Context): Session | undefined {
    const id = getCookie(c, this.#cookie);
    if (id === undefined || id.length > 100) return undefined;
    const row = this.#db
      .prepare<[string, number], { id_hash: string; user_id: number | null; method: SignInMethod | null }>(
        'SELECT id_hash, user_id, method FROM sessions WHERE id_hash = ? AND expires_at > ?',
      )
      .get(hash(id), Date.now());
    return row && { idHash: row.id_hash, userId: row.user_id, method: row.method };
  }

  /** The request's session, or a new anonymous one to bind a ceremony's challenge to. */
  ensure(c: Context): Session {
    return this.read(c) ?? this.#create(c, null, null, ANONYMOUS_TTL_MS);
  }

  /** Signs the user in on a fresh session id (the old one, known before sign-in, is dropped). */
  signIn(c: Context, userId: number, method: SignInMethod): Session {
    this.signOut(c);
    return this.#create(c, userId, method, SIGNED_IN_TTL_MS);
  }

  signOut(c: Context): void {
    const current = this.read(c);
    if (current) this.#db.prepare<[string]>('DELETE FROM sessions WHERE id_hash = ?').run(current.idHash);
    deleteCookie(c, this.#cookie, { path: '/', secure: this.#secure });
  }

  #create(c: Context, userId: number | null, method: SignInMethod | null, ttlMs: number): Session {
    const now = Date.now();
    this.#db.prepare<[number]>('DELETE FROM sessions WHERE expires_at <= ?').run(now);
    const id = randomBytes(32).toString('base64url');
    const idHash = hash(id);
    this.#db
      .prepare<[string, number | null, string | null, number]>('INSERT INTO sessions (id_hash, user_id, method, expires_at) VALUES (?, ?, ?, ?)')
      .run(idHash, userId, method, now + ttlMs);
    setCookie(c, this.#cookie, id, {
      path: '/',
      httpOnly: true,
      sameSite: 'Lax',
      secure: this.#secure,
      maxAge: Math.floor(ttlMs / 1000),
    });
    return { idHash, userId, method };
  }
}
