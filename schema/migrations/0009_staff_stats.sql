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
  refreshed_at          INTEGER NOT NULL DEFAULT 0,
  -- Bumped by the triggers below whenever a row the record is made of changes; the roll-up notes the one it saw, so
  -- a reaction whose change an earlier roll-up already took in has nothing to do (a burst costs one roll-up).
  version               INTEGER NOT NULL DEFAULT 0,
  rolled_version        INTEGER NOT NULL DEFAULT -1
);
CREATE INDEX staff_stats_by_age ON staff_stats (refreshed_at);

-- The roll-up reads a person's window of conversations by assignee and by first replier, and for each whether a
-- visitor's comment is still published: these indexes cover all it reads (no table row per conversation), which
-- makes it several times cheaper for someone with thousands of conversations in the window. Same names, wider.
DROP INDEX conversations_by_assignee_time;
CREATE INDEX conversations_by_assignee_time ON conversations (assigned_staff_id, created_at, held, status, first_reply_at, id);
DROP INDEX conversations_by_first_replier;
CREATE INDEX conversations_by_first_replier ON conversations (first_reply_by, created_at, held, status, first_reply_at, id);
CREATE INDEX comments_by_conversation_author ON comments (conversation_id, author_kind, status);

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

-- What the record is made of: a conversation's state, hands, times and first replier, and its comments' states.
CREATE TRIGGER staff_stats_touch_on_conversation_insert AFTER INSERT ON conversations BEGIN
  UPDATE staff_stats SET version = version + 1 WHERE staff_id IN (NEW.assigned_staff_id, NEW.first_reply_by);
END;

CREATE TRIGGER staff_stats_touch_on_conversation_update
  AFTER UPDATE OF held, status, assigned_staff_id, first_reply_by, first_reply_at, created_at ON conversations
BEGIN
  UPDATE staff_stats SET version = version + 1
   WHERE staff_id IN (OLD.assigned_staff_id, NEW.assigned_staff_id, OLD.first_reply_by, NEW.first_reply_by);
END;

CREATE TRIGGER staff_stats_touch_on_conversation_delete AFTER DELETE ON conversations BEGIN
  UPDATE staff_stats SET version = version + 1 WHERE staff_id IN (OLD.assigned_staff_id, OLD.first_reply_by);
END;

CREATE TRIGGER staff_stats_touch_on_comment_insert AFTER INSERT ON comments BEGIN
  UPDATE staff_stats SET version = version + 1
   WHERE staff_id IN (SELECT assigned_staff_id FROM conversations WHERE id = NEW.conversation_id
                      UNION ALL SELECT first_reply_by FROM conversations WHERE id = NEW.conversation_id);
END;

CREATE TRIGGER staff_stats_touch_on_comment_update AFTER UPDATE OF status, author_kind, conversation_id ON comments BEGIN
  UPDATE staff_stats SET version = version + 1
   WHERE staff_id IN (SELECT assigned_staff_id FROM conversations WHERE id IN (OLD.conversation_id, NEW.conversation_id)
                      UNION ALL SELECT first_reply_by FROM conversations WHERE id IN (OLD.conversation_id, NEW.conversation_id));
END;

CREATE TRIGGER staff_stats_touch_on_comment_delete AFTER DELETE ON comments BEGIN
  UPDATE staff_stats SET version = version + 1
   WHERE staff_id IN (SELECT assigned_staff_id FROM conversations WHERE id = OLD.conversation_id
                      UNION ALL SELECT first_reply_by FROM conversations WHERE id = OLD.conversation_id);
END;

-- Back-fill: everyone's open count, then their record as of now, rolled up as worker/src/store/stats.ts does it
-- (the same fair conversations, the same interpolated percentiles); from here on triggers, reaction and cron keep it.
INSERT INTO staff_stats (staff_id, open_count)
SELECT s.id, (SELECT count(*) FROM conversations v WHERE v.assigned_staff_id = s.id AND v.status = 'awaiting') FROM staff s;

UPDATE staff_stats SET
  (conversations, answered) = (
    SELECT count(*), count(v.first_reply_at) FROM conversations v
     WHERE v.assigned_staff_id = staff_stats.staff_id AND v.created_at >= CAST(strftime('%s', 'now') AS INTEGER) * 1000 - 90 * 86400000
              AND v.held = 0
              AND NOT (v.status = 'closed' AND v.first_reply_at IS NULL)
              AND EXISTS (SELECT 1 FROM comments c WHERE c.conversation_id = v.id AND c.author_kind = 'visitor' AND c.status = 'published')),
  (timed_replies, median_first_reply_ms, p90_first_reply_ms) = (
    SELECT coalesce(max(n), 0),
           sum(wait * CASE i WHEN cast((0.5 * (n - 1)) AS INTEGER) THEN 1 - ((0.5 * (n - 1)) - cast((0.5 * (n - 1)) AS INTEGER)) WHEN cast((0.5 * (n - 1)) AS INTEGER) + 1 THEN (0.5 * (n - 1)) - cast((0.5 * (n - 1)) AS INTEGER) ELSE 0 END),
           sum(wait * CASE i WHEN cast((0.9 * (n - 1)) AS INTEGER) THEN 1 - ((0.9 * (n - 1)) - cast((0.9 * (n - 1)) AS INTEGER)) WHEN cast((0.9 * (n - 1)) AS INTEGER) + 1 THEN (0.9 * (n - 1)) - cast((0.9 * (n - 1)) AS INTEGER) ELSE 0 END)
      FROM (SELECT v.first_reply_at - v.created_at AS wait,
                   row_number() OVER (ORDER BY v.first_reply_at - v.created_at) - 1 AS i, count(*) OVER () AS n
              FROM conversations v
             WHERE v.first_reply_by = staff_stats.staff_id AND v.created_at >= CAST(strftime('%s', 'now') AS INTEGER) * 1000 - 90 * 86400000
              AND v.held = 0
              AND NOT (v.status = 'closed' AND v.first_reply_at IS NULL)
              AND EXISTS (SELECT 1 FROM comments c WHERE c.conversation_id = v.id AND c.author_kind = 'visitor' AND c.status = 'published'))),
  refreshed_at = CAST(strftime('%s', 'now') AS INTEGER) * 1000,
  rolled_version = version;
