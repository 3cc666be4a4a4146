import { THREAD_PAGE_DEFAULT, type Responders, type Thread, type ThreadSort } from '../../../schema'
import { ApiError } from '../http/errors'
import { sha256Hex } from '../security/compare'
import type { SitePage } from '../security/site'
import { base64Url } from '../security/visitor-credential'
import type { SiteRow } from '../store/sites'
import { listStaff, toPublicStaff, type StaffRow } from '../store/staff'
import { readThread, type ThreadPage, type ThreadPageEnd } from '../store/threads'
import { assignmentFor } from './post-comment'
import { withPeople } from './thread-people'

/** The responders' public profiles with their record, as the staff statement read it: no round trip of its own. */
function withStats(people: StaffRow[]) {
  return people.map((p) => ({ ...toPublicStaff(p), stats: p.stats }))
}

/** Which page of a thread is asked: its sort, its size, and where it starts (a `next` cursor, or a comment's id). */
export type ThreadPageAsk = { sort: ThreadSort; limit: number; cursor?: string | undefined; comment?: string | undefined }

export const FIRST_PAGE: ThreadPageAsk = { sort: 'oldest', limit: THREAD_PAGE_DEFAULT }

/*
 * A cursor is the last conversation of the page before (when it was opened, its id), in a sort, on one page of one
 * site: base64url of JSON. It is opaque to callers but not secret: a hand-made one only names a place in a public
 * thread. The page's mark (a hash of site and key) and the sort are in it so that a cursor used on another page, site
 * or sort is refused as such rather than answering some other place.
 */
const CURSOR_VERSION = 1

const pageMark = async (site: string, key: string) => (await sha256Hex(JSON.stringify([site, key]))).slice(0, 12)

async function encodeCursor(site: string, key: string, sort: ThreadSort, end: ThreadPageEnd): Promise<string> {
  return base64Url(JSON.stringify([CURSOR_VERSION, await pageMark(site, key), sort === 'oldest' ? 'o' : 'n', end.createdAt, end.id]))
}

const refused = (message: string) =>
  new ApiError('invalid_request', `The query string is not valid (cursor: ${message}).`, [{ path: ['cursor'], message }])

function decodeJson(cursor: string): unknown {
  try {
    const bytes = Uint8Array.from(atob(cursor.replace(/-/g, '+').replace(/_/g, '/')), (ch) => ch.charCodeAt(0))
    return JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes))
  } catch {
    return undefined
  }
}

/** The page a request asks for, with its cursor read and checked against the page and sort it is used with. */
export async function threadPageOf(site: string, key: string, ask: ThreadPageAsk): Promise<ThreadPage> {
  if (ask.cursor === undefined) return { sort: ask.sort, limit: ask.limit, start: ask.comment ? { atComment: ask.comment } : null }
  const value = decodeJson(ask.cursor)
  if (!Array.isArray(value) || value.length !== 5 || value[0] !== CURSOR_VERSION) throw refused('not a `next` value of a thread')
  const [, mark, sort, createdAt, id] = value as unknown[]
  if (typeof createdAt !== 'number' || !Number.isSafeInteger(createdAt) || typeof id !== 'string' || id.length > 100 || (sort !== 'o' && sort !== 'n'))
    throw refused('not a `next` value of a thread')
  if (mark !== (await pageMark(site, key))) throw refused("another page's `next`, not this one's")
  if (sort !== (ask.sort === 'oldest' ? 'o' : 'n')) throw refused(`a \`next\` of the other sort, not ${ask.sort}`)
  return { sort: ask.sort, limit: ask.limit, start: { after: { createdAt, id } } }
}

/** One page of a page's published conversations, and who a new comment would go to (the same routing a post uses). */
export async function publicThread(
  db: D1Database,
  p: { site: SiteRow; page: SitePage; title?: string | undefined; topic?: string | undefined; which?: ThreadPage },
  now: number,
): Promise<Thread> {
  const { site, page } = p
  const which = p.which ?? (await threadPageOf(site.id, page.key, FIRST_PAGE))
  const data = await readThread(db, { siteId: site.id, orgId: site.orgId, key: page.key, url: page.canonicalUrl, title: p.title, topic: p.topic }, now, which)
  const { assignee } = assignmentFor(site, data.staff, data.turns, page, now)
  const [responder] = withStats([assignee])
  return {
    site: {
      id: site.id,
      name: site.name,
      editWindowMinutes: site.settings.editWindowMinutes,
      turnstileSiteKey: site.settings.turnstileSiteKey ?? null,
      requireVerifiedEmail: site.settings.requireVerifiedEmail,
    },
    page: { key: data.page.key, title: data.page.title },
    ...withPeople(data.conversations, responder!),
    next: data.end ? await encodeCursor(site.id, page.key, which.sort, data.end) : null,
  }
}

/** Everyone a site's routing can reach: its rules' people and pools, leads, the default responder, their delegates. */
function siteResponders(site: SiteRow, staff: StaffRow[]): StaffRow[] {
  const handles = new Set<string>([site.settings.defaultResponder])
  for (const { assign } of site.rules) {
    if (!assign) continue
    if ('staff' in assign) handles.add(assign.staff)
    else [...assign.pool, ...(assign.lead ? [assign.lead] : [])].forEach((h) => handles.add(h))
  }
  const byHandle = new Map(staff.map((s) => [s.handle, s]))
  for (const h of handles) {
    const delegate = byHandle.get(h)?.delegate
    if (delegate) handles.add(delegate)
  }
  return staff.filter((s) => s.active && handles.has(s.handle)).sort((a, b) => a.name.localeCompare(b.name))
}

/** The site's responders with their public record. */
export async function publicResponders(db: D1Database, site: SiteRow): Promise<Responders> {
  return { responders: withStats(siteResponders(site, await listStaff(db, site.orgId))) }
}
