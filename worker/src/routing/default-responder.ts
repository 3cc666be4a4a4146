import type { SiteSettings } from '../../../schema'

export type Candidate = { id: string; handle: string; active: boolean }

export type Decision<S> = { staff: S; reason: 'default_responder' }

/**
 * Who answers a new comment on this site. For now: the site's default responder.
 * Pure: the same settings and staff always give the same answer.
 */
export function chooseResponder<S extends Candidate>(settings: SiteSettings, staff: S[]): Decision<S> {
  const chosen = staff.find((s) => s.handle === settings.defaultResponder && s.active)
  // The config refuses a site whose default responder is not on the staff, so this is a broken database.
  if (!chosen) throw new Error(`default responder ${settings.defaultResponder} is not active staff`)
  return { staff: chosen, reason: 'default_responder' }
}
