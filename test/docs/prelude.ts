/**
 * What the README's blocks leave to the application, declared once as globals for the snippet
 * program (see ./snippets.ts). A block's own declarations and imports shadow these. Kept as text:
 * as a module of this repository its globals would leak into the repository's own type check.
 */
export const PRELUDE = `import type { Context, Hono } from 'hono';
import type {
  ChallengeSecret,
  CredentialRecord,
  MemoryChallengeStore,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  ReplayStore,
  VerifiedAuthentication,
} from 'passkey-rp';
import type { MetadataBlob } from 'passkey-rp/metadata';

declare global {
  /** The application's account, as the Quick start uses it. */
  interface User {
    id: string;
    email: string;
    displayName: string;
    /** The user handle: 64 random bytes made once per account (generateUserHandle()). */
    handle: Uint8Array;
    hasPassword: boolean;
  }

  /** A row of the table another WebAuthn library filled ("Migrating from another library"). */
  interface OldPasskeyRow {
    id: string;
    user_id: string;
    public_key: Uint8Array;
    counter: number | string;
    transports: string | null;
    device_type: 'singleDevice' | 'multiDevice';
    backed_up: boolean;
    aaguid: string;
    webauthn_user_id: string;
    created_at: string;
  }

  // The application's code.
  const app: Hono;
  /** A route handler's context, for fragments shown outside their handler. */
  const c: Context;
  function currentUser(c: Context): Promise<User>;
  /** The id of the visitor's session (the cookie set before sign-in). */
  function sessionId(c: Context): string;
  function startSession(c: Context, userHandle: string | undefined): Response;
  /** The Quick start's answer to a WebAuthnError. */
  function refusal(c: Context, e: unknown): Response;
  function registrationOptionsFor(user: User): PublicKeyCredentialCreationOptionsJSON;
  const db: {
    credentialsOf(userId: string): Promise<CredentialRecord[]>;
    credentialOf(userId: string, credentialId: string): Promise<CredentialRecord | undefined>;
    findCredential(credentialId: string): Promise<CredentialRecord | undefined>;
    credentialExists(credentialId: string): Promise<boolean>;
    saveCredential(userId: string, record: CredentialRecord): Promise<void>;
    updateCredential(credentialId: string, changes: Partial<CredentialRecord>): Promise<void>;
    deleteCredential(userId: string, credentialId: string): Promise<void>;
    updateProfile(userId: string, changes: unknown): Promise<User>;
  };
  const oldDb: { all(sql: string): Promise<OldPasskeyRow[]> };
  const redis: {
    set(key: string, value: string, options?: { NX?: boolean; PXAT?: number }): Promise<string | null>;
    getDel(key: string): Promise<string | null>;
  };

  // Values the surrounding text of a fragment has introduced.
  const rp: { expectedRPID: string; expectedOrigin: string };
  const challenges: MemoryChallengeStore;
  const replays: ReplayStore;
  const secret: ChallengeSecret;
  const user: User;
  const response: unknown;
  const expectedChallenge: string;
  const record: CredentialRecord;
  const records: CredentialRecord[];
  const result: VerifiedAuthentication;
  const requestOptions: PublicKeyCredentialRequestOptionsJSON;
  const salt: Uint8Array;
  const current: MetadataBlob;
  const mdsRoot: string;
  const appleRoot: string;
  const lastNo: number;
  const cache: { read(key: string): Promise<string>; write(key: string, value: string): Promise<void> };
}
`;

/** './combined_aaguid.json' of "Managing passkeys": one entry of the community AAGUID list's shape. */
export const PROVIDERS_JSON = JSON.stringify({
  'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4': { name: 'Google Password Manager', icon_light: 'data:image/svg+xml;base64,', icon_dark: 'data:image/svg+xml;base64,' },
});

/**
 * The part of @types/better-sqlite3 (9.x) that the SQL recipe uses, with the same signatures:
 * better-sqlite3 ships no types, and the repository does not depend on @types/better-sqlite3.
 */
export const BETTER_SQLITE3_TYPES = `declare module 'better-sqlite3' {
  namespace Database {
    interface RunResult {
      changes: number;
      lastInsertRowid: number | bigint;
    }
    interface Statement<BindParameters extends unknown[], Result = unknown> {
      run(...params: BindParameters): RunResult;
      get(...params: BindParameters): Result | undefined;
      all(...params: BindParameters): Result[];
    }
    interface Database {
      prepare<BindParameters extends unknown[] | {} = unknown[], Result = unknown>(
        source: string,
      ): BindParameters extends unknown[] ? Statement<BindParameters, Result> : Statement<[BindParameters], Result>;
      exec(source: string): this;
    }
  }
  const Database: new (filename?: string) => Database.Database;
  export default Database;
}
`;
