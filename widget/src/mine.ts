import type { Comment } from '../../schema/api/thread'
import { read, write } from './draft'

/*
 * What only this browser knows about the visitor's own comments, per site. The owner token is the visitor's proof
 * that a comment is theirs; the source is the text they typed, since the thread carries only the rendered Doc; a
 * pending comment is kept whole, because the worker shows it to nobody until it is published. All of it stays on
 * this device: nobody else sees Edit or Delete, and clearing storage gives up the means to use them.
 */

/** A comment waiting for a moderator or for its author to confirm their email. */
export interface Pending {
  comment: Comment
  reason: 'moderation' | 'unverified'
  /** Where the confirmation link went. */
  email: string
  /** The page it was posted on (the draft's page key). */
  page: string
}

/** A comment this browser posted. */
export interface Mine {
  token?: string
  source?: string
  pending?: Pending
}

const key = (site: string) => `byline:mine:${site}`

/** Comment id → what this browser holds about it. Written by this widget alone, so taken as it was written. */
export const loadMine = (site: string) => read(key(site)) as Record<string, Mine>

export const saveMine = (site: string, mine: Record<string, Mine>) => write(key(site), mine)
