import type { Doc } from '../../../schema'
import { ApiError } from '../http/errors'
import { countLinks, textToDocument } from '../render/document'
import { findBannedWord } from '../security/abuse'
import { findImpersonated } from '../security/confusables'
import type { HoldReason } from '../store/comments'
import type { SiteRow } from '../store/sites'
import type { StaffRow } from '../store/staff'

/*
 * The rules a visitor's words pass, written once for every operation that takes them (post, edit).
 */

/** The site's content rules: how many links, which words. Returns the body's document tree. */
export function checkContent(settings: SiteRow['settings'], name: string, body: string): Doc {
  const doc = textToDocument(body)
  if (countLinks(doc) > settings.maxLinks)
    throw new ApiError('too_many_links', `A comment may carry at most ${settings.maxLinks} links here.`, [
      { path: ['body'], message: `has more than ${settings.maxLinks} links` },
    ])
  if (findBannedWord(`${name}\n${body}`, settings.bannedWords))
    throw new ApiError('banned_content', 'This comment contains words this site does not accept.', [
      { path: ['body'], message: 'contains a word this site does not accept' },
    ])
  return doc
}

/** A visitor may not sign with a name that passes for a member of staff's. */
export function checkVisitorName(name: string, staff: StaffRow[]): void {
  if (findImpersonated(name, staff.map((s) => s.name)))
    throw new ApiError('reserved_name', `"${name}" is too close to the name of a member of staff. Please use your own name.`, [
      { path: ['name'], message: 'is the name of a member of staff' },
    ])
}

/** What a visitor's standing on a site is made of, for the hold rule. */
export type Standing = { verified: boolean; approvedBefore: boolean }

/**
 * Whether a visitor's comment waits before anyone sees it, and for what: their address's confirmation (when
 * the site requires it), else a moderator (everything, or a visitor's first comment).
 */
export function holdFor(settings: SiteRow['settings'], standing: Standing): HoldReason | null {
  if (settings.requireVerifiedEmail && !standing.verified) return 'unverified'
  if (settings.moderation === 'all' || (settings.moderation === 'first_time' && !standing.approvedBefore)) return 'moderation'
  return null
}
