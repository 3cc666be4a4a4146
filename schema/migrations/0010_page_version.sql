-- Versions a thread's ETag is made of, bumped by triggers in the transaction of every change, whichever code path
-- makes it (post, edit, delete, moderation, staff reply, hand-over, escalation, close, erase, config, cron roll-up).
--
-- pages.version: the page's own rows changed (its comments, conversations, assignments).
-- orgs.thread_version: something outside the page that a thread shows changed: staff profiles and away periods,
-- who routing would pick (open counts, round-robin turns), the responders' record. A thread names the responder a
-- new comment would go to, with their record, so every page of an org depends on these.
-- The site's own row (settings, origins, rules) is read whole with the versions, so it needs no counter; the clock
-- (away periods) is a time bucket in the tag (see routes/public.ts). A table rebuild of comments, conversations,
-- assignments, staff, staff_stats or routing_turns in a later migration must create these triggers again.

ALTER TABLE pages ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orgs ADD COLUMN thread_version INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER page_version_on_comment_insert AFTER INSERT ON comments BEGIN
  UPDATE pages SET version = version + 1 WHERE id = NEW.page_id;
  UPDATE orgs SET thread_version = thread_version + 1 WHERE id = (SELECT org_id FROM sites WHERE id = NEW.site_id);
END;
CREATE TRIGGER page_version_on_comment_update AFTER UPDATE ON comments BEGIN
  UPDATE pages SET version = version + 1 WHERE id IN (OLD.page_id, NEW.page_id);
  UPDATE orgs SET thread_version = thread_version + 1 WHERE id = (SELECT org_id FROM sites WHERE id = NEW.site_id);
END;
CREATE TRIGGER page_version_on_comment_delete AFTER DELETE ON comments BEGIN
  UPDATE pages SET version = version + 1 WHERE id = OLD.page_id;
  UPDATE orgs SET thread_version = thread_version + 1 WHERE id = (SELECT org_id FROM sites WHERE id = OLD.site_id);
END;

-- Conversations move open counts and the record too, so they bump the org as well as the page.
CREATE TRIGGER page_version_on_conversation_insert AFTER INSERT ON conversations BEGIN
  UPDATE pages SET version = version + 1 WHERE id = NEW.page_id;
  UPDATE orgs SET thread_version = thread_version + 1 WHERE id = (SELECT org_id FROM sites WHERE id = NEW.site_id);
END;
CREATE TRIGGER page_version_on_conversation_update AFTER UPDATE ON conversations BEGIN
  UPDATE pages SET version = version + 1 WHERE id IN (OLD.page_id, NEW.page_id);
  UPDATE orgs SET thread_version = thread_version + 1 WHERE id = (SELECT org_id FROM sites WHERE id = NEW.site_id);
END;
CREATE TRIGGER page_version_on_conversation_delete AFTER DELETE ON conversations BEGIN
  UPDATE pages SET version = version + 1 WHERE id = OLD.page_id;
  UPDATE orgs SET thread_version = thread_version + 1 WHERE id = (SELECT org_id FROM sites WHERE id = OLD.site_id);
END;

-- Hand-overs are shown in the thread.
CREATE TRIGGER page_version_on_assignment_insert AFTER INSERT ON assignments BEGIN
  UPDATE pages SET version = version + 1 WHERE id = (SELECT page_id FROM conversations WHERE id = NEW.conversation_id);
END;
CREATE TRIGGER page_version_on_assignment_update AFTER UPDATE ON assignments BEGIN
  UPDATE pages SET version = version + 1 WHERE id IN (SELECT page_id FROM conversations WHERE id IN (OLD.conversation_id, NEW.conversation_id));
END;
CREATE TRIGGER page_version_on_assignment_delete AFTER DELETE ON assignments BEGIN
  UPDATE pages SET version = version + 1 WHERE id = (SELECT page_id FROM conversations WHERE id = OLD.conversation_id);
END;

CREATE TRIGGER thread_version_on_staff_insert AFTER INSERT ON staff BEGIN
  UPDATE orgs SET thread_version = thread_version + 1 WHERE id = NEW.org_id;
END;
CREATE TRIGGER thread_version_on_staff_update AFTER UPDATE ON staff BEGIN
  UPDATE orgs SET thread_version = thread_version + 1 WHERE id IN (OLD.org_id, NEW.org_id);
END;
CREATE TRIGGER thread_version_on_staff_delete AFTER DELETE ON staff BEGIN
  UPDATE orgs SET thread_version = thread_version + 1 WHERE id = OLD.org_id;
END;

-- Open counts and the rolled-up record (the cron refreshes it as the window slides).
CREATE TRIGGER thread_version_on_staff_stats_insert AFTER INSERT ON staff_stats BEGIN
  UPDATE orgs SET thread_version = thread_version + 1 WHERE id = (SELECT org_id FROM staff WHERE id = NEW.staff_id);
END;
CREATE TRIGGER thread_version_on_staff_stats_update AFTER UPDATE ON staff_stats BEGIN
  UPDATE orgs SET thread_version = thread_version + 1 WHERE id = (SELECT org_id FROM staff WHERE id = NEW.staff_id);
END;

CREATE TRIGGER thread_version_on_turn_insert AFTER INSERT ON routing_turns BEGIN
  UPDATE orgs SET thread_version = thread_version + 1 WHERE id = (SELECT org_id FROM sites WHERE id = NEW.site_id);
END;
CREATE TRIGGER thread_version_on_turn_update AFTER UPDATE ON routing_turns BEGIN
  UPDATE orgs SET thread_version = thread_version + 1 WHERE id = (SELECT org_id FROM sites WHERE id = NEW.site_id);
END;
