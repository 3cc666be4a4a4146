import type { ConsoleActivity, ConsoleMe } from '../../../schema'
import { sha256Hex } from '../security/compare'
import { canonicalEmail } from '../security/email'
import {
  endSessionStatement,
  findSession,
  findAdminForSignIn,
  findSignInToken,
  listActivity,
  openSessionStatement,
  purgeConsoleStatements,
  spendSignInTokenStatement,
  touchSessionStatement,
} from '../store/console'
import { newToken } from '../store/tokens'
import { commit, type Actor, type Deps } from './context'

/*
 * Console sign-in, the rules once: a magic link mailed to an organisation's admin opens a session when its page is
 * confirmed (a POST; the GET only shows). Links are single use, 15 minutes; sessions end after 12 hours unused or
 * 7 days in all, or at sign-out. Secrets (link, session id) are only ever stored as their SHA-256.
 */

export const SESSION_IDLE_MS = 12 * 3_600_000
export const SESSION_MAX_MS = 7 * 86_400_000
/** A session's last use is written at most this often: a console page's many calls write once. */
const TOUCH_EVERY_MS = 60_000

/** Who a console session is: one admin of one organisation; everything it reaches is scoped to `orgId`. */
export type ConsolePrincipal = Actor & { sessionId: string; orgName: string; name: string | null; signedInAt: number; lastSeenAt: number; expiresAt: number }

const tenMinutes = (now: number) => Math.floor(now / 600_000)

/**
 * A sign-in link for an admin; nothing for any other address (the caller answers the same either way). At most one
 * per address and ten minutes, like every other mailed link, except that a link used to sign in starts a new window:
 * signing out and straight back in must not wait for the window to turn.
 */
export async function requestSignIn(deps: Deps, r: { orgId: string; email: string }): Promise<void> {
  const email = canonicalEmail(r.email)
  const admin = await findAdminForSignIn(deps.env.DB, r.orgId, email)
  if (!admin) return
  await commit(deps, [], {
    kind: 'console.sign_in_requested',
    payload: { orgId: r.orgId, email },
    dedupeKey: `console-sign-in:${r.orgId}:${email}:${tenMinutes(deps.now)}:${admin.lastSignIn ?? 0}`,
  })
}

/** What a sign-in link is now. `broken`: malformed, tampered or never issued. */
export type LinkState =
  | { state: 'valid' | 'expired' | 'used'; orgId: string; orgName: string; email: string; hash: string }
  | { state: 'broken' }

const LinkToken = /^[a-z2-7]{26}$/

export async function signInLink(db: D1Database, token: string, now: number): Promise<LinkState> {
  if (!LinkToken.test(token)) return { state: 'broken' }
  const hash = await sha256Hex(token)
  const row = await findSignInToken(db, hash)
  if (!row) return { state: 'broken' }
  const state = row.usedAt !== null ? 'used' : row.expiresAt <= now ? 'expired' : 'valid'
  return { state, orgId: row.orgId, orgName: row.orgName, email: row.email, hash }
}

/**
 * Spends the link and opens a session, in one transaction: the link is spent only if it is unused and unexpired at
 * that moment, and the session opened only for the link just spent, by an address still an admin. Answers the new
 * session's id (for the cookie), or what the link turned out to be.
 */
export async function signIn(deps: Deps, token: string): Promise<{ sessionId: string } | { refused: LinkState }> {
  const db = deps.env.DB
  const link = await signInLink(db, token, deps.now)
  if (link.state !== 'valid') return { refused: link }
  const sessionId = `${newToken()}${newToken()}`
  const sessionHash = await sha256Hex(sessionId)
  const results = await commit(
    { ...deps, actor: { orgId: link.orgId, email: link.email } },
    [spendSignInTokenStatement(db, link.hash, sessionHash, deps.now), openSessionStatement(db, sessionHash, deps.now, deps.now + SESSION_MAX_MS)],
    { kind: 'console.signed_in', payload: { orgId: link.orgId } },
    { sql: 'EXISTS (SELECT 1 FROM admin_sessions WHERE hash = ?6)', param: sessionHash },
  )
  if (results[1]!.meta.changes === 1) return { sessionId }
  // Spent, but its address is no longer an admin: the link does not sign in any more.
  if (results[0]!.meta.changes === 1) return { refused: { state: 'broken' } }
  // Spent by another tab meanwhile, expired this instant, or its admin removed: say what it is now.
  const now = await signInLink(db, token, deps.now)
  return { refused: now.state === 'valid' ? { state: 'broken' } : now }
}

/** The cron's part: ended sessions and long-dead sign-in links go (a session is also ended when it is next shown). */
export async function purgeConsole(db: D1Database, now: number): Promise<void> {
  await db.batch(purgeConsoleStatements(db, now, SESSION_IDLE_MS))
}

/** The session a cookie names: its principal, or why there is none. Notes its use (idle expiry). */
export async function sessionOf(deps: Deps, sessionId: string): Promise<ConsolePrincipal | 'missing' | 'expired'> {
  if (!/^[a-z2-7]{52}$/.test(sessionId)) return 'missing'
  const db = deps.env.DB
  const hash = await sha256Hex(sessionId)
  const row = await findSession(db, hash)
  if (!row) return 'missing'
  if (row.expiresAt <= deps.now || row.lastSeenAt + SESSION_IDLE_MS <= deps.now) {
    await endSessionStatement(db, hash).run()
    return 'expired'
  }
  const touched = deps.now - row.lastSeenAt >= TOUCH_EVERY_MS
  if (touched) await touchSessionStatement(db, hash, deps.now).run()
  return {
    orgId: row.orgId,
    orgName: row.orgName,
    email: row.email,
    name: row.name,
    sessionId: hash,
    signedInAt: row.createdAt,
    lastSeenAt: touched ? deps.now : row.lastSeenAt,
    expiresAt: row.expiresAt,
  }
}

/** Ends the session; recorded in the activity log like any admin action. */
export async function signOut(deps: Deps, principal: ConsolePrincipal): Promise<void> {
  await commit({ ...deps, actor: principal }, [endSessionStatement(deps.env.DB, principal.sessionId)], {
    kind: 'console.signed_out',
    payload: { orgId: principal.orgId },
  })
}

const iso = (ms: number) => new Date(ms).toISOString()

export function describeSession(p: ConsolePrincipal): ConsoleMe {
  return {
    org: { id: p.orgId, name: p.orgName },
    admin: { email: p.email, name: p.name },
    session: {
      signedInAt: iso(p.signedInAt),
      expiresAt: iso(p.expiresAt),
      idleExpiresAt: iso(Math.min(p.expiresAt, p.lastSeenAt + SESSION_IDLE_MS)),
    },
  }
}

/** One page of the organisation's activity log, newest first. */
export async function activityPage(db: D1Database, p: { orgId: string; before: number | null; limit: number }): Promise<ConsoleActivity> {
  // One more than asked says whether there is a next page.
  const rows = await listActivity(db, { ...p, limit: p.limit + 1 })
  const page = rows.slice(0, p.limit)
  return {
    entries: page.map((r) => ({ id: r.id, at: iso(r.createdAt), actor: { email: r.email }, action: r.kind, target: r.target })),
    next: rows.length > p.limit ? page.at(-1)!.id : null,
  }
}
