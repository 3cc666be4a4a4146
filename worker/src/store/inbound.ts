export type InboundOutcome = 'published' | 'ignored' | 'rejected'

export type InboundRecord = { messageId: string; from: string; outcome: InboundOutcome; reason: string | null; commentId?: string }

/** Has a message with this Message-ID been handled already? (Mail is delivered at least once.) */
export async function seenMessage(db: D1Database, messageId: string): Promise<boolean> {
  return (await db.prepare(`SELECT 1 FROM inbound_messages WHERE message_id = ?1`).bind(messageId).first()) !== null
}

/**
 * Records what became of an inbound message. For a published reply it joins the reply's batch, so the
 * unique Message-ID makes a second delivery fail whole instead of publishing twice.
 */
export function recordInbound(db: D1Database, r: InboundRecord, now: number): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO inbound_messages (id, message_id, from_address, outcome, reason, comment_id, received_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)${r.outcome === 'published' ? '' : ' ON CONFLICT (message_id) DO NOTHING'}`,
    )
    .bind(crypto.randomUUID(), r.messageId, r.from.slice(0, 320), r.outcome, r.reason, r.commentId ?? null, now)
}

export function isDuplicateMessage(error: unknown): boolean {
  return error instanceof Error && /UNIQUE constraint failed: inbound_messages\.message_id/.test(error.message)
}
