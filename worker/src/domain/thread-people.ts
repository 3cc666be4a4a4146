import type { Conversation, Person, PublicStaff, Responder, Thread, ThreadComment } from '../../../schema'

/**
 * The public thread's conversations with each member of staff named once, in `people`, and by handle everywhere
 * else (assignees, hand-overs, staff replies, the responder). Comments lose the conversation id they sit under
 * and hand-overs their time: the widget shows neither.
 */
export function withPeople(conversations: Conversation[], responder: Responder): Pick<Thread, 'people' | 'conversations' | 'responder'> {
  const people: Record<string, Person> = {}
  const ref = ({ handle, ...person }: PublicStaff) => {
    people[handle] ??= person
    return handle
  }
  const { stats, ...identity } = responder
  return {
    people,
    conversations: conversations.map((c) => ({
      id: c.id,
      status: c.status,
      assignee: ref(c.assignee),
      handovers: c.handovers.map((h) => ({ from: ref(h.from), to: ref(h.to), reason: h.reason, note: h.note })),
      comments: c.comments.map(
        ({ conversationId: _, author, ...m }): ThreadComment => ({
          ...m,
          author: author.kind === 'staff' ? { kind: 'staff', handle: ref(author.staff) } : author,
        }),
      ),
    })),
    responder: { handle: ref(identity), stats },
  }
}
