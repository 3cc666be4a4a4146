import { refreshStatsOf } from '../domain/stats'
import type { StatsSubject } from '../store/stats'
import type { EventPayload } from './kinds'
import type { Reaction } from './reaction'

/*
 * The responders' public record follows every change that can move it: a conversation that starts or stops
 * waiting for an answer fairly (posted, held and released, hidden, deleted, discarded, closed), gets its first
 * answer, or changes hands. Each event names rows; the reaction finds whose record they touch and rolls it up.
 */

/**
 * A roll-up reads 90 days of a person's conversations, so one per change would cost a busy organisation a roll-up
 * per post. Due a minute after the change instead, the changes of that minute are rolled up together by the next
 * drain (a later request's, or the cron's): a record is at most a few minutes behind, never scanned on a read.
 */
export const STATS_ROLL_UP_DELAY_MS = 60_000

const statsReaction = <P>(subject: (payload: P) => StatsSubject): Reaction<P> => ({
  name: 'stats.responders',
  delayMs: STATS_ROLL_UP_DELAY_MS,
  run: (ctx, payload) => refreshStatsOf(ctx.env.DB, subject(payload), ctx.now),
  // A drain's many changes are one roll-up of everyone they concern, not one per change.
  runMany: async (ctx, items) => {
    const all = items.map((i) => subject(i.payload))
    const ids = (key: keyof StatsSubject) => all.flatMap((s) => s[key] ?? [])
    await refreshStatsOf(ctx.env.DB, { commentIds: ids('commentIds'), conversationIds: ids('conversationIds'), assignmentIds: ids('assignmentIds') }, ctx.now)
    return items.map(() => null)
  },
})

export const statsOfComment = statsReaction<{ commentId: string }>((p) => ({ commentIds: [p.commentId] }))
export const statsOfConversation = statsReaction<{ conversationId: string }>((p) => ({ conversationIds: [p.conversationId] }))
export const statsOfHandover = statsReaction<EventPayload<'conversation.handed_over'>>((p) => ({ assignmentIds: [p.assignmentId] }))
export const statsOfEscalation = statsReaction<EventPayload<'conversation.escalated'>>((p) => ({
  conversationIds: [p.conversationId],
  assignmentIds: p.assignmentId ? [p.assignmentId] : [],
}))
export const statsOfReleased = statsReaction<EventPayload<'visitor.confirmed'>>((p) => ({ commentIds: p.released }))
export const statsOfDiscarded = statsReaction<EventPayload<'visitor.discarded'>>((p) => ({ commentIds: p.discarded }))
