import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { PostedComment } from '../../schema'
import { closeConversation } from '../../worker/src/domain/conversation'
import { listStaff, listStaffStatement } from '../../worker/src/store/staff'
import { comment, givenSite, handOver, ORIGIN, orgConfig, orgTokenOf, pageUrl, postComment, staffReply } from './helpers'
import { recordingD1 } from './store/recording-d1'

/*
 * Each person's figures live in their `staff_stats` row, so reads never count conversations. Open counts are kept by
 * triggers in the transaction of every change; these tests change conversations every way the product does (and one
 * way it does not, a raw DELETE) and compare the kept count with a count of the conversations themselves.
 */

/** A question on a page of its own, or (`in`) another comment in a conversation. */
async function ask(site: string, into?: { url: string; conversationId: string }) {
  const url = into?.url ?? pageUrl(`/stats/${crypto.randomUUID()}`)
  const res = await postComment(site, comment({ url, body: 'A question', conversationId: into?.conversationId }))
  expect(res.status).toBe(201)
  const posted = (await res.json()) as PostedComment
  return { ...posted, url, conversationId: posted.comment.conversationId }
}

async function moderate(site: string, commentId: string, action: 'approve' | 'hide' | 'delete') {
  const res = await SELF.fetch(`https://byline.test/v1/admin/comments/${commentId}/moderation`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await orgTokenOf({ site })}`, 'content-type': 'application/json' },
    body: JSON.stringify({ action, reason: action === 'hide' ? 'Spam' : undefined }),
  })
  expect(res.status).toBe(200)
}

async function deleteOwn(c: PostedComment) {
  const res = await SELF.fetch(`https://byline.test/v1/comments/${c.comment.id}`, {
    method: 'DELETE',
    headers: { origin: ORIGIN, authorization: `Bearer ${c.ownerToken}` },
  })
  expect(res.status).toBe(204)
}

/** Open counts by handle: as the store reads them, and as counting the conversations gives them. */
async function openCounts(orgId: string) {
  const kept = Object.fromEntries((await listStaff(env.DB, orgId)).map((s) => [s.handle, s.openCount]))
  const { results } = await env.DB.prepare(
    `SELECT s.handle, (SELECT count(*) FROM conversations v WHERE v.assigned_staff_id = s.id AND v.status = 'awaiting') AS n
       FROM staff s WHERE s.org_id = ?1`,
  )
    .bind(orgId)
    .all<{ handle: string; n: number }>()
  return { kept, counted: Object.fromEntries(results.map((r) => [r.handle, r.n])) }
}

async function expectOpen(orgId: string, expected: Record<string, number>) {
  const { kept, counted } = await openCounts(orgId)
  expect(kept).toEqual(counted)
  expect(kept).toEqual(expected)
}

describe('open counts, kept in the transaction of each change', () => {
  it('follow every post, reply, hand-over, close and deletion', async () => {
    const doc = orgConfig()
    const moderated = { ...doc.sites[0]!, id: `${doc.sites[0]!.id}-m`, settings: { ...doc.sites[0]!.settings, moderation: 'all' as const } }
    doc.sites.push(moderated)
    const site = await givenSite(doc)
    const org = doc.org.id
    await expectOpen(org, { amira: 0, ben: 0, chloe: 0 })

    const a = await ask(site)
    const b = await ask(site)
    const c = await ask(site)
    await expectOpen(org, { amira: 3, ben: 0, chloe: 0 })

    // A second comment in a waiting conversation opens nothing new.
    const followUp = await ask(site, a)
    await expectOpen(org, { amira: 3, ben: 0, chloe: 0 })

    expect((await staffReply(a.comment.conversationId, { staff: 'amira', body: 'Answered.' })).status).toBe(201)
    await expectOpen(org, { amira: 2, ben: 0, chloe: 0 })

    // The visitor speaks again after the answer: the conversation waits again.
    const again = await ask(site, a)
    await expectOpen(org, { amira: 3, ben: 0, chloe: 0 })

    expect((await handOver(b.comment.conversationId, { to: 'ben', note: 'Yours' })).status).toBe(200)
    await expectOpen(org, { amira: 2, ben: 1, chloe: 0 })
    expect((await handOver(b.comment.conversationId, { to: 'chloe', note: 'Over to you' })).status).toBe(200)
    await expectOpen(org, { amira: 2, ben: 0, chloe: 1 })

    await closeConversation({ env, now: Date.now(), committed: () => {} }, b.comment.conversationId)
    await expectOpen(org, { amira: 2, ben: 0, chloe: 0 })

    // Its author removes the only visitor comment: nothing is left to answer, the conversation closes.
    await deleteOwn(c)
    await expectOpen(org, { amira: 1, ben: 0, chloe: 0 })

    // A moderator removes a's visitor comments one by one: it waits while one is left, and closes with the last.
    await moderate(site, a.comment.id, 'delete')
    await moderate(site, followUp.comment.id, 'hide')
    await expectOpen(org, { amira: 1, ben: 0, chloe: 0 })
    await moderate(site, again.comment.id, 'delete')
    await expectOpen(org, { amira: 0, ben: 0, chloe: 0 })

    // Held for a moderator, it is assigned and waiting (as before these figures were kept); approved, still one.
    const held = await ask(moderated.id)
    await expectOpen(org, { amira: 1, ben: 0, chloe: 0 })
    await moderate(moderated.id, held.comment.id, 'approve')
    await expectOpen(org, { amira: 1, ben: 0, chloe: 0 })

    // Rows written by other means (an import, a seed) are counted too, and no code path deletes a conversation;
    // should one ever, the count follows it.
    const raw = crypto.randomUUID()
    await env.DB.prepare(
      `INSERT INTO conversations (id, site_id, page_id, visitor_id, assigned_staff_id, status, created_at, updated_at)
       SELECT ?1, site_id, page_id, visitor_id, assigned_staff_id, 'awaiting', 0, 0 FROM conversations WHERE id = ?2`,
    )
      .bind(raw, held.conversationId)
      .run()
    await expectOpen(org, { amira: 2, ben: 0, chloe: 0 })
    await env.DB.prepare(`DELETE FROM conversations WHERE id = ?1`).bind(raw).run()
    await expectOpen(org, { amira: 1, ben: 0, chloe: 0 })
    await closeConversation({ env, now: Date.now(), committed: () => {} }, held.conversationId)
    await expectOpen(org, { amira: 0, ben: 0, chloe: 0 })
  })

  it('a change that fails leaves the count as it was: the trigger is part of the transaction', async () => {
    const doc = orgConfig()
    const site = await givenSite(doc)
    const a = await ask(site)
    await expectOpen(doc.org.id, { amira: 1, ben: 0, chloe: 0 })
    const broken = env.DB.prepare(`INSERT INTO events (id, kind, payload, created_at) VALUES (?1, NULL, '{}', 0)`).bind(crypto.randomUUID())
    await expect(
      env.DB.batch([env.DB.prepare(`UPDATE conversations SET status = 'closed' WHERE id = ?1`).bind(a.comment.conversationId), broken]),
    ).rejects.toThrow(/NOT NULL/)
    await expectOpen(doc.org.id, { amira: 1, ben: 0, chloe: 0 })
  })

  it('the staff statement reads the kept rows and never the conversations', async () => {
    const doc = orgConfig()
    await givenSite(doc)
    const recording = recordingD1(env.DB)
    listStaffStatement(recording.db, doc.org.id)
    const [statement] = recording.statements
    const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${statement!.sql}`).bind(...statement!.binds).all<{ detail: string }>()
    const plan = results.map((r) => r.detail)
    expect(plan).toEqual([
      expect.stringMatching(/^SEARCH s USING INDEX \S+ \(org_id=\?\)/),
      expect.stringMatching(/^SEARCH t USING INDEX sqlite_autoindex_staff_stats_1 \(staff_id=\?\)/),
    ])
  })
})
