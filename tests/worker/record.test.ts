import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { PostedComment, Responders, ResponderStats, Thread } from '../../schema'
import { comment, deleteOwn, getThread, givenSite, linksOf, mailFor, ORIGIN, moderate, orgConfig, orgTokenOf, pageUrl, postComment, staffReply, uniqueId } from './helpers'
import { historyRewritten, recordsRolledUp } from './stats-helpers'

/*
 * A responder's public record counts only published conversations that waited for an answer. Every kind of
 * conversation that asked nothing of them is made here through the API, next to fair ones, and the record must
 * come out exactly as the fair ones alone give it.
 */

const HOUR = 3_600_000

/** One org, amira answering three sites: open, moderated (every comment held), and holding until an address is confirmed. */
async function sites() {
  const doc = orgConfig()
  const open = doc.sites[0]!
  const moderated = { ...open, id: uniqueId('moderated'), settings: { ...open.settings, moderation: 'all' as const } }
  const confirming = { ...open, id: uniqueId('confirming'), settings: { ...open.settings, requireVerifiedEmail: true } }
  doc.sites.push(moderated, confirming)
  await givenSite(doc)
  return { open: open.id, moderated: moderated.id, confirming: confirming.id }
}

/** A comment on a page of its own (or on `url`, to write again in a conversation); `marker` finds its notice. */
async function ask(site: string, reply?: { conversationId: string; url: string }) {
  const marker = crypto.randomUUID()
  const url = reply?.url ?? pageUrl(`/record/${marker}`)
  const res = await postComment(site, comment({ url, body: `Question ${marker}`, conversationId: reply?.conversationId }))
  expect(res.status).toBe(201)
  return { ...((await res.json()) as PostedComment), marker, url }
}

/** amira answers, and the answer is dated `hours` after a question asked a day ago. */
async function answer(conversationId: string, hours: number) {
  expect((await staffReply(conversationId, { staff: 'amira', body: 'Here is the answer.' })).status).toBe(201)
  const asked = Date.now() - 24 * HOUR
  await env.DB.prepare(`UPDATE conversations SET created_at = ?2, first_reply_at = ?3 WHERE id = ?1`)
    .bind(conversationId, asked, asked + hours * HOUR)
    .run()
  await historyRewritten({ conversation: conversationId })
}

/** "No reply needed" from the reply page linked in amira's notice of the conversation. */
async function closeFromReplyPage(marker: string) {
  const link = linksOf(await mailFor('Amira Haddad', marker), 'answer').find((l) => !l.includes('#'))!
  const res = await SELF.fetch(`${link}/close`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    body: '',
  })
  expect(res.status).toBe(303)
}

async function amiraOn(site: string): Promise<{ onThread: ResponderStats; listed: ResponderStats }> {
  await recordsRolledUp()
  const thread = (await (await getThread(site, { url: pageUrl() })).json()) as Thread
  expect(thread.responder.handle).toBe('amira')
  const res = await SELF.fetch(`https://byline.test/v1/sites/${site}/responders`, { headers: { origin: ORIGIN } })
  const { responders } = (await res.json()) as Responders
  return { onThread: thread.responder.stats, listed: responders.find((r) => r.handle === 'amira')!.stats }
}

describe("a responder's public record", () => {
  it('counts only published conversations that waited for an answer', async () => {
    const s = await sites()

    // Fair: answered after 1-5 hours (one after a moderator let it through, one then closed), and one still waiting
    // although its author deleted their first comment: their second still asks.
    await answer((await ask(s.open)).comment.conversationId, 1)
    await answer((await ask(s.open)).comment.conversationId, 2)
    const approved = await ask(s.moderated)
    await moderate(s.moderated, approved.comment.id, 'approve')
    await answer(approved.comment.conversationId, 3)
    await answer((await ask(s.open)).comment.conversationId, 4)
    const answeredThenClosed = await ask(s.open)
    await answer(answeredThenClosed.comment.conversationId, 5)
    await closeFromReplyPage(answeredThenClosed.marker)
    const waiting = await ask(s.open)
    await ask(s.open, { conversationId: waiting.comment.conversationId, url: waiting.url })
    await deleteOwn(waiting)

    // Asked nothing of her: held for a moderator, held for a confirmation, hidden as spam (answered quickly first),
    // deleted by its author (answered quickly first), deleted by a moderator, closed as "no reply needed".
    await ask(s.moderated)
    await ask(s.confirming)
    const spam = await ask(s.open)
    await answer(spam.comment.conversationId, 0.1)
    await moderate(s.open, spam.comment.id, 'hide')
    const withdrawn = await ask(s.open)
    await answer(withdrawn.comment.conversationId, 0.2)
    await deleteOwn(withdrawn)
    const removed = await ask(s.open)
    await moderate(s.open, removed.comment.id, 'delete')
    const noReplyNeeded = await ask(s.open)
    await closeFromReplyPage(noReplyNeeded.marker)

    const expected = { windowDays: 90, conversations: 6, answeredRate: 5 / 6, medianFirstReplySeconds: 3 * 3600, p90FirstReplySeconds: 4.6 * 3600 }
    for (const site of [s.open, s.moderated]) expect(await amiraOn(site)).toEqual({ onThread: expected, listed: expected })
  })

  it('stays hidden while fewer than 5 fair conversations back it, however many others there are', async () => {
    const s = await sites()
    for (const hours of [1, 2, 3, 4]) await answer((await ask(s.open)).comment.conversationId, hours)
    for (let i = 0; i < 3; i++) await ask(s.moderated)
    const removed = await ask(s.open)
    await answer(removed.comment.conversationId, 1)
    await moderate(s.open, removed.comment.id, 'delete')

    const expected = { windowDays: 90, conversations: 4, answeredRate: null, medianFirstReplySeconds: null, p90FirstReplySeconds: null }
    expect(await amiraOn(s.open)).toEqual({ onThread: expected, listed: expected })
  })
})
