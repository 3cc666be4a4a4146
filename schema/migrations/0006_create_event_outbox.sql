-- The event outbox: every change writes one typed event in its batch; each reaction to it (a mail today,
-- live updates and webhooks later) is a delivery row with its own lease, backoff and cap. Kinds and
-- reaction names are a registry in code (worker/src/events/), so adding one needs no migration: no CHECK on them.

CREATE TABLE events (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL,
  payload     TEXT NOT NULL CHECK (json_valid(payload)),
  -- One event per key (one digest per slot, one confirmation per ten minutes…); a second is not written.
  dedupe_key  TEXT UNIQUE,
  created_at  INTEGER NOT NULL
);
CREATE INDEX events_kind ON events (kind, created_at);

CREATE TABLE event_deliveries (
  event_id        TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  reaction        TEXT NOT NULL,
  -- '' for the reaction itself; a recipient for each delivery a fan-out reaction splits into.
  target          TEXT NOT NULL DEFAULT '',
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT,
  sent_at         INTEGER,
  PRIMARY KEY (event_id, reaction, target)
);
CREATE INDEX event_deliveries_due ON event_deliveries (status, next_attempt_at);

-- What the old mail outbox still held moves over as the events that caused it, so nothing queued is lost.
INSERT INTO events (id, kind, payload, dedupe_key, created_at)
SELECT id,
       CASE kind
         WHEN 'new_comment' THEN 'comment.posted'
         WHEN 'assigned' THEN 'conversation.handed_over'
         WHEN 'digest' THEN 'digest.due'
         WHEN 'fresh_link' THEN 'answer_link.requested'
         WHEN 'verify_email' THEN 'verification.requested'
         WHEN 'privacy_link' THEN 'privacy.requested'
       END,
       payload, dedupe_key, created_at
  FROM outbox WHERE kind <> 'visitor_reply';
INSERT INTO event_deliveries (event_id, reaction, status, attempts, next_attempt_at, last_error, sent_at)
SELECT id,
       CASE kind
         WHEN 'new_comment' THEN 'mail.responder'
         WHEN 'assigned' THEN 'mail.assignee'
         WHEN 'digest' THEN 'mail.digest'
         WHEN 'fresh_link' THEN 'mail.answer_link'
         WHEN 'verify_email' THEN 'mail.verification'
         WHEN 'privacy_link' THEN 'mail.privacy'
       END,
       status, attempts, next_attempt_at, last_error, sent_at
  FROM outbox WHERE kind <> 'visitor_reply';
-- Visitor notices were one row per visitor: they become one "reply published" event per reply, each visitor a target.
INSERT INTO events (id, kind, payload, created_at)
SELECT 'migrated:' || json_extract(payload, '$.commentId'), 'reply.published',
       json_object('commentId', json_extract(payload, '$.commentId')), min(created_at)
  FROM outbox WHERE kind = 'visitor_reply' GROUP BY json_extract(payload, '$.commentId');
INSERT INTO event_deliveries (event_id, reaction, target, status, next_attempt_at, sent_at)
SELECT 'migrated:' || json_extract(payload, '$.commentId'), 'mail.visitors', '', 'sent', created_at, created_at
  FROM outbox WHERE kind = 'visitor_reply' GROUP BY json_extract(payload, '$.commentId');
INSERT INTO event_deliveries (event_id, reaction, target, status, attempts, next_attempt_at, last_error, sent_at)
SELECT 'migrated:' || json_extract(payload, '$.commentId'), 'mail.visitors', json_extract(payload, '$.visitorId'),
       status, attempts, next_attempt_at, last_error, sent_at
  FROM outbox WHERE kind = 'visitor_reply';

DROP TABLE outbox;

-- How often a confirmation link may be re-sent is read from the tokens a visitor was given.
CREATE INDEX tokens_by_visitor_purpose ON tokens (visitor_id, purpose, created_at);
