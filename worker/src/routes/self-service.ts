import { Hono, type Context } from 'hono'
import { selfServiceFieldOf, selfServiceFields, selfServiceInput, SelfServiceUpdate, type SelfServiceField, type SelfServiceForm } from '../../../schema'
import { editableAway, requestSelfServiceLink, updateOwnProfile } from '../domain/self-service'
import type { AppEnv } from '../env'
import { depsFor } from '../events/after-commit'
import { ApiError } from '../http/errors'
import { readForm } from '../http/validate'
import { newLinkSent, selfServicePage, selfServiceRefusal } from '../pages/self-service'
import { pageHeaders } from '../render/page'
import { getOwnProfile, type OwnProfile } from '../store/self-service'
import { findToken } from '../store/tokens'
import { assertSameOrigin } from './answer'

/*
 * A member of staff's personal page, mounted at /me: the link at the end of every staff email is the credential
 * (one person, 14 days, stored hashed). GET only shows (mail scanners open links); saving is the form's POST.
 */

const FORM_MAX_BYTES = 16 * 1024

type Credential = { token: string; me: OwnProfile }

async function credential(c: Context<AppEnv>): Promise<{ refused: Response } | Credential> {
  const raw = c.req.param('token') ?? ''
  const token = await findToken(c.env.DB, raw, 'self_service', Date.now())
  if (!token?.staffId) return { refused: c.html(selfServiceRefusal({ kind: 'broken' }), 403) }
  if (token.expired) return { refused: c.html(selfServiceRefusal({ kind: 'expired', token: raw }), 410) }
  const me = await getOwnProfile(c.env.DB, token.staffId)
  if (!me?.active) return { refused: c.html(selfServiceRefusal({ kind: 'not_staff' }), 403) }
  return { token: raw, me }
}

// A date alone means the whole local day; the datetime-local field needs a time, so it shows the same span.
const fromField = (d: string) => (d.length === 10 ? `${d}T00:00` : d)
function toField(d: string): string {
  if (d.length !== 10) return d
  const next = new Date(Date.parse(`${d}T00:00Z`) + 86_400_000)
  return `${next.toISOString().slice(0, 10)}T00:00`
}

/** The saved values as the form's fields. */
function formOf(me: OwnProfile, now: number): SelfServiceForm {
  const away = editableAway(me, now)
  return {
    photoUrl: me.photoUrl ?? '',
    bio: me.bio,
    disclaimer: me.disclaimer ?? '',
    timeZone: me.timeZone,
    frequency: me.digest.frequency,
    hour: String(me.digest.frequency === 'daily' ? me.digest.hour : 9),
    awayFrom: away ? fromField(away.from) : '',
    awayTo: away ? toField(away.to) : '',
    delegate: me.delegate ?? '',
  }
}

let zoneList: string[] | undefined
/** Every IANA zone the runtime knows, UTC first. */
function zones(): string[] {
  zoneList ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')]
  return zoneList
}

function show(c: Context<AppEnv>, found: Credential, values: SelfServiceForm, errors?: Partial<Record<SelfServiceField, string>>) {
  const { me } = found
  return c.html(
    selfServicePage({
      token: found.token,
      me: { name: me.name, role: me.role, orgName: me.orgName },
      values,
      colleagues: me.colleagues,
      zones: zones(),
      ...(errors ? { errors } : {}),
      ...(c.req.query('done') === 'saved' ? { saved: true } : {}),
    }),
    errors ? 400 : 200,
  )
}

/** Each issue beside its field, the first one per field; an issue no field owns goes to the first field. */
type Issue = { path: readonly PropertyKey[]; message: string; code?: string; errors?: Issue[][] }

function errorsOf(issues: Issue[]): Partial<Record<SelfServiceField, string>> {
  const errors: Partial<Record<SelfServiceField, string>> = {}
  for (const issue of issues) {
    const field = selfServiceFieldOf(issue.path) ?? 'photoUrl'
    // A field that takes one of several forms (a URL or a path) says so in its last form's words.
    const message = (issue.code === 'invalid_union' && issue.errors?.at(-1)?.[0]?.message) || issue.message
    errors[field] ??= `This ${message}.`
  }
  return errors
}

export const selfServicePages = new Hono<AppEnv>()
  .use(pageHeaders)

  .get('/:token', async (c) => {
    const found = await credential(c)
    return 'refused' in found ? found.refused : show(c, found, formOf(found.me, Date.now()))
  })

  .post('/:token', async (c) => {
    assertSameOrigin(c)
    const found = await credential(c)
    if ('refused' in found) return found.refused
    const raw = await readForm(c.req.raw, FORM_MAX_BYTES)
    // What was typed, field by field, exactly: a refused form gives it back.
    const typed: SelfServiceForm = Object.fromEntries(selfServiceFields.map((f) => [f, raw[f] ?? '']))
    const update = SelfServiceUpdate.safeParse(selfServiceInput(typed))
    if (!update.success) return show(c, found, typed, errorsOf(update.error.issues as Issue[]))
    try {
      await updateOwnProfile(depsFor(c.env, c.executionCtx), { staffId: found.me.id, update: update.data })
    } catch (error) {
      if (error instanceof ApiError && error.code === 'invalid_request' && error.issues) return show(c, found, typed, errorsOf(error.issues))
      throw error
    }
    return c.redirect(`/me/${found.token}?done=saved`, 303)
  })

  // The same answer for any link, expired, broken or someone else's: it tells nobody whose it was.
  .post('/:token/renew', async (c) => {
    assertSameOrigin(c)
    const token = await findToken(c.env.DB, c.req.param('token'), 'self_service', Date.now())
    await requestSelfServiceLink(depsFor(c.env, c.executionCtx), token?.staffId ?? null)
    return c.html(newLinkSent())
  })
