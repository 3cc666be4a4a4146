import type { Env } from '../env'
import { claimDueOutbox, getAssignedNotice, getNewCommentNotice, markOutboxFailed, markOutboxSent, type ClaimedRow } from '../store/outbox'
import { mailerFor, type Mailer, type OutgoingMail } from './mailer'
import { assignedMail, newCommentMail } from './messages'

const BATCH = 50

/** Turns one claimed outbox row into the message it stands for; null when there is nothing left to say. */
async function compose(db: D1Database, row: ClaimedRow): Promise<OutgoingMail | null> {
  switch (row.kind) {
    case 'new_comment': {
      const { commentId } = JSON.parse(row.payload) as { commentId: string }
      const notice = await getNewCommentNotice(db, commentId)
      return notice && newCommentMail(notice)
    }
    case 'assigned': {
      const { assignmentId } = JSON.parse(row.payload) as { assignmentId: string }
      const notice = await getAssignedNotice(db, assignmentId)
      return notice && assignedMail(notice)
    }
  }
}

/**
 * Sends what is due in the outbox. Each row is claimed before sending, marked sent after; a failure
 * stays in the outbox with its error and is retried later, so an outage of the mail provider loses nothing.
 */
export async function deliverOutbox(env: Env, now: number, mailer: Mailer = mailerFor(env)) {
  const rows = await claimDueOutbox(env.DB, now, BATCH)
  let sent = 0
  let failed = 0
  for (const row of rows) {
    try {
      const mail = await compose(env.DB, row)
      if (mail) await mailer.send(mail, now)
      await markOutboxSent(env.DB, row.id, now)
      sent++
    } catch (error) {
      failed++
      await markOutboxFailed(env.DB, row, error instanceof Error ? error.message : String(error), now)
    }
  }
  return { claimed: rows.length, sent, failed }
}
