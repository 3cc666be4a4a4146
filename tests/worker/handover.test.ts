import { env, SELF } from 'cloudflare:test'
import { describe, expect, it, vi } from 'vitest'
import type { Thread } from '../../schema'
import { assigneeOf, countAll, getThread, givenSite, handOver, orgConfig, orgTokenOf, pageUrl, posted, putConfig } from './helpers'

describe('manual hand-over (admin API)', () => {
  it('passes the conversation to a colleague, records it, shows it in the thread and tells the colleague', async () => {
    const site = await givenSite()
    const body = `Hand me over ${crypto.randomUUID()}`
    const c = await posted(site, { body })

    const res = await handOver(c.conversationId, { to: 'ben', note: 'Ben runs the budget consultation.' })

    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ conversationId: c.conversationId, assignee: { handle: 'ben', name: 'Ben Okafor' } })
    expect(await assigneeOf(c.conversationId)).toBe('ben')
    const thread = (await (await getThread(site, { url: pageUrl() })).json()) as Thread
    expect(thread.conversations[0]!.handovers).toEqual([
      { from: 'amira', to: 'ben', reason: 'handover', note: 'Ben runs the budget consultation.' },
    ])
    await vi.waitFor(async () => {
      const { messages } = (await (await SELF.fetch('https://byline.test/dev/mail.json')).json()) as { messages: { to: string; text: string }[] }
      expect(messages.some((m) => m.to.startsWith('Ben Okafor') && m.text.includes(body) && m.text.includes('Ben runs the budget consultation.'))).toBe(true)
    })
  })

  it.each([
    ['to the person who already has it', { to: 'amira' }, 409, 'already_assigned'],
    ['to someone not on the staff', { to: 'ghost' }, 404, 'staff_not_found'],
    ['with a note that is too long', { to: 'ben', note: 'x'.repeat(501) }, 400, 'invalid_request'],
    ['with an unknown field', { to: 'ben', from: 'chloe' }, 400, 'invalid_request'],
  ])('refuses a hand-over %s, changing nothing', async (_, body, status, code) => {
    const site = await givenSite()
    const c = await posted(site)
    // The organisation's admin token is issued (an event) before the snapshot, not by the refused call.
    await orgTokenOf({ conversation: c.conversationId })
    const before = await countAll()
    const res = await handOver(c.conversationId, body)
    expect(res.status).toBe(status)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code)
    expect(await countAll()).toEqual(before)
    expect(await assigneeOf(c.conversationId)).toBe('amira')
  })

  it('refuses a hand-over to a deactivated colleague', async () => {
    const doc = orgConfig()
    const site = await givenSite(doc)
    const c = await posted(site)
    doc.staff = doc.staff.filter((s) => s.handle !== 'ben')
    await putConfig(doc)
    expect((await handOver(c.conversationId, { to: 'ben' })).status).toBe(404)
  })

  it('needs the admin token', async () => {
    const site = await givenSite()
    const c = await posted(site)
    expect((await handOver(c.conversationId, { to: 'ben' }, 'wrong')).status).toBe(401)
    const row = await env.DB.prepare(`SELECT count(*) AS n FROM assignments WHERE conversation_id = ?1`).bind(c.conversationId).first()
    expect(row).toEqual({ n: 1 })
  })
})
