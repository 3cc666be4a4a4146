-- The admin console's sign-in: who may sign in to an organisation's console, the magic links mailed to them,
-- the sessions those links open, and the log of what admins did there.

-- An organisation's admins, as its config document lists them (and the console adds through the same apply).
-- Addresses are kept in their canonical form (case folded, ASCII domain): that is what a sign-in request is matched on.
CREATE TABLE org_admins (
  org_id      TEXT NOT NULL REFERENCES orgs (id),
  email       TEXT NOT NULL,
  name        TEXT,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (org_id, email)
);

-- A magic link is single use and short lived; only its SHA-256 is stored. Spending it records the session it
-- opened, so spending and opening are one transaction whose second half can find what the first half did.
CREATE TABLE console_sign_in_tokens (
  hash          TEXT PRIMARY KEY,
  org_id        TEXT NOT NULL REFERENCES orgs (id),
  email         TEXT NOT NULL,
  expires_at    INTEGER NOT NULL,
  used_at       INTEGER,
  session_hash  TEXT UNIQUE,
  created_at    INTEGER NOT NULL
);
CREATE INDEX console_sign_in_tokens_by_admin ON console_sign_in_tokens (org_id, email, used_at);

-- A console session: the cookie holds a random id, the table its SHA-256. It ends after 12 hours unused or 7 days
-- in all, whichever comes first, or at sign-out (the row is deleted).
CREATE TABLE admin_sessions (
  hash          TEXT PRIMARY KEY,
  org_id        TEXT NOT NULL REFERENCES orgs (id),
  email         TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  last_seen_at  INTEGER NOT NULL,
  expires_at    INTEGER NOT NULL
);
CREATE INDEX admin_sessions_by_admin ON admin_sessions (org_id, email);

-- What admins did, one row per change, written in the batch of the change with its event (the event's kind is
-- the action). The id orders the log and is its paging cursor.
CREATE TABLE console_activity (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id       TEXT NOT NULL REFERENCES orgs (id),
  actor_email  TEXT NOT NULL,
  kind         TEXT NOT NULL,
  target       TEXT,
  created_at   INTEGER NOT NULL
);
CREATE INDEX console_activity_by_org ON console_activity (org_id, id);
