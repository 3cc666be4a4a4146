-- Each person's figures, kept beside them so a thread read or a post never counts conversations: open_count is
-- kept exact by triggers in the transaction of every change to a conversation, whichever code path makes it;
-- the 90-day record (conversations that waited for an answer, how many got one, median and p90 time to the first
-- reply) is rolled up by worker/src/store/stats.ts after each change that moves it, and by the cron as the window
-- slides. A table rebuild of `conversations` in a later migration must create these triggers again.

CREATE TABLE staff_stats (
  staff_id              TEXT PRIMARY KEY REFERENCES staff (id) ON DELETE CASCADE,
  -- Conversations with status 'awaiting' assigned to them now: what routing's "fewest open" compares.
  open_count            INTEGER NOT NULL DEFAULT 0,
  -- The rolled-up record over the window, as of refreshed_at.
  conversations         INTEGER NOT NULL DEFAULT 0,
  answered              INTEGER NOT NULL DEFAULT 0,
  -- How many first replies the two times below are taken over (the same fairness threshold applies to them).
  timed_replies         INTEGER NOT NULL DEFAULT 0,
  median_first_reply_ms REAL,
  p90_first_reply_ms    REAL,
  refreshed_at          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX staff_stats_by_age ON staff_stats (refreshed_at);

-- No CHECK (open_count >= 0): a drifted count must never refuse a visitor's comment.
CREATE TRIGGER staff_stats_for_new_staff AFTER INSERT ON staff BEGIN
  INSERT OR IGNORE INTO staff_stats (staff_id) VALUES (NEW.id);
END;

CREATE TRIGGER staff_stats_open_on_insert AFTER INSERT ON conversations WHEN NEW.status = 'awaiting' BEGIN
  INSERT OR IGNORE INTO staff_stats (staff_id) VALUES (NEW.assigned_staff_id);
  UPDATE staff_stats SET open_count = open_count + 1 WHERE staff_id = NEW.assigned_staff_id;
END;

CREATE TRIGGER staff_stats_open_on_update AFTER UPDATE OF status, assigned_staff_id ON conversations
  WHEN (OLD.status = 'awaiting') <> (NEW.status = 'awaiting') OR (NEW.status = 'awaiting' AND OLD.assigned_staff_id <> NEW.assigned_staff_id)
BEGIN
  INSERT OR IGNORE INTO staff_stats (staff_id) VALUES (NEW.assigned_staff_id);
  UPDATE staff_stats SET open_count = open_count - 1 WHERE staff_id = OLD.assigned_staff_id AND OLD.status = 'awaiting';
  UPDATE staff_stats SET open_count = open_count + 1 WHERE staff_id = NEW.assigned_staff_id AND NEW.status = 'awaiting';
END;

CREATE TRIGGER staff_stats_open_on_delete AFTER DELETE ON conversations WHEN OLD.status = 'awaiting' BEGIN
  UPDATE staff_stats SET open_count = open_count - 1 WHERE staff_id = OLD.assigned_staff_id;
END;

-- Back-fill everyone's row as worker/src/store/stats.ts rolls it up (the same fair conversations, the same
-- interpolated percentiles), as of now; from here on the triggers, the reaction and the cron keep it.
INSERT INTO staff_stats (staff_id, open_count, conversations, answered, timed_replies, median_first_reply_ms, p90_first_reply_ms, refreshed_at)
WITH clock AS (SELECT CAST(strftime('%s', 'now') AS INTEGER) * 1000 AS now),
     fair AS (
       SELECT v.assigned_staff_id, v.first_reply_by, v.first_reply_at, v.created_at FROM conversations v
        WHERE v.created_at >= (SELECT now FROM clock) - 90 * 86400000
          AND v.held = 0
          AND NOT (v.status = 'closed' AND v.first_reply_at IS NULL)
          AND EXISTS (SELECT 1 FROM comments c WHERE c.conversation_id = v.id AND c.author_kind = 'visitor' AND c.status = 'published')),
     load AS (SELECT assigned_staff_id AS staff_id, count(*) AS total, count(first_reply_at) AS answered FROM fair GROUP BY assigned_staff_id),
     waits AS (
       SELECT first_reply_by AS staff_id, first_reply_at - created_at AS wait,
              row_number() OVER (PARTITION BY first_reply_by ORDER BY first_reply_at - created_at) - 1 AS i,
              count(*) OVER (PARTITION BY first_reply_by) AS n
         FROM fair WHERE first_reply_by IS NOT NULL),
     times AS (
       SELECT staff_id, max(n) AS timed,
              sum(wait * CASE i WHEN cast(0.5 * (n - 1) AS INTEGER) THEN 1 - (0.5 * (n - 1) - cast(0.5 * (n - 1) AS INTEGER))
                                WHEN cast(0.5 * (n - 1) AS INTEGER) + 1 THEN 0.5 * (n - 1) - cast(0.5 * (n - 1) AS INTEGER) ELSE 0 END) AS median,
              sum(wait * CASE i WHEN cast(0.9 * (n - 1) AS INTEGER) THEN 1 - (0.9 * (n - 1) - cast(0.9 * (n - 1) AS INTEGER))
                                WHEN cast(0.9 * (n - 1) AS INTEGER) + 1 THEN 0.9 * (n - 1) - cast(0.9 * (n - 1) AS INTEGER) ELSE 0 END) AS p90
         FROM waits GROUP BY staff_id)
SELECT s.id, (SELECT count(*) FROM conversations v WHERE v.assigned_staff_id = s.id AND v.status = 'awaiting'),
       coalesce(l.total, 0), coalesce(l.answered, 0), coalesce(t.timed, 0), t.median, t.p90, (SELECT now FROM clock)
  FROM staff s LEFT JOIN load l ON l.staff_id = s.id LEFT JOIN times t ON t.staff_id = s.id;
