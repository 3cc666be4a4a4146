import type { EventGuard } from './events'

/*
 * The console's SQL: an organisation's admins, the magic links mailed to them, the sessions those links open, and
 * the activity log. Addresses arrive here in their canonical form (security/email.ts).
 */

/**
 * Makes the organisation's admins exactly these, in statements for the config batch. Whoever is no longer listed
 * loses their sessions with their place: removing an admin signs them out.
 */
export function replaceOrgAdminsStatements(
  db: D1Database,
  orgId: string,
  admins: { email: string; name: string | null }[],
  now: number,
): D1PreparedStatement[] {
  const list = JSON.stringify(admins.map((a) => [a.email, a.name]))
  const emails = JSON.stringify(admins.map((a) => a.email))
  return [
    db
      .prepare(
        `INSERT INTO org_admins (org_id, email, name, created_at, updated_at)
         SELECT ?1, value ->> 0, value ->> 1, ?3, ?3 FROM json_each(?2) WHERE true
         ON CONFLICT (org_id, email) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at
         WHERE name IS NOT excluded.name`,
      )
      .bind(orgId, list, now),
    db.prepare(`DELETE FROM org_admins WHERE org_id = ?1 AND email NOT IN (SELECT value FROM json_each(?2))`).bind(orgId, emails),
    db.prepare(`DELETE FROM admin_sessions WHERE org_id = ?1 AND email NOT IN (SELECT value FROM json_each(?2))`).bind(orgId, emails),
  ]
}

export type OrgAdmin = { orgId: string; orgName: string; email: string; name: string | null }

/** The admin, if the address is one of the organisation's, with when a link of theirs last signed in. */
export async function findAdminForSignIn(db: D1Database, orgId: string, email: string): Promise<{ lastSignIn: number | null } | null> {
  return db
    .prepare(
      `SELECT (SELECT max(t.used_at) FROM console_sign_in_tokens t WHERE t.org_id = a.org_id AND t.email = a.email) AS lastSignIn
         FROM org_admins a WHERE a.org_id = ?1 AND a.email = ?2`,
    )
    .bind(orgId, email)
    .first()
}

export const adminKey = (orgId: string, email: string) => `${orgId}\n${email}`

/** Admins by (organisation, address), with their organisation's name, in one query. */
export async function findOrgAdmins(db: D1Database, pairs: { orgId: string; email: string }[]): Promise<Map<string, OrgAdmin>> {
  const { results } = await db
    .prepare(
      `SELECT a.org_id AS orgId, o.name AS orgName, a.email, a.name
         FROM json_each(?1) p JOIN org_admins a ON a.org_id = p.value ->> 0 AND a.email = p.value ->> 1
         JOIN orgs o ON o.id = a.org_id`,
    )
    .bind(JSON.stringify(pairs.map((p) => [p.orgId, p.email])))
    .all<OrgAdmin>()
  return new Map(results.map((a) => [adminKey(a.orgId, a.email), a]))
}

export type SignInTokenRow = { hash: string; orgId: string; email: string; expiresAt: number }

/** Stores the hashes of the sign-in links a batch of mails carries, in one statement, before any is sent. */
export function insertSignInTokensStatement(db: D1Database, rows: SignInTokenRow[], now: number): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO console_sign_in_tokens (hash, org_id, email, expires_at, created_at)
       SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, ?2 FROM json_each(?1)`,
    )
    .bind(JSON.stringify(rows.map((r) => [r.hash, r.orgId, r.email, r.expiresAt])), now)
}

/** A sign-in link's row by its hash: whether it was used, when it expires. */
export async function findSignInToken(
  db: D1Database,
  hash: string,
): Promise<{ orgId: string; orgName: string; email: string; expiresAt: number; usedAt: number | null } | null> {
  return db
    .prepare(
      `SELECT t.org_id AS orgId, o.name AS orgName, t.email, t.expires_at AS expiresAt, t.used_at AS usedAt
         FROM console_sign_in_tokens t JOIN orgs o ON o.id = t.org_id WHERE t.hash = ?1`,
    )
    .bind(hash)
    .first()
}

/**
 * Spends a link, only if it is unused and unexpired at this moment (two tabs posting at once: one wins), and notes the
 * session it opens, for the next statement of the batch to find.
 */
export function spendSignInTokenStatement(db: D1Database, hash: string, sessionHash: string, now: number): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE console_sign_in_tokens SET used_at = ?3, session_hash = ?2
        WHERE hash = ?1 AND used_at IS NULL AND expires_at > ?3`,
    )
    .bind(hash, sessionHash, now)
}

/** Opens the session the link just spent names, while its address is still an admin of the organisation. */
export function openSessionStatement(db: D1Database, sessionHash: string, now: number, expiresAt: number): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO admin_sessions (hash, org_id, email, created_at, last_seen_at, expires_at)
       SELECT ?1, t.org_id, t.email, ?2, ?2, ?3 FROM console_sign_in_tokens t
         JOIN org_admins a ON a.org_id = t.org_id AND a.email = t.email
        WHERE t.session_hash = ?1`,
    )
    .bind(sessionHash, now, expiresAt)
}

export type SessionRow = {
  hash: string
  orgId: string
  orgName: string
  email: string
  name: string | null
  createdAt: number
  lastSeenAt: number
  expiresAt: number
}

/** A session with its admin and organisation; none when it was ended or its admin removed. */
export async function findSession(db: D1Database, hash: string): Promise<SessionRow | null> {
  return db
    .prepare(
      `SELECT s.hash, s.org_id AS orgId, o.name AS orgName, s.email, a.name, s.created_at AS createdAt,
              s.last_seen_at AS lastSeenAt, s.expires_at AS expiresAt
         FROM admin_sessions s JOIN org_admins a ON a.org_id = s.org_id AND a.email = s.email
         JOIN orgs o ON o.id = s.org_id
        WHERE s.hash = ?1`,
    )
    .bind(hash)
    .first()
}

/** Notes a session's use (for its idle expiry). */
export function touchSessionStatement(db: D1Database, hash: string, now: number): D1PreparedStatement {
  return db.prepare(`UPDATE admin_sessions SET last_seen_at = ?2 WHERE hash = ?1`).bind(hash, now)
}

export function endSessionStatement(db: D1Database, hash: string): D1PreparedStatement {
  return db.prepare(`DELETE FROM admin_sessions WHERE hash = ?1`).bind(hash)
}

/**
 * What the cron clears: sessions past either expiry, and sign-in links a month past theirs (kept that long so a
 * late click is told "expired" or "already used", not "does not work").
 */
export function purgeConsoleStatements(db: D1Database, now: number, idleMs: number): D1PreparedStatement[] {
  return [
    db.prepare(`DELETE FROM admin_sessions WHERE expires_at <= ?1`).bind(now),
    db.prepare(`DELETE FROM admin_sessions WHERE last_seen_at <= ?1`).bind(now - idleMs),
    db.prepare(`DELETE FROM console_sign_in_tokens WHERE expires_at < ?1`).bind(now - 30 * 86_400_000),
  ]
}

/**
 * One entry of the activity log, for the batch of the change it records. Under the change's event guard (the same
 * SQL over ?5 = now and ?6 = its param), so a guarded change that changed nothing logs nothing, like its event.
 */
export function insertActivityStatement(
  db: D1Database,
  a: { orgId: string; email: string; kind: string; target: string | null },
  now: number,
  onlyIf?: EventGuard,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO console_activity (org_id, actor_email, kind, target, created_at)
       SELECT ?1, ?2, ?3, ?4, ?5 WHERE ${onlyIf?.sql ?? '?6 IS NULL'}`,
    )
    .bind(a.orgId, a.email, a.kind, a.target, now, onlyIf?.param ?? null)
}

export type ActivityRow = { id: number; email: string; kind: string; target: string | null; createdAt: number }

/** The organisation's log, newest first, `limit` entries older than `before` (an entry id). */
export async function listActivity(db: D1Database, p: { orgId: string; before: number | null; limit: number }): Promise<ActivityRow[]> {
  const { results } = await db
    .prepare(
      `SELECT id, actor_email AS email, kind, target, created_at AS createdAt FROM console_activity
        WHERE org_id = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3`,
    )
    .bind(p.orgId, p.before ?? Number.MAX_SAFE_INTEGER, p.limit)
    .all<ActivityRow>()
  return results
}
