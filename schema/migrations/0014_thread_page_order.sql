-- A thread is read a page of conversations at a time, by keyset on (created_at, id) in either direction (oldest or
-- newest first): with id in the page's index, the next page starts where the last one ended, with no sort and no
-- rows read before it. Same name, wider.
DROP INDEX conversations_by_page;
CREATE INDEX conversations_by_page ON conversations (page_id, created_at, id);
