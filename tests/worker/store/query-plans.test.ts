import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'

/*
 * Every query a thread read or a post runs must use an index. SQLite says "SCAN <table>" when it reads a
 * whole table; a search through an index reads "SEARCH ... USING INDEX" or "USING ... PRIMARY KEY".
 */
async function plan(sql: string, ...binds: unknown[]): Promise<string[]> {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...binds).all<{ detail: string }>()
  return results.map((r) => r.detail)
}

// Scanning json_each (a bound list), a subquery's few rows or the constant row of a FROM-less SELECT is fine; a table is not.
const fullScans = (details: string[]) =>
  details.filter((d) => /^SCAN (?!json_each|\(subquery|CONSTANT ROW)/.test(d) && !/USING (COVERING )?INDEX/.test(d))

describe('query plans of the hot paths', () => {
  it.each([
    ['site with origins and rules', `SELECT s.id, (SELECT json_group_array(origin) FROM site_origins WHERE site_id = s.id), (SELECT json_group_array(json(rule)) FROM (SELECT rule FROM routing_rules WHERE site_id = s.id ORDER BY position)) FROM sites s WHERE s.id = ?1 AND s.active = 1`, 's'],
    ['page by key', `SELECT id FROM pages WHERE site_id = ?1 AND key = ?2`, 's', 'k'],
    ['thread comments', `SELECT c.id FROM comments c JOIN conversations v ON v.id = c.conversation_id WHERE c.page_id = (SELECT id FROM pages WHERE site_id = ?1 AND key = ?2) AND c.status = 'published' ORDER BY v.created_at, v.id, c.created_at, c.id LIMIT 10`, 's', 'k'],
    ['staff of an org with their open load', `SELECT s.id, (SELECT count(*) FROM conversations v WHERE v.assigned_staff_id = s.id AND v.status = 'awaiting') FROM staff s WHERE s.org_id = ?1 ORDER BY s.handle`, 'o'],
    ['hand-overs of a page', `SELECT a.id FROM assignments a JOIN conversations v ON v.id = a.conversation_id WHERE v.page_id = (SELECT id FROM pages WHERE site_id = ?1 AND key = ?2) AND a.from_staff_id IS NOT NULL ORDER BY a.created_at, a.id`, 's', 'k'],
    ['round-robin turns of a site', `SELECT pool_key, turn FROM routing_turns WHERE site_id = ?1`, 's'],
    ['load of responders', `SELECT assigned_staff_id, count(*), count(first_reply_at) FROM conversations WHERE assigned_staff_id IN (SELECT value FROM json_each(?1)) AND created_at >= ?2 GROUP BY assigned_staff_id`, '["a"]', 0],
    ['first-reply waits of responders', `SELECT first_reply_by, first_reply_at - created_at FROM conversations WHERE first_reply_by IN (SELECT value FROM json_each(?1)) AND created_at >= ?2`, '["a"]', 0],
    ['visitor standing (confirmed, approved before, banned)', `SELECT (SELECT verified_at IS NOT NULL FROM visitors WHERE site_id = ?1 AND email = ?2), EXISTS (SELECT 1 FROM comments c JOIN visitors v ON v.id = c.visitor_id WHERE v.site_id = ?1 AND v.email = ?2 AND c.status = 'published'), EXISTS (SELECT 1 FROM bans WHERE site_id = ?1 AND ((kind = 'email' AND value = ?2) OR (kind = 'ip' AND value = ?3)))`, 's', 'e', 'i'],
    ['moderation queue', `SELECT c.id FROM comments c JOIN pages p ON p.id = c.page_id JOIN visitors v ON v.id = c.visitor_id WHERE c.site_id = ?1 AND c.status = 'pending' ORDER BY c.created_at LIMIT 200`, 's'],
    ['token by hash', `SELECT staff_id FROM tokens WHERE hash = ?1 AND purpose = ?2`, 'h', 'answer_link'],
    ['comment by id', `SELECT id, site_id, owner_token_hash FROM comments WHERE id = ?1`, 'c'],
    ['overdue conversations', `SELECT v.id FROM conversations v JOIN sites s ON s.id = v.site_id WHERE v.status = 'awaiting' AND v.escalated_at IS NULL AND v.awaiting_since + json_extract(s.settings, '$.replyTargetHours') * 3600000 <= ?1 ORDER BY v.awaiting_since LIMIT 100`, 0],
    ['comment by idempotency key', `SELECT id FROM comments WHERE site_id = ?1 AND idempotency_key = ?2`, 's', 'k'],
    ['conversation on a page', `SELECT v.id FROM conversations v JOIN pages p ON p.id = v.page_id WHERE v.id = ?1 AND v.site_id = ?2 AND p.key = ?3`, 'c', 's', 'k'],
    ['visitor by email', `SELECT id FROM visitors WHERE site_id = ?1 AND email = ?2`, 's', 'e'],
    ['due outbox rows', `SELECT id FROM outbox WHERE status IN ('pending', 'sending') AND next_attempt_at <= ?1 ORDER BY next_attempt_at LIMIT 50`, 1],
  ])('%s uses an index', async (_, sql, ...binds) => {
    const details = await plan(sql, ...binds)
    expect(details.length).toBeGreaterThan(0)
    expect(fullScans(details)).toEqual([])
  })
})
