import type { Responders, Thread } from '../../../schema'
import type { SitePage } from '../security/site'
import type { SiteRow } from '../store/sites'
import { listStaff, toPublicStaff, type StaffRow } from '../store/staff'
import { readThread } from '../store/threads'
import { assignmentFor } from './post-comment'
import { withPeople } from './thread-people'

/** The responders' public profiles with their record, as the staff statement read it: no round trip of its own. */
function withStats(people: StaffRow[]) {
  return people.map((p) => ({ ...toPublicStaff(p), stats: p.stats }))
}

/** A page's published conversations, and who a new comment would go to (the same routing a post uses). */
export async function publicThread(
  db: D1Database,
  p: { site: SiteRow; page: SitePage; title?: string | undefined; topic?: string | undefined },
  now: number,
): Promise<Thread> {
  const { site, page } = p
  const data = await readThread(db, { siteId: site.id, orgId: site.orgId, key: page.key, url: page.canonicalUrl, title: p.title, topic: p.topic }, now)
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
