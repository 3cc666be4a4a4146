import { z } from 'zod'
import { AwayPeriod, StaffConfig } from './config'

/*
 * What a member of staff may change about themselves on their personal page (/me/{token}): each field checked by
 * the org config's own rule for it, so a self-service edit and a config apply accept exactly the same values.
 */

const field = StaffConfig.shape

export const SelfServiceUpdate = z
  .object({
    photoUrl: field.photoUrl,
    bio: field.bio,
    disclaimer: field.disclaimer,
    timeZone: field.timeZone,
    digest: field.digest,
    /** The away period the page edits; null clears it. Other periods the config lists are kept. */
    away: AwayPeriod.nullable(),
    delegate: field.delegate,
  })
  .strict()
export type SelfServiceUpdate = z.infer<typeof SelfServiceUpdate>

/** The page's form fields, by name: what a browser posts, all strings. */
export const selfServiceFields = ['photoUrl', 'bio', 'disclaimer', 'timeZone', 'frequency', 'hour', 'awayFrom', 'awayTo', 'delegate'] as const
export type SelfServiceField = (typeof selfServiceFields)[number]
export type SelfServiceForm = Partial<Record<SelfServiceField, string>>

// Browsers submit a textarea's line breaks as CRLF (old Mac text, lone CR); stored text has LF only.
const toLf = (s: string) => s.replace(/\r\n?/g, '\n')
const orUndefined = (s: string | undefined) => (s === undefined || s.trim() === '' ? undefined : s)

/** The flat form as the update's shape, before validation: empty optional fields are absent, both away dates empty clear it. */
export function selfServiceInput(form: SelfServiceForm): unknown {
  const frequency = form.frequency ?? ''
  const from = orUndefined(form.awayFrom)
  const to = orUndefined(form.awayTo)
  return {
    photoUrl: orUndefined(form.photoUrl)?.trim(),
    bio: toLf(form.bio ?? ''),
    disclaimer: orUndefined(form.disclaimer),
    timeZone: form.timeZone ?? '',
    digest: frequency === 'daily' ? { frequency, hour: /^\d{1,2}$/.test(form.hour ?? '') ? Number(form.hour) : form.hour } : { frequency },
    away: from === undefined && to === undefined ? null : { from: from ?? '', to: to ?? '' },
    delegate: orUndefined(form.delegate),
  }
}

/** Which form field an issue of the update (or of the rules behind it) belongs to. */
export function selfServiceFieldOf(path: readonly PropertyKey[]): SelfServiceField | null {
  const [top, inner] = path
  if (top === 'digest') return inner === 'hour' ? 'hour' : 'frequency'
  if (top === 'away') return inner === 'to' ? 'awayTo' : 'awayFrom'
  return (selfServiceFields as readonly PropertyKey[]).includes(top as PropertyKey) ? (top as SelfServiceField) : null
}
