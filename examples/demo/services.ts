import type { Accounts } from './accounts.js';
import type { SqliteChallengeStore } from './challenge-store.js';
import type { Sessions } from './sessions.js';

export interface DemoConfig {
  /** The SQLite file; created with its folder on first start. */
  dbPath: string;
  /** The RP ID: the site's domain ("localhost" in development). */
  rpID: string;
  /** The origin the pages are served from, exactly as the browser sees it, e.g. "http://localhost:3000". */
  origin: string;
  /** The name authenticators show. */
  rpName: string;
}

/** What every route needs. */
export interface Services {
  config: DemoConfig;
  accounts: Accounts;
  sessions: Sessions;
  challenges: SqliteChallengeStore;
}
