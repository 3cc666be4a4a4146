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

// Scanning json_each (a bound list) or a subquery's few rows is fine; scanning a table is not.
const fullScans = (details: string[]) =>
  details.filter((d) => /^SCAN (?!json_each|\(subquery)/.test(d) && !/USING (COVERING )?INDEX/.test(d))

describe('query plans of the hot paths', () => {
  it.each([
    ['site with origins and rules', `SELECT s.id, (SELECT json_group_array(origin) FROM site_origins WHERE site_id = s.id), (SELECT json_group_array(json(rule)) FROM (SELECT rule FROM routing_rules WHERE site_id = s.id ORDER BY position)) FROM sites s WHERE s.id = ?1 AND s.active = 1`, 's'],
    ['page by key', `SELECT id FROM pages WHERE site_id = ?1 AND key = ?2`, 's', 'k'],
    ['thread comments', `SELECT c.id FROM comments c JOIN conversations v ON v.id = c.conversation_id WHERE c.page_id = (SELECT id FROM pages WHERE site_id = ?1 AND key = ?2) AND c.status = 'published' ORDER BY v.created_at, v.id, c.created_at, c.id LIMIT 10`, 's', 'k'],
    ['staff of an org', `SELECT id FROM staff WHERE org_id = ?1 ORDER BY handle`, 'o'],
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
