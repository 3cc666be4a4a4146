import { z } from 'zod'
import { Locale } from './locale'
import { httpUrl, lineText, optionalBodyText, origin, slug } from './text'

/*
 * The organisation's setup as one JSON document: the org, its staff, its sites and their routing rules.
 * `PUT /v1/admin/config` applies it whole or not at all.
 */

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz })
    return true
  } catch {
    return false
  }
}, 'must be an IANA time zone such as Europe/London')

export const DigestPreference = z.discriminatedUnion('frequency', [
  z.object({ frequency: z.literal('immediate') }),
  z.object({ frequency: z.literal('hourly') }),
  z.object({ frequency: z.literal('daily'), hour: z.number().int().min(0).max(23).describe('Local hour, 0-23') }),
])
export type DigestPreference = z.infer<typeof DigestPreference>

const localDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/, 'must be a local date (2026-12-24) or date and time (2026-12-24T13:00)')

/** Away from `from` to `to`, in the person's own time zone; a date alone means the whole day. */
export const AwayPeriod = z
  .object({ from: localDateTime, to: localDateTime })
  .strict()
  .refine((p) => p.from.padEnd(16, 'T') <= p.to.padEnd(16, 'T'), { message: '"to" must not be before "from"', path: ['to'] })
export type AwayPeriod = z.infer<typeof AwayPeriod>

export const StaffConfig = z
  .object({
    handle: slug.describe('Stable id, used in rules and embeds'),
    name: lineText(100),
    role: lineText(100),
    email: z.email().max(254),
    photoUrl: z.union([httpUrl, z.string().regex(/^\/[^\s]*$/, 'must be an http(s) URL or a path')]).optional(),
    bio: optionalBodyText(280).default(''),
    disclaimer: lineText(140).optional(),
    timeZone: timeZone.default('UTC'),
    digest: DigestPreference.default({ frequency: 'daily', hour: 9 }),
    away: z.array(AwayPeriod).max(50).default([]).describe('Periods when new conversations skip this person'),
    delegate: slug.optional().describe('Takes new and overdue conversations while this person is away'),
    // Optional rather than defaulted, so documents and code written before it stay valid as they are; absent is English.
    locale: Locale.optional().describe('The language of the emails this person gets: en (when left out), fr, de, es or ar'),
  })
  .strict()
export type StaffConfig = z.infer<typeof StaffConfig>

const pathPattern = z
  .string()
  .max(512)
  .regex(/^\/[^\s?#]*$/, 'must be a path starting with / (use * for one segment, ** for any)')

/** What a rule looks at. */
export const RuleMatch = z.union([
  z
    .object({ responderAttribute: z.literal(true) })
    .strict()
    .describe('The embed names its responder (responder="handle"); having this rule is what allows it'),
  z.object({ page: z.string().min(1).max(512) }).strict(),
  z.object({ path: pathPattern }).strict(),
  z.object({ topic: slug }).strict(),
  z.object({ always: z.literal(true) }).strict().describe('Matches every page: a fallback'),
])
export type RuleMatch = z.infer<typeof RuleMatch>

/** Who a matching rule assigns. */
export const RuleAssign = z.union([
  z.object({ staff: slug }).strict(),
  z
    .object({
      pool: z.array(slug).min(1),
      strategy: z.enum(['round_robin', 'least_open']),
      lead: slug.optional().describe('Receives escalations from this pool'),
    })
    .strict(),
])
export type RuleAssign = z.infer<typeof RuleAssign>

export const RoutingRule = z.object({ when: RuleMatch, assign: RuleAssign.optional() }).strict()
export type RoutingRule = z.infer<typeof RoutingRule>

export const SiteSettings = z
  .object({
    defaultResponder: slug.describe('Answers whatever no rule claims, and whatever nobody else can'),
    replyTargetHours: z.number().positive().max(24 * 30).default(24),
    editWindowMinutes: z.number().int().min(0).max(24 * 60).default(15).describe('How long visitors may edit their comment'),
    moderation: z
      .enum(['none', 'first_time', 'all'])
      .default('none')
      .describe('Hold comments for approval: none, a visitor\'s until one is approved, or all'),
    requireVerifiedEmail: z.boolean().default(false).describe('Hold comments until the visitor confirms their address'),
    turnstileSiteKey: z.string().min(1).max(100).optional().describe('Cloudflare Turnstile site key; omit to not use Turnstile'),
    bannedWords: z.array(z.string().trim().min(1).max(100)).max(1000).default([]).describe('Comments containing these words are refused'),
    maxLinks: z.number().int().min(0).max(50).default(3).describe('Most links a comment may carry'),
    pageQuery: z
      .enum(['drop', 'keep'])
      .default('drop')
      .describe(
        "Is a page URL's query part of the page? drop: /news?id=1 is /news; keep: each query (parameters sorted) is its own page. The fragment never is",
      ),
  })
  .strict()
export type SiteSettings = z.infer<typeof SiteSettings>

export const SiteConfig = z
  .object({
    id: slug.describe('Used in the embed: data-site="…"'),
    name: lineText(100),
    origins: z.array(origin).min(1).max(50).describe('Origins whose pages may embed this site'),
    settings: SiteSettings,
    rules: z.array(RoutingRule).max(200).default([]),
  })
  .strict()
export type SiteConfig = z.infer<typeof SiteConfig>

function duplicates(values: string[]): string[] {
  const seen = new Set<string>()
  return values.filter((v) => (seen.has(v) ? true : (seen.add(v), false)))
}

/** Someone who may sign in to the organisation's console (by a link mailed to this address). */
export const OrgAdminConfig = z.object({ email: z.email().max(254), name: lineText(100).optional() }).strict()
export type OrgAdminConfig = z.infer<typeof OrgAdminConfig>

export const OrgConfig = z
  .object({
    $schema: z.string().optional(),
    org: z.object({ id: slug, name: lineText(100) }).strict(),
    admins: z
      .array(OrgAdminConfig)
      .max(100)
      .optional()
      .describe("Who may sign in to the console; when given, exactly these (others lose access); left out, the current list stays"),
    staff: z.array(StaffConfig).min(1).max(500),
    sites: z.array(SiteConfig).min(1).max(100),
  })
  .strict()
  .superRefine((doc, ctx) => {
    const handles = new Set(doc.staff.map((s) => s.handle))
    for (const h of duplicates(doc.staff.map((s) => s.handle)))
      ctx.addIssue({ code: 'custom', path: ['staff'], message: `staff handle "${h}" is declared twice` })
    for (const id of duplicates(doc.sites.map((s) => s.id)))
      ctx.addIssue({ code: 'custom', path: ['sites'], message: `site id "${id}" is declared twice` })
    for (const email of duplicates((doc.admins ?? []).map((a) => a.email.toLowerCase())))
      ctx.addIssue({ code: 'custom', path: ['admins'], message: `admin "${email}" is listed twice` })
    const known = (handle: string, path: (string | number)[]) => {
      if (!handles.has(handle)) ctx.addIssue({ code: 'custom', path, message: `no staff member has the handle "${handle}"` })
    }
    doc.staff.forEach((member, i) => {
      if (!member.delegate) return
      known(member.delegate, ['staff', i, 'delegate'])
      // Delegation must end somewhere: A → B → A would pass a conversation round for ever.
      const chain = [member.handle]
      for (let h: string | undefined = member.delegate; h; h = doc.staff.find((s) => s.handle === h)?.delegate) {
        if (chain.includes(h)) {
          ctx.addIssue({ code: 'custom', path: ['staff', i, 'delegate'], message: `delegates go round in a loop: ${[...chain, h].join(' → ')}` })
          break
        }
        chain.push(h)
      }
    })
    doc.sites.forEach((site, i) => {
      known(site.settings.defaultResponder, ['sites', i, 'settings', 'defaultResponder'])
      site.rules.forEach((rule, j) => {
        const at = ['sites', i, 'rules', j, 'assign']
        if (!rule.assign) {
          if (!('responderAttribute' in rule.when))
            ctx.addIssue({ code: 'custom', path: at, message: 'only a responderAttribute rule may leave out "assign"' })
          return
        }
        if ('staff' in rule.assign) known(rule.assign.staff, [...at, 'staff'])
        else {
          rule.assign.pool.forEach((h, k) => known(h, [...at, 'pool', k]))
          if (rule.assign.lead) known(rule.assign.lead, [...at, 'lead'])
        }
      })
    })
  })
  .meta({ id: 'OrgConfig', title: 'Byline organisation configuration' })
export type OrgConfig = z.infer<typeof OrgConfig>
export type OrgConfigInput = z.input<typeof OrgConfig>

export const AppliedConfig = z
  .object({
    org: z.object({ id: slug, name: z.string() }),
    sites: z.array(z.object({ id: slug, active: z.boolean() })),
    staff: z.object({ active: z.array(slug), deactivated: z.array(slug) }),
  })
  .meta({ id: 'AppliedConfig' })
export type AppliedConfig = z.infer<typeof AppliedConfig>

/** Ask for a new admin credential of an organisation. */
export const AdminTokenRequest = z
  .object({ label: lineText(100).describe('What the credential is for, e.g. "CMS integration"; shown in the console') })
  .strict()
  .meta({ id: 'AdminTokenRequest' })

export const AdminToken = z
  .object({
    orgId: slug,
    token: z.string().describe('Send as Authorization: Bearer <token>. Shown once: only its hash is kept'),
  })
  .meta({ id: 'AdminToken' })
export type AdminToken = z.infer<typeof AdminToken>
