import { sha256Hex } from '../security/compare'

export type TokenPurpose = 'answer_link' | 'reply_address' | 'unsubscribe' | 'verify_email' | 'privacy_export' | 'privacy_delete' | 'self_service'

/** How long each kind of emailed credential lasts. */
export const TOKEN_TTL_MS: Record<TokenPurpose, number> = {
  answer_link: 14 * 86_400_000,
  // Replies by email may come days after the digest; the address stays valid longer than the link.
  reply_address: 60 * 86_400_000,
  unsubscribe: 365 * 86_400_000,
  verify_email: 86_400_000,
  privacy_export: 3_600_000,
  privacy_delete: 3_600_000,
  // The personal page every staff email links to: as long as an answer link, and any mail brings a fresh one.
  self_service: 14 * 86_400_000,
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567'

/** 26 random base32 characters (130 bits), lower case so it survives mail systems that fold addresses. */
export function newToken(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(26)), (b) => ALPHABET[b & 31]).join('')
}

export type TokenScope = { staffId?: string; visitorId?: string; conversationId?: string }

/** A fresh token and the statement that stores its hash; the token itself is only ever in the email. */
export async function issueToken(
  db: D1Database,
  purpose: TokenPurpose,
  scope: TokenScope,
  now: number,
): Promise<{ token: string; statement: D1PreparedStatement }> {
  const token = newToken()
  const statement = db
    .prepare(
      `INSERT INTO tokens (hash, purpose, staff_id, visitor_id, conversation_id, expires_at, created_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`,
    )
    .bind(
      await sha256Hex(token),
      purpose,
      scope.staffId ?? null,
      scope.visitorId ?? null,
      scope.conversationId ?? null,
      now + TOKEN_TTL_MS[purpose],
      now,
    )
  return { token, statement }
}

/** A token to be stored with others in one statement: the secret for the email, the row for the table. */
export type IssuedToken = { token: string; row: { hash: string; purpose: TokenPurpose; scope: TokenScope; expiresAt: number } }

export async function newIssuedToken(purpose: TokenPurpose, scope: TokenScope, now: number): Promise<IssuedToken> {
  const token = newToken()
  return { token, row: { hash: await sha256Hex(token), purpose, scope, expiresAt: now + TOKEN_TTL_MS[purpose] } }
}

/** Stores the hashes of many tokens in one statement (a digest carries two per conversation it lists). */
export function insertTokensStatement(db: D1Database, tokens: IssuedToken['row'][], now: number): D1PreparedStatement {
  const rows = tokens.map((t) => [t.hash, t.purpose, t.scope.staffId ?? null, t.scope.visitorId ?? null, t.scope.conversationId ?? null, t.expiresAt])
  return db
    .prepare(
      `INSERT INTO tokens (hash, purpose, staff_id, visitor_id, conversation_id, expires_at, created_at)
       SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, ?2 FROM json_each(?1)`,
    )
    .bind(JSON.stringify(rows), now)
}

export type TokenRow = {
  hash: string
  staffId: string | null
  visitorId: string | null
  conversationId: string | null
  expiresAt: number
  expired: boolean
}

/**
 * The token's scope, or null when no such token exists for this purpose. Lookup is by hash, so the
 * comparison the database makes is on a digest, never on the secret.
 */
export async function findToken(db: D1Database, token: string, purpose: TokenPurpose, now: number): Promise<TokenRow | null> {
  if (!/^[a-z2-7]{26}$/.test(token)) return null
  const row = await db
    .prepare(
      `SELECT hash, staff_id AS staffId, visitor_id AS visitorId, conversation_id AS conversationId, expires_at AS expiresAt
         FROM tokens WHERE hash = ?1 AND purpose = ?2`,
    )
    .bind(await sha256Hex(token), purpose)
    .first<Omit<TokenRow, 'expired'>>()
  return row && { ...row, expired: row.expiresAt <= now }
}

/** Expired credentials are deleted after a grace month (a "get a fresh link" page needs them for a while). */
export function purgeExpiredTokens(db: D1Database, now: number): D1PreparedStatement {
  return db.prepare(`DELETE FROM tokens WHERE expires_at < ?1`).bind(now - 30 * 86_400_000)
}

/** Single-use credentials are spent by deleting them in the same batch as what they allowed. */
export function spendTokenStatement(db: D1Database, hash: string): D1PreparedStatement {
  return db.prepare(`DELETE FROM tokens WHERE hash = ?1`).bind(hash)
}

/** Whether a token of this purpose was issued to the visitor since then: how often a link may be re-sent. */
export async function recentlyIssued(db: D1Database, p: { purpose: TokenPurpose; visitorId: string; since: number }): Promise<boolean> {
  const row = await db
    .prepare(`SELECT 1 FROM tokens WHERE visitor_id = ?1 AND purpose = ?2 AND created_at >= ?3 LIMIT 1`)
    .bind(p.visitorId, p.purpose, p.since)
    .first()
  return row !== null
}
