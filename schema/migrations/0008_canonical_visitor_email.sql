-- One visitor per address, whatever its case: `visitors.email` becomes the address's canonical form (the key
-- for bans, verification, unsubscribe, rate limits and ownership) and `address` keeps it as typed, for sending.
ALTER TABLE visitors ADD COLUMN address TEXT;
UPDATE visitors SET address = email;
-- Earlier visitors that differ only in case stay apart rather than be merged silently; new ones are one.
UPDATE visitors SET email = lower(email)
 WHERE email NOT LIKE 'deleted:%'
   AND NOT EXISTS (SELECT 1 FROM visitors o WHERE o.site_id = visitors.site_id AND o.email = lower(visitors.email) AND o.id <> visitors.id);
UPDATE OR IGNORE bans SET value = lower(value) WHERE kind = 'email';

-- A confirmed address is trusted only in the browser that confirmed it (a signed credential), so the visitor row
-- no longer says "verified" for everyone who types the address; verified_at stays as the history of it.
