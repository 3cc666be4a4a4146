-- Staff answer from email: link and reply-address tokens, inbound mail, visitor notifications and their
-- unsubscribes, digests in the outbox, and the raw message the development mailer keeps.

PRAGMA defer_foreign_keys = true;

-- Credentials sent by email. Only the SHA-256 of a token is stored; each is scoped to one purpose and expires.
CREATE TABLE tokens (
  hash            TEXT PRIMARY KEY,
  purpose         TEXT NOT NULL CHECK (purpose IN ('answer_link', 'reply_address', 'unsubscribe')),
  staff_id        TEXT REFERENCES staff (id),
  visitor_id      TEXT REFERENCES visitors (id),
  conversation_id TEXT REFERENCES conversations (id),
  expires_at      INTEGER NOT NULL,
  created_at      INTEGER NOT NULL,
  CHECK ((purpose = 'unsubscribe') = (visitor_id IS NOT NULL AND staff_id IS NULL))
) WITHOUT ROWID;
CREATE INDEX tokens_by_expiry ON tokens (expires_at);

-- Every email that reached the inbound handler and what became of it. One row per Message-ID: a second
-- delivery of the same message cannot publish a second reply.
CREATE TABLE inbound_messages (
  id           TEXT PRIMARY KEY,
  message_id   TEXT NOT NULL,
  from_address TEXT NOT NULL,
  outcome      TEXT NOT NULL CHECK (outcome IN ('published', 'ignored', 'rejected')),
  reason       TEXT,
  comment_id   TEXT REFERENCES comments (id),
  received_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX inbound_by_message_id ON inbound_messages (message_id);

-- Visitors can stop notifications for one conversation, or for all of theirs on the site.
ALTER TABLE visitors ADD COLUMN unsubscribed_at INTEGER;
CREATE TABLE conversation_mutes (
  conversation_id TEXT NOT NULL REFERENCES conversations (id),
  visitor_id      TEXT NOT NULL REFERENCES visitors (id),
  created_at      INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, visitor_id)
) WITHOUT ROWID;

ALTER TABLE dev_mail ADD COLUMN raw TEXT NOT NULL DEFAULT '';

-- The outbox learns digests, visitor notices and fresh links; dedupe_key makes "one digest per person per
-- slot" a constraint rather than a hope.
CREATE TABLE outbox_next (
  id              TEXT PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('new_comment', 'assigned', 'digest', 'visitor_reply', 'fresh_link')),
  payload         TEXT NOT NULL CHECK (json_valid(payload)),
  dedupe_key      TEXT UNIQUE,
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT,
  created_at      INTEGER NOT NULL,
  sent_at         INTEGER
);
INSERT INTO outbox_next (id, kind, payload, status, attempts, next_attempt_at, last_error, created_at, sent_at)
  SELECT id, kind, payload, status, attempts, next_attempt_at, last_error, created_at, sent_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_next RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
