-- The cron clears ended console sessions and old sign-in links each tick: by expiry, through indexes, never a
-- scan of every session or link ever issued.
CREATE INDEX admin_sessions_by_expiry ON admin_sessions (expires_at);
CREATE INDEX admin_sessions_by_last_seen ON admin_sessions (last_seen_at);
CREATE INDEX console_sign_in_tokens_by_expiry ON console_sign_in_tokens (expires_at);
