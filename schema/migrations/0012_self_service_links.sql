-- Credentials learn one purpose for staff: the personal self-service page (profile, digest, away) each staff email
-- links to. Same table, same rule: staff purposes carry a staff id and no visitor.
CREATE TABLE tokens_next (
  hash            TEXT PRIMARY KEY,
  purpose         TEXT NOT NULL CHECK (purpose IN ('answer_link', 'reply_address', 'unsubscribe', 'verify_email',
                                                   'privacy_export', 'privacy_delete', 'self_service')),
  staff_id        TEXT REFERENCES staff (id),
  visitor_id      TEXT REFERENCES visitors (id),
  conversation_id TEXT REFERENCES conversations (id),
  expires_at      INTEGER NOT NULL,
  created_at      INTEGER NOT NULL,
  CHECK ((purpose IN ('answer_link', 'reply_address', 'self_service')) = (staff_id IS NOT NULL AND visitor_id IS NULL))
) WITHOUT ROWID;
INSERT INTO tokens_next SELECT hash, purpose, staff_id, visitor_id, conversation_id, expires_at, created_at FROM tokens;
DROP TABLE tokens;
ALTER TABLE tokens_next RENAME TO tokens;
CREATE INDEX tokens_by_expiry ON tokens (expires_at);
CREATE INDEX tokens_by_visitor ON tokens (visitor_id);
CREATE INDEX tokens_by_visitor_purpose ON tokens (visitor_id, purpose, created_at);
