import { OrgConfig, SiteSettings, type AppliedConfig, type ConfigPreview, type DigestPreference, type RoutingRule } from '../../../schema'
import { ApiError } from '../http/errors'
import { toLocale } from '../i18n'
import { canonicalEmail } from '../security/email'
import { applyOrgConfig, readOrgConfig, sitesOwnedElsewhere } from '../store/config'
import { replaceOrgAdminsStatements } from '../store/console'
import { assertOrg, type AdminPrincipal } from './admin'
import { recordStatements, type Deps } from './context'

/** What a document must pass beyond its schema before it may be applied (or previewed): the same checks for both. */
async function checkConfig(db: D1Database, principal: AdminPrincipal, doc: OrgConfig): Promise<void> {
  assertOrg(principal, doc.org.id)
  const taken = await sitesOwnedElsewhere(db, doc.org.id, doc.sites.map((s) => s.id))
  if (taken.length) throw new ApiError('site_owned_by_other_org', `These site ids belong to another organisation: ${taken.join(', ')}.`)
}

/**
 * Makes an organisation what its config document says: org, console admins, staff, sites, origins, routing rules. The deployment
 * may set up any organisation; an organisation's admin only its own. A site id
 * another organisation owns is refused; staff and sites missing from the document are deactivated, never deleted.
 */
export async function applyConfig(deps: Deps, principal: AdminPrincipal, doc: OrgConfig): Promise<AppliedConfig> {
  const db = deps.env.DB
  await checkConfig(db, principal, doc)
  // Console admins: a document that lists them makes them exactly these; one that does not leaves them as they are.
  const admins = doc.admins
    ? replaceOrgAdminsStatements(db, doc.org.id, doc.admins.map((a) => ({ email: canonicalEmail(a.email), name: a.name ?? null })), deps.now)
    : []
  const applied = await applyOrgConfig(db, doc, deps.now, [
    ...admins,
    ...recordStatements(deps, { kind: 'config.applied', payload: { orgId: doc.org.id } }),
  ])
  deps.committed()
  return applied
}

/**
 * The organisation as its config document, rebuilt from its rows: applying it unchanged changes nothing. Staff and
 * sites that were deactivated are not in it (a document lists who is active); admins are listed, so it keeps them.
 */
export async function exportConfig(db: D1Database, orgId: string): Promise<OrgConfig> {
  const stored = await readOrgConfig(db, orgId)
  if (!stored) throw new ApiError('org_not_found', 'There is no such organisation.')
  const optional = <K extends string, V>(key: K, value: V | null) => (value === null ? {} : ({ [key]: value } as Record<K, V>))
  return {
    org: { id: stored.org.id, name: stored.org.name },
    admins: stored.admins.map((a) => ({ email: a.email, ...optional('name', a.name) })),
    staff: stored.staff.map((s) => ({
      handle: s.handle,
      name: s.name,
      role: s.role,
      email: s.email,
      ...optional('photoUrl', s.photo_url),
      bio: s.bio,
      ...optional('disclaimer', s.disclaimer),
      timeZone: s.time_zone,
      digest: JSON.parse(s.digest) as DigestPreference,
      away: JSON.parse(s.away) as OrgConfig['staff'][number]['away'],
      ...optional('delegate', s.delegate_handle),
      locale: toLocale(s.locale),
    })),
    sites: stored.sites.map((s) => ({
      id: s.id,
      name: s.name,
      origins: JSON.parse(s.origins) as string[],
      // Parsed again so a setting added since it was stored reads as its default, as the apply would store it.
      settings: SiteSettings.parse(JSON.parse(s.settings)),
      rules: JSON.parse(s.rules) as RoutingRule[],
    })),
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/** The fields of two records that differ, by the keys of both (a key only one has is a change to or from nothing). */
function fieldChanges(before: Record<string, unknown>, after: Record<string, unknown>, prefix = '') {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])]
  return keys
    .filter((k) => !same(before[k] ?? null, after[k] ?? null))
    .map((k) => ({ field: `${prefix}${k}`, from: before[k] ?? null, to: after[k] ?? null }))
}

/**
 * What applying `doc` would change, checked exactly as the apply checks it and writing nothing: the document is
 * compared with the organisation's own export, which is what the apply would leave if nothing changed.
 */
export async function previewConfig(db: D1Database, principal: AdminPrincipal, doc: OrgConfig): Promise<ConfigPreview> {
  await checkConfig(db, principal, doc)
  const now = await exportConfig(db, doc.org.id).catch((e: unknown) => {
    // A new organisation: everything in the document is new.
    if (e instanceof ApiError && e.code === 'org_not_found') return null
    throw e
  })
  const staffBefore = new Map((now?.staff ?? []).map((s) => [s.handle, s]))
  const sitesBefore = new Map((now?.sites ?? []).map((s) => [s.id, s]))
  const staffAfter = new Set(doc.staff.map((s) => s.handle))
  const sitesAfter = new Set(doc.sites.map((s) => s.id))
  const adminsBefore = new Map((now?.admins ?? []).map((a) => [a.email, a.name ?? null]))
  const adminsAfter = new Map((doc.admins ?? []).map((a) => [canonicalEmail(a.email), a.name ?? null]))
  const listed = doc.admins !== undefined

  const preview: ConfigPreview = {
    changes: false,
    org: { fields: now ? fieldChanges({ name: now.org.name }, { name: doc.org.name }) : [{ field: 'name', from: null, to: doc.org.name }] },
    admins: {
      listed,
      added: listed ? [...adminsAfter.keys()].filter((e) => !adminsBefore.has(e)) : [],
      removed: listed ? [...adminsBefore.keys()].filter((e) => !adminsAfter.has(e)) : [],
      renamed: listed ? [...adminsAfter].filter(([e, n]) => adminsBefore.has(e) && adminsBefore.get(e) !== n).map(([e]) => e) : [],
    },
    staff: {
      added: doc.staff.filter((s) => !staffBefore.has(s.handle)).map((s) => s.handle),
      changed: doc.staff.flatMap((s) => {
        const before = staffBefore.get(s.handle)
        // A document that leaves the language out means English, as the apply stores it.
        const fields = before ? fieldChanges(before, { ...s, locale: s.locale ?? 'en' }) : []
        return fields.length ? [{ handle: s.handle, fields }] : []
      }),
      deactivated: [...staffBefore.keys()].filter((h) => !staffAfter.has(h)),
    },
    sites: {
      added: doc.sites.filter((s) => !sitesBefore.has(s.id)).map((s) => s.id),
      changed: doc.sites.flatMap((s) => {
        const before = sitesBefore.get(s.id)
        const fields = before ? [...fieldChanges({ name: before.name }, { name: s.name }), ...fieldChanges(before.settings, s.settings, 'settings.')] : []
        return fields.length ? [{ id: s.id, fields }] : []
      }),
      deactivated: [...sitesBefore.keys()].filter((id) => !sitesAfter.has(id)),
    },
    // Origins are a set, rules a list: order matters for rules only.
    origins: doc.sites.flatMap((s) => {
      const before = new Set(sitesBefore.get(s.id)?.origins ?? [])
      const after = new Set(s.origins)
      const added = [...after].filter((o) => !before.has(o))
      const removed = [...before].filter((o) => !after.has(o))
      return added.length || removed.length ? [{ site: s.id, added, removed }] : []
    }),
    rules: doc.sites.flatMap((s) => {
      const before = sitesBefore.get(s.id)?.rules ?? []
      return same(before, s.rules) ? [] : [{ site: s.id, before, after: s.rules }]
    }),
  }
  const { changes: _, admins, ...rest } = preview
  preview.changes =
    admins.added.length + admins.removed.length + admins.renamed.length > 0 ||
    Object.values(rest).some((part) => (Array.isArray(part) ? part.length > 0 : Object.values(part).some((list) => list.length > 0)))
  return preview
}
