-- The language each person's email is written in (a tag of schema/api/locale.ts: en, fr, de, es, ar). A visitor's is
-- the one they last posted in on the site (a comment's optional `locale`); a member of staff's is a setting of their
-- profile in the org config. Rows from before this read as English. No CHECK: the values are checked where they
-- enter, and a language added later must not need a table rebuild; a reader takes anything it does not know as English.
ALTER TABLE visitors ADD COLUMN locale TEXT NOT NULL DEFAULT 'en';
ALTER TABLE staff ADD COLUMN locale TEXT NOT NULL DEFAULT 'en';
