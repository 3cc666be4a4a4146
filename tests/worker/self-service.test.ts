import { env, SELF } from 'cloudflare:test'
import { describe, expect, it, vi } from 'vitest'
import type { ConsoleActivity, OrgConfigInput, Thread } from '../../schema'
import { runCron } from '../../worker/src/cron'
import { assigneeOf, countAll, devMail, getThread, givenSite, handOver, mailFor, orgConfig, pageUrl, posted, putConfig, type DevMessage } from './helpers'
import { elementsOf, textsOf } from './pages/markup'

/*
 * A member of staff's personal page: every staff email links to it (a 14-day link, stored hashed); GET shows and
 * changes nothing; the form's POST saves profile, digest and away period through one domain operation, logged in
 * the console's activity log with the staff member as the actor.
 */

const WORKER = 'https://byline.test'
const HOUR = 3_600_000

const selfLinkOf = (m: DevMessage) => m.links.find((l) => /\/me\/[a-z2-7]{26}$/.test(l))

/** An org whose default responder, amira (immediate notices, Europe/London), has ben as a possible delegate. */
async function givenOrg(change: (doc: OrgConfigInput) => void = () => {}) {
  const doc = orgConfig()
  doc.admins = [{ email: `owner-${doc.org.id}@example.org` }]
  doc.sites[0]!.settings.replyTargetHours = 24
  change(doc)
  const site = await givenSite(doc)
  return { doc, site }
}

/** Amira's personal link, from the notice of a fresh comment on her site. */
async function amiraLink(site: string): Promise<string> {
  const marker = crypto.randomUUID()
  await posted(site, { name: 'Jo', body: `Question ${marker}` })
  return selfLinkOf(await mailFor('Amira Haddad', marker))!
}

const save = (link: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  SELF.fetch(link, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', ...headers },
    body: new URLSearchParams(fields),
  })

/** The form as the page fills it, read with a real HTML parser: what a browser would send untouched. */
async function formOn(link: string): Promise<Record<string, string>> {
  const html = await (await SELF.fetch(link)).text()
  const fields: Record<string, string> = { frequency: '', delegate: '' }
  let select = ''
  for (const e of await elementsOf(html)) {
    const a = Object.fromEntries(e.attributes)
    if (e.tag === 'select') select = a.name ?? ''
    else if (e.tag === 'option' && 'selected' in a && a.value !== undefined) fields[select] = a.value
    else if (e.tag === 'input' && a.type === 'radio') {
      if ('checked' in a) fields[a.name!] = a.value!
    } else if (e.tag === 'input' && a.name) fields[a.name] = a.value ?? ''
  }
  // Options without a value send their text.
  fields.timeZone = (await textsOf(html, '#timeZone option[selected]'))[0] ?? ''
  fields.bio = ((await textsOf(html, 'textarea#bio'))[0] ?? '').replace(/^\n/, '')
  return fields
}

/** A local date in a zone, `days` from now. */
const localDay = (days: number, timeZone = 'Europe/London') =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(Date.now() + days * 86_400_000)

const staffRow = (org: string, handle: string) =>
  env.DB.prepare(`SELECT id, photo_url, bio, disclaimer, time_zone, digest, away, delegate_handle, updated_at FROM staff WHERE org_id = ?1 AND handle = ?2`)
    .bind(org, handle)
    .first<{ id: string; bio: string; away: string; delegate_handle: string | null; digest: string; time_zone: string }>()

const count = async (sql: string, ...binds: unknown[]) => (await env.DB.prepare(sql).bind(...binds).first<{ n: number }>())!.n

/** An admin of the org signed in to the console (by the link in the dev outbox); the cookie. */
async function consoleCookie(org: string, email: string): Promise<string> {
  const seen = new Set((await devMail()).map((m) => m.links.join()))
  const ask = await SELF.fetch(`${WORKER}/v1/console/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: WORKER, 'x-byline-console': '1' },
    body: JSON.stringify({ org, email }),
  })
  expect(ask.status).toBe(202)
  let token = ''
  await vi.waitFor(
    async () => {
      const link = (await devMail()).find((m) => m.to.includes(email) && !seen.has(m.links.join()))?.links.find((l) => l.includes('/console/sign-in?token='))
      if (!link) throw new Error('no sign-in mail')
      token = new URL(link).searchParams.get('token')!
    },
    { timeout: 5000 },
  )
  const res = await SELF.fetch(`${WORKER}/console/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: WORKER },
    body: new URLSearchParams({ token }).toString(),
  })
  return `byline_console=${/^byline_console=([^;]*)/.exec(res.headers.get('set-cookie') ?? '')![1]}`
}

describe('the link to the personal page', () => {
  it('is in every staff email: the notice, the hand-over, the escalation and the digest, each for its own reader', async () => {
    const { doc, site } = await givenOrg((d) => {
      d.staff[0]!.delegate = 'ben'
    })
    const marker = crypto.randomUUID()
    const first = await posted(site, { name: 'Jo', body: `Handed ${marker}` })
    const notice = await mailFor('Amira Haddad', marker)
    expect((await handOver(first.conversationId, { to: 'chloe' })).status).toBe(200)
    const handed = await mailFor('Chloé Martin', marker, /handed you/)

    await posted(site, { name: 'Kim', body: `Escalated ${marker}` })
    await runCron(env, Date.now() + 25 * HOUR)
    const escalated = await mailFor('Ben Okafor', `Escalated ${marker}`, /handed you/)
    // Ben reads a daily digest at 09:00 UTC: the next one after the escalation lists what waits for him.
    const nine = new Date(Date.now() + 26 * HOUR)
    nine.setUTCHours(9, 5, 0, 0)
    if (nine.getTime() < Date.now() + 26 * HOUR) nine.setUTCDate(nine.getUTCDate() + 1)
    await runCron(env, nine.getTime())
    const digest = await mailFor('Ben Okafor', `Escalated ${marker}`, /waiting for your answer$/)

    const readers: [DevMessage, string][] = [
      [notice, 'Amira Haddad'],
      [handed, 'Chloé Martin'],
      [escalated, 'Ben Okafor'],
      [digest, 'Ben Okafor'],
    ]
    for (const [mail, name] of readers) {
      const link = selfLinkOf(mail)
      expect(link, mail.subject).toMatch(new RegExp(`^${WORKER}/me/[a-z2-7]{26}$`))
      expect(mail.text).toContain(`Your profile, digest and away dates: ${link}`)
      const page = await SELF.fetch(link!)
      expect(page.status).toBe(200)
      expect((await page.text()).replace(/<[^>]+>/g, '')).toContain(`signed in by this link as ${name}`)
    }
    // Each mail its own credential, stored hashed only.
    const links = readers.map(([m]) => selfLinkOf(m)!)
    expect(new Set(links).size).toBe(4)
    const stored = await env.DB.prepare(`SELECT hash FROM tokens WHERE purpose = 'self_service'`).all<{ hash: string }>()
    for (const link of links) expect(stored.results.map((r) => r.hash)).not.toContain(link.split('/').pop())
    expect(doc.org.id).toBeTruthy()
  })

  it('shows the page on GET and changes nothing, however often a scanner opens it', async () => {
    const { doc, site } = await givenOrg()
    const link = await amiraLink(site)
    const before = [await countAll(), await staffRow(doc.org.id, 'amira'), await count(`SELECT count(*) AS n FROM tokens`), await count(`SELECT count(*) AS n FROM console_activity`)]
    for (let i = 0; i < 3; i++) {
      const res = await SELF.fetch(link)
      expect(res.status).toBe(200)
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      expect(res.headers.get('cache-control')).toBe('no-store')
      expect(res.headers.get('content-security-policy')).not.toMatch(/script-src/)
      const html = await res.text()
      expect(await textsOf(html, 'textarea#bio')).toEqual(['\nI answer questions about our announcements.'])
      expect(await textsOf(html, '#timeZone option[selected]')).toEqual(['Europe/London'])
      expect(await textsOf(html, '#delegate option')).toEqual(["Nobody: the site's rules decide", 'Ben Okafor (Policy lead)', 'Chloé Martin (Engineer)'])
    }
    const after = [await countAll(), await staffRow(doc.org.id, 'amira'), await count(`SELECT count(*) AS n FROM tokens`), await count(`SELECT count(*) AS n FROM console_activity`)]
    expect(after).toEqual(before)
  })

  it('refuses a tampered link, a link of another kind and a deactivated member’s link; an expired one offers a new link', async () => {
    const { doc, site } = await givenOrg()
    const marker = crypto.randomUUID()
    await posted(site, { name: 'Jo', body: `Question ${marker}` })
    const notice = await mailFor('Amira Haddad', marker)
    const link = selfLinkOf(notice)!
    const token = link.split('/').pop()!
    const tampered = `${WORKER}/me/${token.slice(0, -1)}${token.endsWith('a') ? 'b' : 'a'}`
    const answerToken = notice.links.find((l) => l.includes('/answer/') && !l.includes('#'))!.split('/').pop()!
    for (const bad of [tampered, `${WORKER}/me/${answerToken}`, `${WORKER}/me/short`]) {
      const res = await SELF.fetch(bad)
      expect(res.status).toBe(403)
      expect(await res.text()).toContain('This link does not work')
      expect((await save(bad, { bio: 'x' })).status).toBe(403)
    }

    // Used again, and again after a save: a personal link works for its whole 14 days.
    expect((await save(link, { ...(await formOn(link)), bio: 'Saved once.' })).status).toBe(303)
    expect((await SELF.fetch(link)).status).toBe(200)

    const { id } = (await staffRow(doc.org.id, 'amira'))!
    await env.DB.prepare(`UPDATE tokens SET expires_at = 1 WHERE purpose = 'self_service' AND staff_id = ?1`).bind(id).run()
    const expired = await SELF.fetch(link)
    expect(expired.status).toBe(410)
    expect(await textsOf(await expired.text(), 'button')).toEqual(['Send me a new link'])
    expect((await save(link, { bio: 'too late' })).status).toBe(410)

    const mailsBefore = (await devMail()).filter((m) => m.subject.startsWith('Your Byline page at Example Agency') && m.to.startsWith('Amira')).length
    const renew = await save(`${link}/renew`, {})
    expect(renew.status).toBe(200)
    const sent = await textsOf(await renew.text(), '[role=status]')
    let fresh: DevMessage | undefined
    await vi.waitFor(
      async () => {
        const mails = (await devMail()).filter((m) => m.subject.startsWith('Your Byline page at Example Agency') && m.to.includes('<amira@example.org>'))
        fresh = mails.find((m) => selfLinkOf(m) && !selfLinkOf(m)!.endsWith(token) && mails.length > mailsBefore)
        if (!fresh) throw new Error('no fresh link')
      },
      { timeout: 5000 },
    )
    expect((await SELF.fetch(selfLinkOf(fresh!)!)).status).toBe(200)
    // The same answer for a link that was never anyone's; and a second request within ten minutes mails nothing more.
    const other = await save(`${tampered}/renew`, {})
    expect(other.status).toBe(200)
    expect(await textsOf(await other.text(), '[role=status]')).toEqual(sent)
    const events = await count(`SELECT count(*) AS n FROM events WHERE kind = 'staff.self_link_requested' AND payload ->> 'staffId' = ?1`, id)
    expect((await save(`${link}/renew`, {})).status).toBe(200)
    expect(await count(`SELECT count(*) AS n FROM events WHERE kind = 'staff.self_link_requested' AND payload ->> 'staffId' = ?1`, id)).toBe(events)

    // Amira leaves the config: her fresh link no longer opens her page.
    doc.staff = doc.staff.filter((s) => s.handle !== 'amira')
    doc.sites[0]!.settings.defaultResponder = 'ben'
    expect((await putConfig(doc)).status).toBe(200)
    const gone = await SELF.fetch(selfLinkOf(fresh!)!)
    expect(gone.status).toBe(403)
    expect(await gone.text()).toContain('not for an active member of staff')
  })

  it('refuses a form sent from another site', async () => {
    const { site } = await givenOrg()
    const link = await amiraLink(site)
    const res = await save(link, { ...(await formOn(link)), bio: 'csrf' }, { 'sec-fetch-site': 'cross-site' })
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('This form was sent from elsewhere')
  })
})

describe('saving the personal page', () => {
  it('keeps a CRLF bio as LF, and the change shows on the public thread', async () => {
    const { doc, site } = await givenOrg()
    const link = await amiraLink(site)
    const res = await save(link, { ...(await formOn(link)), bio: 'Line one\r\nLine two\r\n', disclaimer: 'My own views', frequency: 'daily', hour: '7' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toMatch(/\/me\/[a-z2-7]{26}\?done=saved$/)
    const row = (await staffRow(doc.org.id, 'amira'))!
    expect(row.bio).toBe('Line one\nLine two')
    expect(JSON.parse(row.digest)).toEqual({ frequency: 'daily', hour: 7 })
    const thread = (await (await getThread(site, { url: pageUrl() })).json()) as Thread
    expect(thread.people.amira).toMatchObject({ bio: 'Line one\nLine two', disclaimer: 'My own views' })
    const after = await (await SELF.fetch(`${link}?done=saved`)).text()
    expect(await textsOf(after, '[role=status]')).toEqual(['Saved. Your changes are in effect now.'])
    expect(await textsOf(after, '#hour option[selected]')).toEqual(['07:00'])
  })

  it('gives a refused form back as typed, with the reason beside each field, and saves nothing', async () => {
    const { doc, site } = await givenOrg()
    const link = await amiraLink(site)
    const before = await staffRow(doc.org.id, 'amira')
    const typed = { ...(await formOn(link)), photoUrl: 'javascript:alert(1)', bio: `Too long\r\n${'x'.repeat(300)}`, timeZone: 'Mars/Olympus' }
    const res = await save(link, typed)
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(await textsOf(html, '[role=alert]')).toEqual(['Your changes were not saved: 3 fields need another look.'])
    expect(await textsOf(html, '#photoUrl-error')).toEqual(['This must be an http(s) URL or a path.'])
    expect(await textsOf(html, '#bio-error')).toHaveLength(1)
    expect(await textsOf(html, '#timeZone-error')).toEqual(['This must be an IANA time zone such as Europe/London.'])
    // Given back byte for byte (a browser's parser reads the CRLF in a textarea as one line break).
    expect((await textsOf(html, 'textarea#bio'))[0]!.replace(/^\n/, '')).toBe(typed.bio)
    const photo = (await elementsOf(html)).find((e) => e.tag === 'input' && e.attributes.some(([k, v]) => k === 'id' && v === 'photoUrl'))!
    expect(Object.fromEntries(photo.attributes)).toMatchObject({ value: 'javascript:alert(1)', 'aria-invalid': 'true' })
    expect(await textsOf(html, '#timeZone option[selected]')).toEqual(['Mars/Olympus'])
    expect(await staffRow(doc.org.id, 'amira')).toEqual(before)
  })

  it('takes a delegate only from active colleagues, never oneself, and refuses an away period already over', async () => {
    const { doc, site } = await givenOrg((d) => {
      d.staff.push({ handle: 'dana', name: 'Dana Left', role: 'Former', email: 'dana@example.org' })
    })
    const link = await amiraLink(site)
    doc.staff = doc.staff.filter((s) => s.handle !== 'dana')
    expect((await putConfig(doc)).status).toBe(200)
    const base = await formOn(link)
    const before = await staffRow(doc.org.id, 'amira')
    const future = { awayFrom: `${localDay(3)}T09:00`, awayTo: `${localDay(5)}T17:00` }
    const cases: [Record<string, string>, string, string][] = [
      [{ ...future, delegate: 'amira' }, '#delegate-error', 'This must be a colleague, not yourself.'],
      [{ ...future, delegate: 'dana' }, '#delegate-error', 'This must be an active colleague.'],
      [{ awayFrom: `${localDay(-5)}T09:00`, awayTo: `${localDay(-3)}T17:00`, delegate: 'ben' }, '#awayTo-error', 'This must not be in the past.'],
      [{ awayFrom: `${localDay(5)}T09:00`, awayTo: `${localDay(3)}T17:00`, delegate: 'ben' }, '#awayTo-error', 'This "to" must not be before "from".'],
    ]
    for (const [fields, where, said] of cases) {
      const res = await save(link, { ...base, ...fields })
      expect(res.status, said).toBe(400)
      const html = await res.text()
      expect(await textsOf(html, where)).toEqual([said])
    }
    expect(await staffRow(doc.org.id, 'amira')).toEqual(before)
    // A departed colleague is not offered either.
    expect(await textsOf(await (await SELF.fetch(link)).text(), '#delegate option')).toEqual([
      "Nobody: the site's rules decide",
      'Ben Okafor (Policy lead)',
      'Chloé Martin (Engineer)',
    ])

    expect((await save(link, { ...base, ...future, delegate: 'chloe' })).status).toBe(303)
    expect(JSON.parse((await staffRow(doc.org.id, 'amira'))!.away)).toEqual([{ from: future.awayFrom, to: future.awayTo }])
    const shown = await formOn(link)
    expect([shown.awayFrom, shown.awayTo, shown.delegate]).toEqual([future.awayFrom, future.awayTo, 'chloe'])
    // Both dates emptied clears it.
    expect((await save(link, { ...shown, awayFrom: '', awayTo: '' })).status).toBe(303)
    expect((await staffRow(doc.org.id, 'amira'))!.away).toBe('[]')
  })

  it('is in the organisation’s activity log, with the staff member as the actor; a save that changes nothing is not', async () => {
    const { doc, site } = await givenOrg()
    const link = await amiraLink(site)
    const cookie = await consoleCookie(doc.org.id, doc.admins![0]!.email)
    const form = await formOn(link)
    expect((await save(link, { ...form, disclaimer: 'Speaking for myself' })).status).toBe(303)
    expect((await save(link, { ...form, disclaimer: 'Speaking for myself' })).status).toBe(303)
    const res = await SELF.fetch(`${WORKER}/v1/console/activity`, { headers: { cookie } })
    expect(res.status).toBe(200)
    const log = (await res.json()) as ConsoleActivity
    const { id } = (await staffRow(doc.org.id, 'amira'))!
    expect(log.entries.filter((e) => e.action === 'staff.profile_updated').map((e) => [e.actor.email, e.target])).toEqual([['amira@example.org', id]])
  }, 20_000)

  it('sends the next comment to the delegate once an away period is set, through the public API', async () => {
    const { doc, site } = await givenOrg()
    const link = await amiraLink(site)
    const form = await formOn(link)
    const away = { awayFrom: `${localDay(-1)}T00:00`, awayTo: `${localDay(2)}T00:00`, delegate: 'ben' }
    expect((await save(link, { ...form, ...away })).status).toBe(303)

    const thread = (await (await getThread(site, { url: pageUrl('/news/after') })).json()) as Thread
    expect(thread.responder.handle).toBe('ben')
    const c = await posted(site, { name: 'Lee', body: 'Who answers while Amira is away?', url: pageUrl('/news/after') })
    expect(await assigneeOf(c.conversationId)).toBe('ben')
    expect(doc.org.id).toBeTruthy()
  })
})
