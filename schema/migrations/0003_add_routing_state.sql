-- Named responders: away periods and delegates, round-robin turns, reply-time history, escalation,
-- and the reasons an assignment can have.

PRAGMA defer_foreign_keys = true;

ALTER TABLE staff ADD COLUMN away TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(away));
ALTER TABLE staff ADD COLUMN delegate_handle TEXT;

-- When the visitor started waiting (reset when they write again after an answer), and what happened since.
ALTER TABLE conversations ADD COLUMN awaiting_since INTEGER;
ALTER TABLE conversations ADD COLUMN first_reply_at INTEGER;
ALTER TABLE conversations ADD COLUMN first_reply_by TEXT REFERENCES staff (id);
ALTER TABLE conversations ADD COLUMN lead_staff_id TEXT REFERENCES staff (id);
ALTER TABLE conversations ADD COLUMN escalated_at INTEGER;
UPDATE conversations SET awaiting_since = created_at WHERE status = 'awaiting';
CREATE INDEX conversations_overdue ON conversations (status, escalated_at, awaiting_since);
CREATE INDEX conversations_by_first_replier ON conversations (first_reply_by, created_at);
CREATE INDEX conversations_by_assignee_time ON conversations (assigned_staff_id, created_at);

-- Round-robin pools remember whose turn it is, so rotation is fair over time and survives restarts.
CREATE TABLE routing_turns (
  site_id  TEXT NOT NULL REFERENCES sites (id),
  pool_key TEXT NOT NULL,
  turn     INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (site_id, pool_key)
) WITHOUT ROWID;

-- SQLite cannot change a CHECK: rebuild assignments with every reason a hand can change.
CREATE TABLE assignments_next (
  id              TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations (id),
  from_staff_id   TEXT REFERENCES staff (id),
  to_staff_id     TEXT NOT NULL REFERENCES staff (id),
  reason          TEXT NOT NULL CHECK (reason IN ('default_responder', 'explicit', 'rule', 'pool', 'away', 'fallback',
                                                  'escalation', 'handover')),
  note            TEXT,
  created_at      INTEGER NOT NULL
);
INSERT INTO assignments_next SELECT id, conversation_id, from_staff_id, to_staff_id, reason, note, created_at FROM assignments;
DROP TABLE assignments;
ALTER TABLE assignments_next RENAME TO assignments;
CREATE INDEX assignments_by_conversation ON assignments (conversation_id, created_at);

-- And the outbox, for the notice a new assignee gets when a conversation is handed to them.
CREATE TABLE outbox_next (
  id              TEXT PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('new_comment', 'assigned')),
  payload         TEXT NOT NULL CHECK (json_valid(payload)),
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT,
  created_at      INTEGER NOT NULL,
  sent_at         INTEGER
);
INSERT INTO outbox_next SELECT id, kind, payload, status, attempts, next_attempt_at, last_error, created_at, sent_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_next RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
