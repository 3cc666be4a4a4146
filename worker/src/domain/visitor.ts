import { sha256Hex } from '../security/compare'
import { issueVisitorCredential } from '../security/visitor-credential'
import { releaseStatements, visitorStanding } from '../store/moderation'
import { deleteOwnCommentStatements, replaceOwnerTokenStatement } from '../store/own-comments'
import { getActiveSite } from '../store/sites'
import { newToken, spendTokenStatement, type TokenRow } from '../store/tokens'
import {
  eraseVisitorStatements,
  exportVisitor,
  findVisitor,
  getVisitor,
  holdForModerationStatement,
  listHeldForConfirmation,
  markVerifiedStatement,
  unsubscribeStatement,
} from '../store/visitors'
import { commit, type Deps } from './context'
import { canonicalEmail } from '../security/email'
import { holdFor } from './rules'

/*
 * What visitors do from the links we email them: confirm their address, stop mail, take or erase their data,
 * and ask for those links. Each link is a token; spending it is part of the change it allows.
 */

/** What a confirmation link leads to: whose address, on which site, and what confirming would publish. */
export async function confirmationOf(db: D1Database, token: TokenRow) {
  const visitor = token.visitorId ? await getVisitor(db, token.visitorId) : null
  const site = visitor && (await getActiveSite(db, visitor.siteId))
  if (!visitor || !site) return null
  return { visitor, site, held: await listHeldForConfirmation(db, visitor.id) }
}

export type ConfirmOutcome = 'confirmed' | 'published' | 'moderation' | 'discarded'

/** What the confirming browser takes back to the page: its credential and the owner tokens of what it published. */
export type Handoff = { siteId: string; credential: string; owners: Record<string, string>; page: { url: string; title: string | null } | null }

/**
 * The address's owner decides about the comments held for it, having seen them: publish them (each goes out, or
 * on to a moderator when the site's hold rule still holds it) or discard them. Publishing trusts the address
 * only in this browser (a signed credential), and moves the comments' ownership to it: whoever wrote them
 * with someone else's address can no longer edit them. Null when the link no longer leads to anyone.
 */
export async function confirmVisitor(
  deps: Deps,
  token: TokenRow,
  decision: 'publish' | 'discard',
): Promise<{ outcome: ConfirmOutcome; handoff: Handoff | null } | null> {
  const db = deps.env.DB
  const found = await confirmationOf(db, token)
  if (!found) return null
  const { visitor, site, held } = found
  const spend = spendTokenStatement(db, token.hash)
  if (decision === 'discard') {
    await commit(deps, [spend, ...held.flatMap((c) => deleteOwnCommentStatements(db, { id: c.id, conversation_id: c.conversationId }, deps.now))], {
      kind: 'visitor.discarded',
      payload: { visitorId: visitor.id, discarded: held.map((c) => c.id) },
    })
    return { outcome: 'discarded', handoff: null }
  }
  const standing = await visitorStanding(db, { siteId: site.id, email: visitor.email, ipHash: '' })
  const stillHeld = holdFor(site.settings, { verified: true, approvedBefore: standing.approvedBefore }) !== null
  const owners: Record<string, string> = {}
  const handOver: D1PreparedStatement[] = []
  for (const c of held) {
    owners[c.id] = newToken()
    handOver.push(replaceOwnerTokenStatement(db, c.id, await sha256Hex(owners[c.id]!)))
  }
  await commit(
    deps,
    [
      spend,
      markVerifiedStatement(db, visitor.id, deps.now),
      ...handOver,
      ...held.flatMap((c) => (stillHeld ? [holdForModerationStatement(db, c.id)] : releaseStatements(db, c.id, deps.now))),
    ],
    { kind: 'visitor.confirmed', payload: { visitorId: visitor.id, released: stillHeld ? [] : held.map((c) => c.id) } },
  )
  const credential = await issueVisitorCredential(deps.env, { siteId: site.id, email: visitor.email }, deps.now)
  return {
    outcome: !held.length ? 'confirmed' : stillHeld ? 'moderation' : 'published',
    handoff: { siteId: site.id, credential, owners, page: held[0] ? { url: held[0].pageUrl, title: held[0].pageTitle } : null },
  }
}

/** No more mail about one conversation, or about anything the visitor wrote on the site. */
export async function unsubscribe(deps: Deps, u: { visitorId: string; conversationId: string | null; scope: 'conversation' | 'site' }) {
  await commit(deps, [unsubscribeStatement(deps.env.DB, u, deps.now)], {
    kind: 'visitor.unsubscribed',
    payload: { visitorId: u.visitorId, scope: u.scope },
  })
}

const tenMinutes = (now: number) => Math.floor(now / 600_000)

/** A new confirmation link, for an address that has comments waiting for it (the mail says nothing to any other). */
export async function requestVerification(deps: Deps, r: { siteId: string; email: string }): Promise<void> {
  const visitor = await findVisitor(deps.env.DB, r.siteId, canonicalEmail(r.email))
  if (!visitor) return
  await commit(deps, [], {
    kind: 'verification.requested',
    payload: { siteId: r.siteId, email: visitor.email },
    dedupeKey: `verification:${visitor.id}:${tenMinutes(deps.now)}`,
  })
}

/** A confirmation link for an export or deletion, if the address is known on the site; at most one per ten minutes. */
export async function requestPrivacyLink(deps: Deps, r: { siteId: string; email: string; action: 'export' | 'delete' }): Promise<void> {
  const visitor = await findVisitor(deps.env.DB, r.siteId, canonicalEmail(r.email))
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
