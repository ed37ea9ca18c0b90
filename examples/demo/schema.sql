-- The demo's whole state. Applied on every start (idempotent); the file is created on first start.

CREATE TABLE IF NOT EXISTS users (
  id           INTEGER PRIMARY KEY,
  -- The WebAuthn user handle (user.id): random bytes, base64url. Never personal data.
  handle       TEXT NOT NULL UNIQUE,
  username     TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name TEXT NOT NULL,
  created_at   TEXT NOT NULL
);

-- One row per passkey. `record` is passkey-rp's CredentialRecord as JSON (it round-trips exactly).
CREATE TABLE IF NOT EXISTS credentials (
  id      TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  record  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS credentials_by_user ON credentials (user_id);

-- Issued challenges, each used at most once (passkey-rp's ChallengeStore), with what the server
-- needs to finish that ceremony (`context`, JSON).
CREATE TABLE IF NOT EXISTS challenges (
  challenge  TEXT PRIMARY KEY,
  purpose    TEXT NOT NULL,
  binding    TEXT,
  expires_at INTEGER NOT NULL,
  context    TEXT
);

-- Sessions, anonymous (during a sign-up or sign-in) or signed in. Only a hash of the cookie is kept.
CREATE TABLE IF NOT EXISTS sessions (
  id_hash    TEXT PRIMARY KEY,
  user_id    INTEGER REFERENCES users (id) ON DELETE CASCADE,
  -- How the user signed in: signup, autofill, button, username.
  method     TEXT,
  expires_at INTEGER NOT NULL
);
