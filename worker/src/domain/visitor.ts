import { releaseStatements, visitorStanding } from '../store/moderation'
import { getActiveSite } from '../store/sites'
import { spendTokenStatement, type TokenRow } from '../store/tokens'
import {
  eraseVisitorStatements,
  exportVisitor,
  findVisitor,
  getVisitor,
  holdForModerationStatement,
  listUnverifiedHolds,
  markVerifiedStatement,
  unsubscribeStatement,
} from '../store/visitors'
import { commit, type Deps } from './context'
import { holdFor } from './rules'

/*
 * What visitors do from the links we email them: confirm their address, stop mail, take or erase their data,
 * and ask for those links. Each link is a token; spending it is part of the change it allows.
 */

export type ConfirmOutcome = 'confirmed' | 'published' | 'moderation'

/**
 * The visitor proves their address: it counts as confirmed, and each comment held for it goes out, or on to
 * a moderator when the site's hold rule still holds it. Null when the link no longer leads to anyone.
 */
export async function confirmVisitor(deps: Deps, token: TokenRow): Promise<ConfirmOutcome | null> {
  const db = deps.env.DB
  const visitor = token.visitorId ? await getVisitor(db, token.visitorId) : null
  const site = visitor && (await getActiveSite(db, visitor.siteId))
  if (!visitor || !site) return null
  const standing = await visitorStanding(db, { siteId: site.id, email: visitor.email, ipHash: '' })
  const stillHeld = holdFor(site.settings, { verified: true, approvedBefore: standing.approvedBefore }) !== null
  const held = await listUnverifiedHolds(db, visitor.id)
  await commit(
    deps,
    [
      spendTokenStatement(db, token.hash),
      markVerifiedStatement(db, visitor.id, deps.now),
      ...held.flatMap((id) => (stillHeld ? [holdForModerationStatement(db, id)] : releaseStatements(db, id, deps.now))),
    ],
    { kind: 'visitor.confirmed', payload: { visitorId: visitor.id, released: stillHeld ? [] : held } },
  )
  return !held.length ? 'confirmed' : stillHeld ? 'moderation' : 'published'
}

/** No more mail about one conversation, or about anything the visitor wrote on the site. */
export async function unsubscribe(deps: Deps, u: { visitorId: string; conversationId: string | null; scope: 'conversation' | 'site' }) {
  await commit(deps, [unsubscribeStatement(deps.env.DB, u, deps.now)], {
    kind: 'visitor.unsubscribed',
    payload: { visitorId: u.visitorId, scope: u.scope },
  })
}

const tenMinutes = (now: number) => Math.floor(now / 600_000)

/** A new confirmation link, for an address that has comments waiting for it; nothing for any other. */
export async function requestVerification(deps: Deps, r: { siteId: string; email: string }): Promise<void> {
  const visitor = await findVisitor(deps.env.DB, r.siteId, r.email)
  if (!visitor || visitor.verifiedAt !== null) return
  await commit(deps, [], {
    kind: 'verification.requested',
    payload: { siteId: r.siteId, email: visitor.email },
    dedupeKey: `verification:${visitor.id}:${tenMinutes(deps.now)}`,
  })
}

/** A confirmation link for an export or deletion, if the address is known on the site; at most one per ten minutes. */
export async function requestPrivacyLink(deps: Deps, r: { siteId: string; email: string; action: 'export' | 'delete' }): Promise<void> {
  const visitor = await findVisitor(deps.env.DB, r.siteId, r.email)
  if (!visitor) return
  await commit(deps, [], {
    kind: 'privacy.requested',
    payload: { visitorId: visitor.id, action: r.action },
    dedupeKey: `privacy:${visitor.id}:${r.action}:${tenMinutes(deps.now)}`,
  })
}

/** Everything held about the visitor, for them to take away; the link is spent. */
export async function exportVisitorData(deps: Deps, token: TokenRow) {
  const data = await exportVisitor(deps.env.DB, token.visitorId!)
  await commit(deps, [spendTokenStatement(deps.env.DB, token.hash)], { kind: 'privacy.exported', payload: { visitorId: token.visitorId! } })
  return data
}

/** The visitor's address and name go from every comment they wrote on the site; the link is spent. */
export async function eraseVisitor(deps: Deps, token: TokenRow): Promise<void> {
  const db = deps.env.DB
  const visitor = await getVisitor(db, token.visitorId!)
  if (!visitor) return
  await commit(deps, [spendTokenStatement(db, token.hash), ...eraseVisitorStatements(db, visitor, deps.now)], {
    kind: 'visitor.erased',
    payload: { visitorId: visitor.id },
  })
}
