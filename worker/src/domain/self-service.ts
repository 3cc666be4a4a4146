import type { AwayPeriod, ErrorIssue, SelfServiceUpdate } from '../../../schema'
import { ApiError } from '../http/errors'
import { getOwnProfile, updateOwnProfileStatement, type OwnProfile, type ProfileChange } from '../store/self-service'
import { zonedInstant } from '../time/zone'
import { commit, type Deps } from './context'

/*
 * A member of staff changing their own profile, digest and away period from their personal page: no console
 * account, the emailed link is the credential. Each change is logged like an admin's, with them as the actor.
 */

/** When a period ends, in the person's zone: a date alone lasts the whole day. */
const endOf = (p: AwayPeriod, timeZone: string) => zonedInstant(p.to.length === 10 ? `${p.to}T24:00` : p.to, timeZone)

/** The away period the page edits: the first that has not ended yet (current or next); the others stay as they are. */
export function editableAway(p: Pick<OwnProfile, 'away' | 'timeZone'>, now: number): AwayPeriod | null {
  return p.away.find((a) => endOf(a, p.timeZone) > now) ?? null
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/**
 * Saves what the person chose. Refused (invalid_request, with issues by field) when the delegate is not an active
 * colleague or is themselves, or the away period is over already. Nothing changed: nothing written, nothing logged.
 * Returns the fields that changed.
 */
export async function updateOwnProfile(deps: Deps, r: { staffId: string; update: SelfServiceUpdate }): Promise<string[]> {
  const me = await getOwnProfile(deps.env.DB, r.staffId)
  if (!me?.active) throw new ApiError('staff_not_found', 'This link is not for an active member of staff.')
  const u = r.update
  const issues: ErrorIssue[] = []
  if (u.delegate === me.handle) issues.push({ path: ['delegate'], message: 'must be a colleague, not yourself' })
  else if (u.delegate !== undefined && !me.colleagues.some((c) => c.handle === u.delegate))
    issues.push({ path: ['delegate'], message: 'must be an active colleague' })
  if (u.away && endOf(u.away, u.timeZone) <= deps.now) issues.push({ path: ['away', 'to'], message: 'must not be in the past' })
  if (issues.length) throw new ApiError('invalid_request', `Your changes were not saved: ${issues.map((i) => i.message).join('; ')}.`, issues)

  const edited = editableAway(me, deps.now)
  const others = me.away.filter((a) => a !== edited)
  const next: ProfileChange = {
    photoUrl: u.photoUrl ?? null,
    bio: u.bio,
    disclaimer: u.disclaimer ?? null,
    timeZone: u.timeZone,
    digest: u.digest,
    away: u.away ? [...others, u.away] : others,
    delegate: u.delegate ?? null,
  }
  const fields = (Object.keys(next) as (keyof ProfileChange)[]).filter((k) => !same(next[k], me[k]))
  if (!fields.length) return []
  await commit({ ...deps, actor: { orgId: me.orgId, email: me.email } }, [updateOwnProfileStatement(deps.env.DB, me.id, next, deps.now)], {
    kind: 'staff.profile_updated',
    payload: { staffId: me.id, fields },
  })
  return fields
}

/**
 * A fresh link to the personal page, mailed to the person's own address; nothing for anyone else (the caller answers
 * the same either way). At most one per person and ten minutes, like every other mailed link.
 */
export async function requestSelfServiceLink(deps: Deps, staffId: string | null): Promise<void> {
  if (staffId === null) return
  const me = await getOwnProfile(deps.env.DB, staffId)
  if (!me?.active) return
  await commit(deps, [], {
    kind: 'staff.self_link_requested',
    payload: { staffId },
    dedupeKey: `self-link:${staffId}:${Math.floor(deps.now / 600_000)}`,
  })
}
