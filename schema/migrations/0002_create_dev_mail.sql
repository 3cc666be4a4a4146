-- What the development mailer "sends": read at /dev/mail. Written only when ENVIRONMENT=development.
CREATE TABLE dev_mail (
  id         TEXT PRIMARY KEY,
  to_address TEXT NOT NULL,
  subject    TEXT NOT NULL,
  text_body  TEXT NOT NULL,
  html_body  TEXT NOT NULL,
  headers    TEXT NOT NULL CHECK (json_valid(headers)),
  created_at INTEGER NOT NULL
);
CREATE INDEX dev_mail_by_time ON dev_mail (created_at);
