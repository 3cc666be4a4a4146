import type { OutgoingMail } from '../mail/mailer'

export type DevMail = {
  id: string
  to: string
  subject: string
  text: string
  html: string
  headers: Record<string, string>
  createdAt: string
}

export async function insertDevMail(db: D1Database, mail: OutgoingMail, now: number): Promise<void> {
  const to = mail.to.name ? `${mail.to.name} <${mail.to.email}>` : mail.to.email
  await db
    .prepare(
      `INSERT INTO dev_mail (id, to_address, subject, text_body, html_body, headers, created_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`,
    )
    .bind(crypto.randomUUID(), to, mail.subject, mail.text, mail.html, JSON.stringify(mail.headers ?? {}), now)
    .run()
}

/** The newest messages first. */
export async function listDevMail(db: D1Database, limit = 100): Promise<DevMail[]> {
  const { results } = await db
    .prepare(
      `SELECT id, to_address, subject, text_body, html_body, headers, created_at
         FROM dev_mail ORDER BY created_at DESC, rowid DESC LIMIT ?1`,
    )
    .bind(limit)
    .all<{ id: string; to_address: string; subject: string; text_body: string; html_body: string; headers: string; created_at: number }>()
  return results.map((r) => ({
    id: r.id,
    to: r.to_address,
    subject: r.subject,
    text: r.text_body,
    html: r.html_body,
    headers: JSON.parse(r.headers) as Record<string, string>,
    createdAt: new Date(r.created_at).toISOString(),
  }))
}
