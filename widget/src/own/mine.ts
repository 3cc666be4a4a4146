import type { Comment } from '../../../schema/api/thread'
import { mineKey, read, unhashed, visitorKey, write } from '../shared'

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

export const saveMine = (site: string, mine: Record<string, Mine>) => write(mineKey(site), mine)

/*
 * Confirming an address on the worker's page trusts it in that browser only. The page's "Back to …" link carries, in
 * a fragment that never reaches a server, `#byline-confirmed=` and base64url JSON `{ site, credential, owners }`: the
 * site's credential for the address, which every later post carries, and new owner tokens (comment id → token) for
 * the comments it published; their old tokens no longer work, so whoever wrote them elsewhere cannot edit them.
 */

/** The hand-off as the fragment has it: a URL, which anyone can write. */
interface Handoff {
  site: unknown
  credential: unknown
  owners: Record<string, string>
}

/**
 * Comment id → what this browser holds about it; written by this widget alone, so taken as it was written, once
 * this site's hand-off, if the address has one, is taken in and out of the address bar.
 */
export function loadMine(site: string) {
  const mine = read(mineKey(site)) as Record<string, Mine>
  try {
    const b64 = location.hash.split('byline-confirmed=')[1]!
    const h: Handoff = JSON.parse(atob(b64.replace(/-/g, '+').replace(/_/g, '/')))
    if (h.site === site) {
      history.replaceState(history.state, '', unhashed(location.href))
      // Always a string the worker accepts: a forged link must not stop this browser from posting.
      write(visitorKey(site), { ...read(visitorKey(site)), credential: String(h.credential).slice(0, 1000) })
      for (const [id, token] of Object.entries(h.owners)) {
        const m = (mine[id] ??= {})
        // A forged link must not take away the token of a comment this browser already owns.
        if (m.token && !m.pending) continue
        m.token = token
        // Published, which the thread will show, or on to a moderator: no longer waiting for the address.
        if (m.pending) m.pending.reason = 'moderation'
      }
      saveMine(site, mine)
    }
  } catch {
    // No hand-off, or not one this widget can read.
  }
  return mine
}
