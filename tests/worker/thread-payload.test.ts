import { describe, expect, it } from 'vitest'
import { Thread } from '../../schema'
import { assembledThread } from '../../bench/render/fixture'
import { withPeople } from '../../worker/src/domain/thread-people'

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length

describe('the public thread names each member of staff once', () => {
  // The render benchmark's 200-comment thread: sizes are deterministic, so the saving is asserted.
  const { conversations, responder, ...rest } = assembledThread()
  const lean: Thread = { ...rest, ...withPeople(conversations, responder) }
  const json = JSON.stringify(lean)

  it('is what the schema describes, each profile in `people` once, referred to by handle', () => {
    expect(Thread.parse(lean)).toEqual(lean)
    expect(Object.keys(lean.people).sort()).toEqual(['amira', 'ben', 'chloe', 'mei', 'omar', 'tom'])
    for (const person of Object.values(lean.people)) expect(json.split(person.bio).length - 1).toBe(1)
    const handles = lean.conversations.flatMap((c) => [
      c.assignee,
      ...c.handovers.flatMap((h) => [h.from, h.to]),
      ...c.comments.flatMap((m) => (m.author.kind === 'staff' ? [m.author.handle] : [])),
    ])
    expect(handles.every((h) => h in lean.people)).toBe(true)
    expect(lean.responder.handle in lean.people).toBe(true)
  })

  it('is under 80% of the bytes of the thread with a whole profile in every place', () => {
    const embedded = bytes({ ...rest, conversations, responder })
    const ratio = bytes(lean) / embedded
    console.log(`200-comment thread JSON: ${embedded} B embedded, ${bytes(lean)} B lean (${(ratio * 100).toFixed(1)}%)`)
    // 222,403 B before, 172,268 B after: the rest is the comments' own words and trees.
    expect(ratio).toBeLessThan(0.8)
  })
})
