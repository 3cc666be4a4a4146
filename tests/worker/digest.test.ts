import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { runCron } from '../../worker/src/cron'
import { devMail, givenSite, linksOf, mailFor, orgConfig, pageUrl, posted, replyAddressOf, staffReply } from './helpers'

/** An org whose default responder, ben, reads a daily digest at 09:00 London time. */
function digestOrg(digest: { frequency: 'daily'; hour: number } | { frequency: 'hourly' } = { frequency: 'daily', hour: 9 }) {
  const doc = orgConfig()
  doc.staff[1]!.digest = digest
  doc.staff[1]!.timeZone = 'Europe/London'
  doc.sites[0]!.settings.defaultResponder = 'ben'
  return doc
}

const nextLocal = (hourUtc: number) => {
  const d = new Date()
  d.setUTCDate(d.getUTCDate() + 1)
  d.setUTCHours(hourUtc, 5, 0, 0)
  return d.getTime()
}

const digestsTo = async (name: string) => (await devMail()).filter((m) => m.to.startsWith(name) && /waiting for your answer$/.test(m.subject))

describe('digests', () => {
  it('lists everyone waiting, once per slot, at the chosen local hour, with Reply and Hand over links', async () => {
    const site = await givenSite(digestOrg())
    const marker = crypto.randomUUID()
    await posted(site, { name: 'Grace', body: `First ${marker}`, url: pageUrl('/a') })
    await posted(site, { name: 'Marek', body: `Second ${marker}`, url: pageUrl('/b') })

    // No immediate notice for someone on a daily digest (a tick outside the digest hour, whatever the hour now).
    await runCron(env, nextLocal(4))
    expect((await devMail()).some((m) => m.to.startsWith('Ben Okafor') && m.text.includes(marker))).toBe(false)

    const morning = nextLocal(9) // 09:05 UTC = 09:05 London in winter
    await runCron(env, morning)
    await runCron(env, morning + 30 * 60_000)
    const digests = (await digestsTo('Ben Okafor')).filter((m) => m.text.includes(marker))
    expect(digests).toHaveLength(1)
    const digest = digests[0]!
    expect(digest.subject).toBe('2 people are waiting for your answer')
    expect(digest.text).toMatch(/Grace on .*, waiting \d+ hours:/)
    expect(digest.text).toContain(`First ${marker}`)
    expect(digest.text).toContain(`Second ${marker}`)
    expect(linksOf(digest, 'answer')).toHaveLength(4) // Reply and Hand over for each
    expect(linksOf(digest, 'answer').filter((l) => l.endsWith('#hand-over'))).toHaveLength(2)
    expect(replyAddressOf(digest)).toMatch(/^reply\+[a-z2-7]{26}@inbound\.byline\.test$/)
    expect(digest.headers['Reply-To'] ?? digest.raw).toMatch(/reply\+[a-z2-7]{26}@inbound\.byline\.test/)
    // The preheader says who is first, hidden at the top of the HTML.
    expect(digest.html).toMatch(/display:none[^>]*>Grace on/)
  })

  it("shows a visitor's link as text with its full target, and keeps its own links live", async () => {
    // Someone other tests' digests never count: this conversation stays waiting.
    const doc = digestOrg({ frequency: 'hourly' })
    doc.staff[1]!.name = 'Ben Reader'
    const site = await givenSite(doc)
    const marker = crypto.randomUUID()
    await posted(site, { name: 'Grace', body: `Log in at [https://bank.example/login](https://evil.example/steal) ${marker}` })
    await runCron(env, nextLocal(4))
    const digest = (await digestsTo('Ben Reader')).find((m) => m.text.includes(marker))!
    const targets = [...digest.html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!)
    expect(targets.filter((t) => /evil|bank/.test(t))).toEqual([])
    expect(targets.filter((t) => t.includes('/answer/'))).toHaveLength(2)
    expect(targets).toContain(pageUrl())
    expect(digest.html).toContain(`Log in at https://bank.example/login (https://evil.example/steal) ${marker}`)
    expect(digest.text).toContain(`Log in at https://bank.example/login (https://evil.example/steal) ${marker}`)
  })

  it('sends no digest when nobody is waiting', async () => {
    // A name of its own: conversations other tests leave waiting for Ben Okafor never count here.
    const doc = digestOrg()
    doc.staff[1]!.name = 'Ben Answered'
    const site = await givenSite(doc)
    const c = await posted(site, { body: 'answered before the digest' })
    await staffReply(c.conversationId, { staff: 'ben', body: 'Done.' })
    await runCron(env, nextLocal(9))
    expect(await digestsTo('Ben Answered')).toEqual([])
  })

  it('sends hourly digests every hour someone is still waiting', async () => {
    const site = await givenSite(digestOrg({ frequency: 'hourly' }))
    const marker = crypto.randomUUID()
    await posted(site, { body: `Hourly ${marker}` })
    const base = nextLocal(3)
    await runCron(env, base)
    await runCron(env, base + 10 * 60_000)
    await runCron(env, base + 60 * 60_000)
    expect((await digestsTo('Ben Okafor')).filter((m) => m.text.includes(marker))).toHaveLength(2)
  })

  it('notifies immediate people at once, with a per-conversation Reply-To', async () => {
    const site = await givenSite()
    const marker = crypto.randomUUID()
    await posted(site, { name: 'Jo', body: `Now ${marker}` })
    const notice = await mailFor('Amira Haddad', marker)
    expect(notice.subject).toMatch(/^Jo is waiting for your answer on/)
    expect(linksOf(notice, 'answer')).toHaveLength(2)
    expect(notice.text).toContain('Reply to this email to answer this conversation.')
  })
})
