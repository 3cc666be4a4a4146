/** Stops notifications for one conversation, or (scope `site`) for everything the visitor wrote on the site. */
export async function unsubscribeVisitor(
  db: D1Database,
  u: { visitorId: string; conversationId: string | null; scope: 'conversation' | 'site' },
  now: number,
): Promise<void> {
  if (u.scope === 'site' || !u.conversationId) {
    await db.prepare(`UPDATE visitors SET unsubscribed_at = coalesce(unsubscribed_at, ?2) WHERE id = ?1`).bind(u.visitorId, now).run()
    return
  }
  await db
    .prepare(
      `INSERT INTO conversation_mutes (conversation_id, visitor_id, created_at) VALUES (?1, ?2, ?3)
       ON CONFLICT (conversation_id, visitor_id) DO NOTHING`,
    )
    .bind(u.conversationId, u.visitorId, now)
    .run()
}
