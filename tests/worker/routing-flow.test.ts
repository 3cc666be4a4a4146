import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { Thread } from '../../schema'
import { assigneeOf, awayNow, getThread, givenSite, orgConfig, pageUrl, posted, putConfig } from './helpers'

/** The demo-like org: press pages to amira, the budget topic to ben, everything else to a round-robin pool. */
function routedOrg() {
  const doc = orgConfig()
  doc.staff.push({ handle: 'dev', name: 'Devika Rao', role: 'Engineer', email: 'dev@example.org' })
  doc.sites[0]!.rules = [
    { when: { responderAttribute: true } },
    { when: { path: '/press/**' }, assign: { staff: 'amira' } },
    { when: { topic: 'budget' }, assign: { staff: 'ben' } },
    { when: { always: true }, assign: { pool: ['chloe', 'dev'], strategy: 'round_robin', lead: 'ben' } },
  ]
  return doc
}

const responderOf = async (site: string, query: Record<string, string>) =>
  ((await (await getThread(site, query)).json()) as Thread).responder.handle

describe('config → routing → thread', () => {
  it('routes by path, topic and the embed\'s named responder, and says so before anyone posts', async () => {
    const site = await givenSite(routedOrg())
    expect(await responderOf(site, { url: pageUrl('/press/2026/budget') })).toBe('amira')
    expect(await responderOf(site, { url: pageUrl('/news/x'), topic: 'budget' })).toBe('ben')
    expect(await responderOf(site, { url: pageUrl('/news/x'), responder: 'dev' })).toBe('dev')
    // An unknown or malformed handle in the embed is ignored, not an error: the next rule decides.
    expect(await responderOf(site, { url: pageUrl('/press/x'), responder: 'nobody' })).toBe('amira')
    expect(await responderOf(site, { url: pageUrl('/press/x'), responder: 'Amira Haddad' })).toBe('amira')

    const press = await posted(site, { url: pageUrl('/press/2026/budget') })
    const budget = await posted(site, { url: pageUrl('/news/x'), topic: 'budget' })
    const named = await posted(site, { url: pageUrl('/news/y'), responder: 'chloe' })
    expect(await assigneeOf(press.conversationId)).toBe('amira')
    expect(await assigneeOf(budget.conversationId)).toBe('ben')
    expect(await assigneeOf(named.conversationId)).toBe('chloe')
    const reasons = await env.DB.prepare(
      `SELECT reason FROM assignments WHERE conversation_id IN (?1, ?2, ?3) ORDER BY created_at`,
    )
      .bind(press.conversationId, budget.conversationId, named.conversationId)
      .all<{ reason: string }>()
    expect(reasons.results.map((r) => r.reason)).toEqual(['rule', 'rule', 'explicit'])
  })

  it('ignores the embed\'s named responder when the site has no rule allowing it', async () => {
    const doc = routedOrg()
    doc.sites[0]!.rules = doc.sites[0]!.rules!.slice(1)
    const site = await givenSite(doc)
    const c = await posted(site, { url: pageUrl('/press/x'), responder: 'chloe' })
    expect(await assigneeOf(c.conversationId)).toBe('amira')
  })

  it('takes turns in a round-robin pool, and the turn is kept in D1', async () => {
    const site = await givenSite(routedOrg())
    const handles: string[] = []
    for (let i = 0; i < 6; i++) handles.push((await assigneeOf((await posted(site, { url: pageUrl(`/n/${i}`) })).conversationId))!)
    expect(handles).toEqual(['chloe', 'dev', 'chloe', 'dev', 'chloe', 'dev'])
    const turn = await env.DB.prepare(`SELECT turn FROM routing_turns WHERE site_id = ?1`).bind(site).first()
    expect(turn).toEqual({ turn: 6 })
    // The card names whoever's turn it is next.
    expect(await responderOf(site, { url: pageUrl('/n/next') })).toBe('chloe')
  })

  it('gives a least-open pool to whoever has the fewest conversations awaiting them', async () => {
    const doc = orgConfig()
    doc.sites[0]!.rules = [{ when: { always: true }, assign: { pool: ['ben', 'chloe'], strategy: 'least_open' } }]
    const site = await givenSite(doc)
    const first = await posted(site, { url: pageUrl('/a') })
    const second = await posted(site, { url: pageUrl('/b') })
    const third = await posted(site, { url: pageUrl('/c') })
    expect([await assigneeOf(first.conversationId), await assigneeOf(second.conversationId), await assigneeOf(third.conversationId)]).toEqual([
      'ben',
      'chloe',
      'ben',
    ])
  })

  it('skips someone away in favour of their delegate, and the thread shows the hand-over', async () => {
    const doc = routedOrg()
    doc.staff[0]!.away = awayNow('Europe/London')
    doc.staff[0]!.delegate = 'chloe'
    const site = await givenSite(doc)

    expect(await responderOf(site, { url: pageUrl('/press/x') })).toBe('chloe')
    const c = await posted(site, { url: pageUrl('/press/x') })
    expect(await assigneeOf(c.conversationId)).toBe('chloe')

    const thread = (await (await getThread(site, { url: pageUrl('/press/x') })).json()) as Thread
    const conversation = thread.conversations[0]!
    expect(conversation.assignee).toBe('chloe')
    expect(conversation.handovers).toEqual([expect.objectContaining({ from: 'amira', to: 'chloe', reason: 'away' })])
  })

  it('gives the conversation to the site\'s default responder when everyone in the chain is away; never unassigned', async () => {
    const doc = routedOrg()
    doc.sites[0]!.settings.defaultResponder = 'dev'
    doc.staff[1]!.away = awayNow('UTC')
    doc.staff[1]!.delegate = 'chloe'
    doc.staff[2]!.away = awayNow('UTC')
    const site = await givenSite(doc)
    const c = await posted(site, { url: pageUrl('/n'), topic: 'budget' })
    expect(await assigneeOf(c.conversationId)).toBe('dev')
    const row = await env.DB.prepare(
      `SELECT a.reason, f.handle AS intended FROM assignments a JOIN staff f ON f.id = a.from_staff_id WHERE a.conversation_id = ?1`,
    )
      .bind(c.conversationId)
      .first()
    expect(row).toEqual({ reason: 'fallback', intended: 'ben' })
  })

  it('refuses a delegate chain that loops, at config time', async () => {
    const doc = orgConfig()
    doc.staff[0]!.delegate = 'ben'
    doc.staff[1]!.delegate = 'chloe'
    doc.staff[2]!.delegate = 'amira'
    const res = await putConfig(doc)
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { issues: { path: (string | number)[]; message: string }[] } }
    expect(body.error.issues).toContainEqual({ path: ['staff', 0, 'delegate'], message: 'delegates go round in a loop: amira → ben → chloe → amira' })
  })

  it.each([
    ['a delegate who is not on the staff', (d: ReturnType<typeof orgConfig>) => (d.staff[0]!.delegate = 'ghost')],
    ['someone their own delegate', (d: ReturnType<typeof orgConfig>) => (d.staff[0]!.delegate = 'amira')],
    ['an away period that ends before it starts', (d: ReturnType<typeof orgConfig>) => (d.staff[0]!.away = [{ from: '2027-01-10', to: '2027-01-02' }])],
    ['an away date in the wrong format', (d: ReturnType<typeof orgConfig>) => (d.staff[0]!.away = [{ from: '10/01/2027', to: '2027-01-12' }])],
  ])('refuses %s', async (_, spoil) => {
    const doc = orgConfig()
    spoil(doc)
    expect((await putConfig(doc)).status).toBe(400)
  })
})
