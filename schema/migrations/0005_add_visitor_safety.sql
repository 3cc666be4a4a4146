-- Visitors and abuse: owner tokens, holds (moderation, email confirmation), hashed IPs, bans, the moderation
-- log, confirmed addresses, and the credentials and mail for confirmation and privacy requests.

PRAGMA defer_foreign_keys = true;

-- owner_token_hash: SHA-256 of the token that lets the author edit or delete. hold_reason: why a pending comment
-- waits. ip_hash: HMAC of the poster's IP with a key that rotates every 30 days; never the IP itself.
ALTER TABLE comments ADD COLUMN owner_token_hash TEXT;
ALTER TABLE comments ADD COLUMN hold_reason TEXT CHECK (hold_reason IN ('moderation', 'unverified'));
ALTER TABLE comments ADD COLUMN ip_hash TEXT;
CREATE INDEX comments_held ON comments (site_id, status, created_at);
CREATE INDEX comments_by_visitor ON comments (visitor_id);

-- A conversation whose first comment is held is invisible to digests, escalation and figures until released.
ALTER TABLE conversations ADD COLUMN held INTEGER NOT NULL DEFAULT 0 CHECK (held IN (0, 1));

ALTER TABLE visitors ADD COLUMN verified_at INTEGER;

CREATE TABLE bans (
  site_id    TEXT NOT NULL REFERENCES sites (id),
  kind       TEXT NOT NULL CHECK (kind IN ('email', 'ip')),
  value      TEXT NOT NULL,
  reason     TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (site_id, kind, value)
) WITHOUT ROWID;

-- Every moderation action, who took it and why.
CREATE TABLE moderation_log (
  id         TEXT PRIMARY KEY,
  site_id    TEXT NOT NULL REFERENCES sites (id),
  comment_id TEXT REFERENCES comments (id),
  action     TEXT NOT NULL CHECK (action IN ('approve', 'hide', 'delete', 'ban')),
  actor      TEXT NOT NULL,
  reason     TEXT,
  detail     TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX moderation_log_by_site ON moderation_log (site_id, created_at);

-- Credentials learn three purposes for visitors: confirming an address, exporting or deleting their data.
CREATE TABLE tokens_next (
  hash            TEXT PRIMARY KEY,
  purpose         TEXT NOT NULL CHECK (purpose IN ('answer_link', 'reply_address', 'unsubscribe', 'verify_email',
                                                   'privacy_export', 'privacy_delete')),
  staff_id        TEXT REFERENCES staff (id),
  visitor_id      TEXT REFERENCES visitors (id),
  conversation_id TEXT REFERENCES conversations (id),
  expires_at      INTEGER NOT NULL,
  created_at      INTEGER NOT NULL,
  CHECK ((purpose IN ('answer_link', 'reply_address')) = (staff_id IS NOT NULL AND visitor_id IS NULL))
) WITHOUT ROWID;
INSERT INTO tokens_next SELECT hash, purpose, staff_id, visitor_id, conversation_id, expires_at, created_at FROM tokens;
DROP TABLE tokens;
ALTER TABLE tokens_next RENAME TO tokens;
CREATE INDEX tokens_by_expiry ON tokens (expires_at);
CREATE INDEX tokens_by_visitor ON tokens (visitor_id);

CREATE TABLE outbox_next (
  id              TEXT PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('new_comment', 'assigned', 'digest', 'visitor_reply', 'fresh_link',
                                                'verify_email', 'privacy_link')),
  payload         TEXT NOT NULL CHECK (json_valid(payload)),
  dedupe_key      TEXT UNIQUE,
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT,
  created_at      INTEGER NOT NULL,
  sent_at         INTEGER
);
INSERT INTO outbox_next SELECT id, kind, payload, dedupe_key, status, attempts, next_attempt_at, last_error, created_at, sent_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_next RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
