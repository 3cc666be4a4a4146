import { env, SELF } from 'cloudflare:test'
import { expect, vi } from 'vitest'
import type { NewCommentInput, OrgConfigInput, PostedComment } from '../../schema'
import { deliverEvents } from '../../worker/src/events/deliver'

export const ADMIN_TOKEN = 'test-admin-token'
export const ORIGIN = 'https://www.example.org'

let counter = 0
/** A fresh id so tests never share an org or a site. */
export const uniqueId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`

/** A small org: three staff, one site answered by `amira` by default. */
export function orgConfig(ids = { org: uniqueId('org'), site: uniqueId('site') }): OrgConfigInput {
  return {
    org: { id: ids.org, name: 'Example Agency' },
    staff: [
      {
        handle: 'amira',
        name: 'Amira Haddad',
        role: 'Press officer',
        email: 'amira@example.org',
        photoUrl: 'https://www.example.org/photos/amira.jpg',
        bio: 'I answer questions about our announcements.',
        disclaimer: 'Views my own',
        timeZone: 'Europe/London',
        digest: { frequency: 'immediate' },
      },
      { handle: 'ben', name: 'Ben Okafor', role: 'Policy lead', email: 'ben@example.org', bio: 'Policy.' },
      { handle: 'chloe', name: 'Chloé Martin', role: 'Engineer', email: 'chloe@example.org' },
    ],
    sites: [
      {
        id: ids.site,
        name: 'Example Agency website',
        origins: [ORIGIN],
        settings: { defaultResponder: 'amira' },
      },
    ],
  }
}

export function putConfig(doc: unknown, init: { token?: string; contentType?: string; body?: string } = {}) {
  return SELF.fetch('https://byline.test/v1/admin/config', {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${init.token ?? ADMIN_TOKEN}`,
      'content-type': init.contentType ?? 'application/json',
    },
    body: init.body ?? JSON.stringify(doc),
  })
}

/** Applies a config and returns the site id, failing loudly if the config is refused. */
export async function givenSite(doc = orgConfig()): Promise<string> {
  const res = await putConfig(doc)
  if (res.status !== 200) throw new Error(`config refused: ${res.status} ${await res.text()}`)
  return doc.sites[0]!.id
}

export const pageUrl = (path = '/news/budget') => `${ORIGIN}${path}`

export function getThread(site: string, query: Record<string, string>, headers: Record<string, string> = { origin: ORIGIN }) {
  return SELF.fetch(`https://byline.test/v1/sites/${site}/thread?${new URLSearchParams(query)}`, { headers })
}

export function comment(overrides: Partial<NewCommentInput> = {}): NewCommentInput {
  return { url: pageUrl(), name: 'Jo Visitor', email: 'jo@visitor.test', body: 'When does the consultation close?', ...overrides }
}

export function postComment(site: string, body: unknown, headers: Record<string, string> = {}) {
  return SELF.fetch(`https://byline.test/v1/sites/${site}/comments`, {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

/** Number of rows in a table, for proving a refused request wrote nothing. */
export async function countRows(table: 'comments' | 'conversations' | 'assignments' | 'events' | 'visitors' | 'pages' | 'staff' | 'sites') {
  const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>()
  return row!.n
}

/** Row counts of every table a post writes to. */
export async function countAll() {
  return {
    comments: await countRows('comments'),
    conversations: await countRows('conversations'),
    assignments: await countRows('assignments'),
    events: await countRows('events'),
    visitors: await countRows('visitors'),
    pages: await countRows('pages'),
  }
}

const orgTokens = new Map<string, Promise<string>>()

/** An admin token of the organisation, issued once per org with the deployment token (which only bootstraps). */
export function orgToken(orgId: string): Promise<string> {
  let token = orgTokens.get(orgId)
  if (!token) {
    token = SELF.fetch(`https://byline.test/v1/admin/orgs/${orgId}/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'tests' }),
    }).then(async (res) => {
      if (res.status !== 201) throw new Error(`admin token refused: ${res.status} ${await res.text()}`)
      return ((await res.json()) as { token: string }).token
    })
    orgTokens.set(orgId, token)
  }
  return token
}

/** The admin token of the organisation a site or a conversation belongs to. */
export async function orgTokenOf(of: { site: string } | { conversation: string }): Promise<string> {
  const row = await env.DB.prepare(
    'site' in of
      ? `SELECT org_id AS orgId FROM sites WHERE id = ?1`
      : `SELECT s.org_id AS orgId FROM conversations v JOIN sites s ON s.id = v.site_id WHERE v.id = ?1`,
  )
    .bind('site' in of ? of.site : of.conversation)
    .first<{ orgId: string }>()
  // Unknown: a token that belongs to nobody, so the caller sees what a stranger would.
  return row ? orgToken(row.orgId) : 'byl_unknown'
}

/** A moderator's decision on a comment, as the org's admin makes it. */
export async function moderate(site: string, commentId: string, action: 'approve' | 'hide' | 'delete') {
  const res = await SELF.fetch(`https://byline.test/v1/admin/comments/${commentId}/moderation`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await orgTokenOf({ site })}`, 'content-type': 'application/json' },
    body: JSON.stringify({ action, reason: action === 'hide' ? 'Spam' : undefined }),
  })
  expect(res.status).toBe(200)
}

/** A visitor deletes their own comment with the owner token its post answered. */
export async function deleteOwn(c: PostedComment) {
  const res = await SELF.fetch(`https://byline.test/v1/comments/${c.comment.id}`, {
    method: 'DELETE',
    headers: { origin: ORIGIN, authorization: `Bearer ${c.ownerToken}` },
  })
  expect(res.status).toBe(204)
}

export async function staffReply(conversationId: string, body: unknown, token?: string) {
  token ??= await orgTokenOf({ conversation: conversationId })
  return SELF.fetch(`https://byline.test/v1/admin/conversations/${conversationId}/replies`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
}

/** Posts a visitor comment that must succeed; returns the stored comment. */
export async function posted(site: string, overrides: Partial<NewCommentInput> = {}) {
  const res = await postComment(site, comment(overrides))
  if (res.status !== 201) throw new Error(`post refused: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { comment: { id: string; conversationId: string } }).comment
}

/** The handle a conversation is assigned to now. */
export async function assigneeOf(conversationId: string) {
  const row = await env.DB.prepare(
    `SELECT s.handle FROM conversations v JOIN staff s ON s.id = v.assigned_staff_id WHERE v.id = ?1`,
  )
    .bind(conversationId)
    .first<{ handle: string }>()
  return row?.handle
}

/** An away period from yesterday to tomorrow in a time zone: away now, whatever the hour. */
export function awayNow(timeZone = 'Europe/London', now = Date.now()) {
  const day = (t: number) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(t)
  return [{ from: day(now - 86_400_000), to: day(now + 86_400_000) }]
}

export async function handOver(conversationId: string, body: unknown, token?: string) {
  token ??= await orgTokenOf({ conversation: conversationId })
  return SELF.fetch(`https://byline.test/v1/admin/conversations/${conversationId}/handover`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
}

export type DevMessage = { to: string; subject: string; text: string; html: string; links: string[]; headers: Record<string, string>; raw: string }

/** The dev outbox, newest first. */
export async function devMail(): Promise<DevMessage[]> {
  return ((await (await SELF.fetch('https://byline.test/dev/mail.json')).json()) as { messages: DevMessage[] }).messages
}

/** Waits for a message to `toName` whose text contains `needle` (and whose subject matches), and returns it. */
export async function mailFor(toName: string, needle: string, subject = /./): Promise<DevMessage> {
  let found: DevMessage | undefined
  await vi.waitFor(
    async () => {
      found = (await devMail()).find((m) => m.to.startsWith(toName) && m.text.includes(needle) && subject.test(m.subject))
      if (!found) throw new Error(`no mail to ${toName} containing ${needle}`)
    },
    { timeout: 5000 },
  )
  return found!
}

/** The links of a kind in a message: answer pages, unsubscribe pages. */
export const linksOf = (m: DevMessage, kind: 'answer' | 'unsubscribe') => m.links.filter((l) => l.includes(`/${kind}/`))

/** The reply+TOKEN@ address in a message's text. */
export const replyAddressOf = (m: DevMessage) => /reply\+[a-z2-7]{26}@[\w.-]+/.exec(m.text)?.[0]

/**
 * Waits for what earlier changes left to the outbox after their answer (mail, the responders' record roll-up, which
 * moves the org's version in its turn), so that a test compares answers and not the outbox's progress.
 */
export async function outboxSettled(timeout = 5000) {
  await vi.waitFor(
    async () => {
      const { claimed } = await deliverEvents(env, Date.now())
      const busy = await env.DB.prepare(`SELECT count(*) AS n FROM event_deliveries WHERE status = 'sending'`).first<number>('n')
      if (claimed || busy) throw new Error('the outbox is still busy')
    },
    { timeout, interval: 20 },
  )
}
