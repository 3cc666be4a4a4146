import { html, nothing, type TemplateResult } from 'lit'
import type { ConfigPreview, ErrorIssue, OrgConfig, RoutingRule } from '../../../schema'

/*
 * What applying a configuration document would change, said in words: the worker's preview (ConfigPreview) turned
 * into lists an admin can check before anything is written, and places in the document ("sites.0.rules.2.when")
 * named as people name them ("site news, rule 3, when"). Values are text in <bdi>, never markup.
 */

/** The words for the document's keys; any other key is split from camelCase. */
const fieldWords: Record<string, string> = {
  name: 'name',
  role: 'role',
  email: 'email address',
  photoUrl: 'photo URL',
  bio: 'bio',
  disclaimer: 'disclaimer',
  timeZone: 'time zone',
  digest: 'digest',
  away: 'away periods',
  delegate: 'delegate',
  origins: 'allowed origins',
  settings: 'settings',
  defaultResponder: 'default responder',
  replyTargetHours: 'reply-time target (hours)',
  editWindowMinutes: 'edit window (minutes)',
  moderation: 'pre-moderation',
  requireVerifiedEmail: 'verified email required',
  turnstileSiteKey: 'Turnstile site key',
  bannedWords: 'banned words',
  maxLinks: 'most links per comment',
  pageQuery: 'page query',
  rules: 'routing rules',
  when: 'when',
  assign: 'assign',
  pool: 'pool',
  strategy: 'strategy',
  lead: 'lead',
  staff: 'staff',
  path: 'path',
  page: 'page',
  topic: 'topic',
  frequency: 'frequency',
  hour: 'hour',
  from: 'from',
  to: 'to',
  admins: 'admins',
  org: 'organisation',
  id: 'id',
  handle: 'handle',
}

const wordFor = (key: string) => fieldWords[key] ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()

/** A dotted field of the preview ("settings.moderation") in words ("settings, pre-moderation"). */
export const fieldInWords = (field: string) => field.split('.').map(wordFor).join(', ')

/** A place in a document in words, naming staff and sites by their handle and id where the document has them. */
export function pathInWords(doc: unknown, path: (string | number)[]): string {
  if (!path.length) return 'The document'
  const d = (doc ?? {}) as Partial<OrgConfig>
  const words: string[] = []
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!
    const next = path[i + 1]
    if (typeof next === 'number' && (key === 'staff' || key === 'sites' || key === 'admins' || key === 'rules' || key === 'away' || key === 'pool' || key === 'origins' || key === 'bannedWords')) {
      i++
      if (key === 'staff' && i === 1) words.push(named('staff member', d.staff?.[next]?.handle, next))
      else if (key === 'sites' && i === 1) words.push(named('site', d.sites?.[next]?.id, next))
      else if (key === 'admins' && i === 1) words.push(named('admin', d.admins?.[next]?.email, next))
      else words.push(`${key === 'rules' ? 'rule' : key === 'away' ? 'away period' : wordFor(key)} ${next + 1}`)
    } else words.push(typeof key === 'number' ? `item ${key + 1}` : wordFor(key))
  }
  const text = words.join(', ')
  return text.charAt(0).toUpperCase() + text.slice(1)
}

const named = (what: string, name: string | undefined, index: number) => (typeof name === 'string' && name ? `${what} “${name}”` : `${what} ${index + 1}`)

/** A value of a field as a person reads it. */
export function valueInWords(value: unknown): string {
  if (value === null || value === undefined) return '(none)'
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  if (typeof value === 'number') return String(value)
  if (typeof value === 'string') return value === '' ? '(empty)' : `“${value}”`
  if (Array.isArray(value)) return value.length ? value.map(valueInWords).join(', ') : '(none)'
  const o = value as Record<string, unknown>
  if (typeof o.frequency === 'string') return o.frequency === 'daily' ? `daily at ${String(o.hour).padStart(2, '0')}:00` : String(o.frequency)
  if (typeof o.from === 'string' && typeof o.to === 'string') return `${o.from} to ${o.to}`
  return JSON.stringify(value)
}

/** One routing rule in words: what it matches and who it assigns (by name, where `nameOf` knows the handle). */
export function ruleInWords(rule: RoutingRule, nameOf: (handle: string) => string = (h) => h): string {
  const w = rule.when
  const match =
    'responderAttribute' in w
      ? 'the embed names its responder'
      : 'page' in w
        ? `page “${w.page}”`
        : 'path' in w
          ? `path ${w.path}`
          : 'topic' in w
            ? `topic “${w.topic}”`
            : 'every page'
  const a = rule.assign
  if (!a) return `When ${match}: that responder`
  if ('staff' in a) return `When ${match}: ${nameOf(a.staff)}`
  const strategy = a.strategy === 'round_robin' ? 'in turn' : 'whoever has the fewest open'
  return `When ${match}: one of ${a.pool.map(nameOf).join(', ')} (${strategy})${a.lead ? `, escalations to ${nameOf(a.lead)}` : ''}`
}

const t = (s: string) => html`<bdi>${s}</bdi>`

function changeList(fields: ConfigPreview['org']['fields']): TemplateResult {
  return html`<ul>
    ${fields.map((f) => html`<li>${fieldInWords(f.field)}: ${t(valueInWords(f.from))} → ${t(valueInWords(f.to))}</li>`)}
  </ul>`
}

/** The preview as lists under headings of level `level` (the diff sits under a section's h2). */
export function diffInWords(p: ConfigPreview, doc: unknown, level: 3 | 4 = 3): TemplateResult {
  if (!p.changes) return html`<p>Applying this would change nothing: it is what the organisation has now.</p>`
  const d = (doc ?? {}) as Partial<OrgConfig>
  const staffName = (handle: string) => d.staff?.find((s) => s.handle === handle)?.name
  const siteName = (id: string) => d.sites?.find((s) => s.id === id)?.name
  const nameOf = (handle: string) => staffName(handle) ?? handle
  const heading = (text: string) => (level === 3 ? html`<h3>${text}</h3>` : html`<h4>${text}</h4>`)
  const who = (handle: string) => {
    const name = staffName(handle)
    return name ? html`${t(name)} (${t(handle)})` : t(handle)
  }
  const site = (id: string) => {
    const name = siteName(id)
    return name ? html`${t(name)} (${t(id)})` : t(id)
  }
  const admins = p.admins.added.length + p.admins.removed.length + p.admins.renamed.length > 0
  const staff = p.staff.added.length + p.staff.changed.length + p.staff.deactivated.length > 0
  const sites = p.sites.added.length + p.sites.changed.length + p.sites.deactivated.length + p.origins.length > 0
  return html`<div class="diff">
    ${p.org.fields.length ? html`${heading('Organisation')}${changeList(p.org.fields)}` : nothing}
    ${admins
      ? html`${heading('Admins')}
          <ul>
            ${p.admins.added.map((e) => html`<li>Added: ${t(e)}</li>`)}
            ${p.admins.removed.map((e) => html`<li>Removed: ${t(e)}; they lose access and their sessions end</li>`)}
            ${p.admins.renamed.map((e) => html`<li>Renamed: ${t(e)}</li>`)}
          </ul>`
      : nothing}
    ${staff
      ? html`${heading('Staff')}
          <ul>
            ${p.staff.added.map((h) => html`<li>Added: ${who(h)}</li>`)}
            ${p.staff.changed.map((c) => html`<li>Changed: ${who(c.handle)}${changeList(c.fields)}</li>`)}
            ${p.staff.deactivated.map((h) => html`<li>Deactivated: ${t(h)}; their past replies keep their byline</li>`)}
          </ul>`
      : nothing}
    ${sites
      ? html`${heading('Sites')}
          <ul>
            ${p.sites.added.map((id) => html`<li>Added: ${site(id)}</li>`)}
            ${p.sites.changed.map((c) => html`<li>Changed: ${site(c.id)}${changeList(c.fields)}</li>`)}
            ${p.origins.map(
              (o) =>
                html`<li>
                  Allowed origins of ${site(o.site)}:
                  <ul>
                    ${o.added.map((x) => html`<li>Added: ${t(x)}</li>`)} ${o.removed.map((x) => html`<li>Removed: ${t(x)}</li>`)}
                  </ul>
                </li>`,
            )}
            ${p.sites.deactivated.map((id) => html`<li>Deactivated: ${t(id)}; its embeds stop showing comments</li>`)}
          </ul>`
      : nothing}
    ${p.rules.length
      ? html`${heading('Routing rules')}
          ${p.rules.map(
            (r) =>
              html`<div class="rules">
                <p>Rules of ${site(r.site)}, in order:</p>
                <div class="grid">
                  <div>
                    <p class="label">Before</p>
                    ${ruleList(r.before, nameOf)}
                  </div>
                  <div>
                    <p class="label">After</p>
                    ${ruleList(r.after, nameOf)}
                  </div>
                </div>
              </div>`,
          )}`
      : nothing}
  </div>`
}

const ruleList = (rules: RoutingRule[], nameOf: (handle: string) => string) =>
  rules.length ? html`<ol>${rules.map((r) => html`<li>${t(ruleInWords(r, nameOf))}</li>`)}</ol>` : html`<p class="muted">No rules: the default responder answers everything.</p>`

/** A refusal's issues, each at its place in words. */
export function issueList(doc: unknown, issues: ErrorIssue[]): TemplateResult | typeof nothing {
  if (!issues.length) return nothing
  return html`<ul>
    ${issues.map((i) => html`<li>${pathInWords(doc, i.path)}: ${t(i.message)}</li>`)}
  </ul>`
}
