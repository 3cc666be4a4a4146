import type { Address, OutgoingMail } from '../mail/mailer'

export type DevMail = {
  id: string
  to: string
  /** Where a reply by email would go, `Name <address>` or the bare address; null when the message has none. */
  replyTo: string | null
  subject: string
  text: string
  html: string
  /** The extra headers, plus Reply-To when there is one. */
  headers: Record<string, string>
  /** The RFC 5322 message exactly as a real driver would send it ('' for rows older than that column). */
  raw: string
  createdAt: string
}

const display = (a: Address) => (a.name ? `${a.name} <${a.email}>` : a.email)

function insertDevMailStatement(db: D1Database, mail: OutgoingMail, raw: string, now: number): D1PreparedStatement {
  const headers = { ...(mail.replyTo ? { 'Reply-To': display(mail.replyTo) } : {}), ...mail.headers }
  return db
    .prepare(
      `INSERT INTO dev_mail (id, to_address, subject, text_body, html_body, headers, raw, created_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)`,
    )
    .bind(crypto.randomUUID(), display(mail.to), mail.subject, mail.text, mail.html, JSON.stringify(headers), raw, now)
}

/**
 * Keeps messages of the development outbox, their parts for reading and the raw MIME for checking: all of them in
 * one round trip (one statement each: a message may be near D1's 2 MB limit on a bound value by itself).
 */
export async function insertDevMails(db: D1Database, messages: { mail: OutgoingMail; raw: string }[], now: number): Promise<void> {
  if (messages.length) await db.batch(messages.map((m) => insertDevMailStatement(db, m.mail, m.raw, now)))
}

/** The newest messages first. */
export async function listDevMail(db: D1Database, limit = 100): Promise<DevMail[]> {
  const { results } = await db
    .prepare(
      `SELECT id, to_address, subject, text_body, html_body, headers, raw, created_at
         FROM dev_mail ORDER BY created_at DESC, rowid DESC LIMIT ?1`,
    )
    .bind(limit)
    .all<{ id: string; to_address: string; subject: string; text_body: string; html_body: string; headers: string; raw: string; created_at: number }>()
  return results.map((r) => {
    const headers = JSON.parse(r.headers) as Record<string, string>
    return {
      id: r.id,
      to: r.to_address,
      replyTo: headers['Reply-To'] ?? null,
      subject: r.subject,
      text: r.text_body,
      html: r.html_body,
      headers,
      raw: r.raw,
      createdAt: new Date(r.created_at).toISOString(),
    }
  })
}
