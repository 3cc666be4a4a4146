-- Core tables of Byline. Ids are TEXT, times are epoch milliseconds, states are CHECKed strings.

CREATE TABLE orgs (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE sites (
  id         TEXT PRIMARY KEY,
  org_id     TEXT NOT NULL REFERENCES orgs (id),
  name       TEXT NOT NULL,
  settings   TEXT NOT NULL CHECK (json_valid(settings)),
  active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX sites_by_org ON sites (org_id);

CREATE TABLE site_origins (
  site_id TEXT NOT NULL REFERENCES sites (id),
  origin  TEXT NOT NULL,
  PRIMARY KEY (site_id, origin)
) WITHOUT ROWID;

-- Staff are never deleted: their past replies keep their byline. A member missing from the config is deactivated.
CREATE TABLE staff (
  id          TEXT PRIMARY KEY,
  org_id      TEXT NOT NULL REFERENCES orgs (id),
  handle      TEXT NOT NULL,
  name        TEXT NOT NULL,
  role        TEXT NOT NULL,
  email       TEXT NOT NULL,
  photo_url   TEXT,
  bio         TEXT NOT NULL DEFAULT '',
  disclaimer  TEXT,
  time_zone   TEXT NOT NULL DEFAULT 'UTC',
  digest      TEXT NOT NULL CHECK (json_valid(digest)),
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  UNIQUE (org_id, handle)
);

CREATE TABLE routing_rules (
  site_id  TEXT NOT NULL REFERENCES sites (id),
  position INTEGER NOT NULL,
  rule     TEXT NOT NULL CHECK (json_valid(rule)),
  PRIMARY KEY (site_id, position)
) WITHOUT ROWID;

-- A page is created the first time a widget shows it; key is the embed's page id or the URL path.
CREATE TABLE pages (
  id         TEXT PRIMARY KEY,
  site_id    TEXT NOT NULL REFERENCES sites (id),
  key        TEXT NOT NULL,
  url        TEXT NOT NULL,
  title      TEXT,
  topic      TEXT,
  created_at INTEGER NOT NULL,
  UNIQUE (site_id, key)
);

-- A visitor is an email address on one site. The email is private: it never appears in a public answer.
CREATE TABLE visitors (
  id         TEXT PRIMARY KEY,
  site_id    TEXT NOT NULL REFERENCES sites (id),
  email      TEXT NOT NULL,
  name       TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (site_id, email)
);

-- One visitor comment and the replies under it, assigned to one member of staff.
CREATE TABLE conversations (
  id                TEXT PRIMARY KEY,
  site_id           TEXT NOT NULL REFERENCES sites (id),
  page_id           TEXT NOT NULL REFERENCES pages (id),
  visitor_id        TEXT NOT NULL REFERENCES visitors (id),
  assigned_staff_id TEXT NOT NULL REFERENCES staff (id),
  status            TEXT NOT NULL CHECK (status IN ('awaiting', 'answered', 'closed')),
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL
);
CREATE INDEX conversations_by_page ON conversations (page_id, created_at);
CREATE INDEX conversations_by_assignee ON conversations (assigned_staff_id, status);

CREATE TABLE comments (
  id              TEXT PRIMARY KEY,
  site_id         TEXT NOT NULL REFERENCES sites (id),
  page_id         TEXT NOT NULL REFERENCES pages (id),
  conversation_id TEXT NOT NULL REFERENCES conversations (id),
  author_kind     TEXT NOT NULL CHECK (author_kind IN ('visitor', 'staff')),
  visitor_id      TEXT REFERENCES visitors (id),
  staff_id        TEXT REFERENCES staff (id),
  author_name     TEXT NOT NULL,
  body            TEXT NOT NULL,
  body_doc        TEXT NOT NULL CHECK (json_valid(body_doc)),
  status          TEXT NOT NULL CHECK (status IN ('published', 'pending', 'hidden', 'deleted')),
  idempotency_key TEXT,
  request_hash    TEXT,
  created_at      INTEGER NOT NULL,
  edited_at       INTEGER,
  -- A comment is a visitor's or a member of staff's, never both, never neither.
  CHECK ((author_kind = 'visitor' AND visitor_id IS NOT NULL AND staff_id IS NULL)
      OR (author_kind = 'staff' AND staff_id IS NOT NULL AND visitor_id IS NULL))
);
CREATE INDEX comments_by_page ON comments (page_id, status, created_at);
CREATE INDEX comments_by_conversation ON comments (conversation_id, created_at);
CREATE UNIQUE INDEX comments_by_idempotency_key ON comments (site_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;

-- Every change of who answers a conversation, with why.
CREATE TABLE assignments (
  id              TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations (id),
  from_staff_id   TEXT REFERENCES staff (id),
  to_staff_id     TEXT NOT NULL REFERENCES staff (id),
  reason          TEXT NOT NULL CHECK (reason IN ('default_responder', 'rule', 'away', 'escalation', 'handover')),
  note            TEXT,
  created_at      INTEGER NOT NULL
);
CREATE INDEX assignments_by_conversation ON assignments (conversation_id, created_at);

-- Mail to send, written in the same batch as the change that causes it; the cron delivers and retries.
CREATE TABLE outbox (
  id              TEXT PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('new_comment')),
  payload         TEXT NOT NULL CHECK (json_valid(payload)),
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT,
  created_at      INTEGER NOT NULL,
  sent_at         INTEGER
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
