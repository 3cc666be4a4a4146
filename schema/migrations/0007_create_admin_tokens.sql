-- Admin credentials per organisation: every admin query is scoped to the organisation its credential names.
-- Only the token's SHA-256 is stored; the token itself is shown once, to whoever created it. The deployment's
-- own token (ADMIN_API_TOKEN) only bootstraps an organisation (its config and its first credentials).
CREATE TABLE admin_tokens (
  hash         TEXT PRIMARY KEY,
  org_id       TEXT NOT NULL REFERENCES orgs (id),
  label        TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  revoked_at   INTEGER
);
CREATE INDEX admin_tokens_by_org ON admin_tokens (org_id);
