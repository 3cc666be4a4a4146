import type { Block, Doc, Inline } from '../../schema/api/document'
import type { Comment, Conversation, Handover, PublicStaff, Responder, Thread } from '../../schema/api/thread'

/*
 * A busy page's thread, the same on every run (a seeded generator, no clock): visitors ask in a few paragraphs,
 * some with links, lists, emphasis or a bit of code; staff answer under their full identity; some conversations
 * changed hands on the way. `assembledThread` is what the worker builds before `withPeople` names each person once,
 * so the payload test and the render benchmark measure the same thread in both forms.
 */

/** mulberry32: small, fast and good enough to pick words. */
function random(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORDS = (
  'the council budget consultation closes in april and the park plan would add two new crossings near the ' +
  'school while residents asked whether the bus route will change after the works start next spring we have ' +
  'read the report carefully but some figures on page twelve do not match the summary published last month ' +
  'could you explain how the money for repairs is split between the districts and who decides on the timetable ' +
  'thank you for the quick answer it helps a lot our street floods every winter and nobody has replied yet'
).split(' ')

const STAFF: PublicStaff[] = [
  ['amira', 'Amira Haddad', 'Press officer', 'Answers questions about our press releases and the council\'s announcements, weekdays from nine to five.', 'Views are my own'],
  ['ben', 'Ben Okafor', 'Head of communications', 'Leads the press office and the team that writes our public consultations.', null],
  ['chloe', 'Chloé Martin', 'Transport planner', 'Works on bus routes, cycle lanes and the crossings programme across the city.', null],
  ['tom', 'Tom Reyes', 'Budget analyst', 'Ten years on the city budget: where the money comes from and where it goes, line by line.', 'Speaking for the finance team'],
  ['mei', 'Mei-Lin Chen', 'Parks and green spaces', 'Looks after the parks plan, the tree survey and the new play areas.', null],
  ['omar', 'Omar Farouk', 'Housing officer', 'Repairs, damp and flooding in council homes; will pass your question to the right team.', 'Views are my own'],
].map(([handle, name, role, bio, disclaimer]) => ({
  handle: handle!,
  name: name!,
  role: role!,
  photoUrl: `https://cdn.example.org/photos/${handle}.jpg`,
  bio: bio!,
  disclaimer: disclaimer ?? null,
}))

const VISITORS = ['Jane Reader', 'Sam Patel', 'Lucía Gómez', 'Kofi Mensah', 'Anna Nowak', 'Yusuf Demir', 'Eva Lindqvist', 'Priya Nair']

/** A thread of `comments` comments (200 by default): about a third of them staff replies. */
export function assembledThread({ comments = 200, seed = 10 } = {}): Omit<Thread, 'people' | 'conversations' | 'responder'> & {
  conversations: Conversation[]
  responder: Responder
} {
  const r = random(seed)
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ')
  const sentence = () => {
    const s = words(6 + Math.floor(r() * 14))
    return s[0]!.toUpperCase() + s.slice(1) + pick(['.', '.', '?', '!'])
  }
  const paragraphText = () => Array.from({ length: 1 + Math.floor(r() * 3) }, sentence).join(' ')

  const inlines = (): Inline[] => {
    const out: Inline[] = [{ type: 'text', value: paragraphText() + ' ' }]
    const x = r()
    if (x < 0.2) out.push({ type: 'link', href: `https://www.example.org/${pick(WORDS)}/${Math.floor(r() * 1000)}`, children: [{ type: 'text', value: words(3) }] })
    else if (x < 0.32) out.push({ type: 'emphasis', children: [{ type: 'text', value: words(2) }] })
    else if (x < 0.42) out.push({ type: 'strong', children: [{ type: 'text', value: words(2) }] })
    else if (x < 0.47) out.push({ type: 'code', value: `${pick(WORDS)}_${Math.floor(r() * 100)}` })
    if (out.length > 1) out.push({ type: 'text', value: ' ' + sentence() })
    return out
  }
  const body = (): Doc => {
    const children: Block[] = Array.from({ length: 1 + Math.floor(r() * 3) }, () => ({ type: 'paragraph', children: inlines() }))
    const x = r()
    if (x < 0.15)
      children.splice(1, 0, {
        type: 'list',
        ordered: r() < 0.3,
        children: Array.from({ length: 2 + Math.floor(r() * 3) }, () => ({
          type: 'list_item',
          children: [{ type: 'paragraph', children: [{ type: 'text', value: words(4 + Math.floor(r() * 6)) }] }],
        })),
      })
    else if (x < 0.2) children.push({ type: 'blockquote', children: [{ type: 'paragraph', children: [{ type: 'text', value: sentence() }] }] })
    else if (x < 0.23) children.push({ type: 'code_block', value: `${words(3)}\n${words(4)}` })
    if (r() < 0.1) children[0] = { type: 'paragraph', children: [{ type: 'text', value: words(3) }, { type: 'break' }, { type: 'text', value: words(5) }] }
    return { type: 'doc', children }
  }

  let t = Date.UTC(2026, 2, 2, 8, 0)
  const at = () => new Date((t += Math.floor(r() * 90) * 60_000 + 60_000)).toISOString()
  const conversations: Conversation[] = []
  let left = comments
  for (let i = 0; left > 0; i++) {
    const id = `conv-${String(i).padStart(3, '0')}`
    let assignee = pick(STAFF)
    const handovers: Handover[] = []
    if (r() < 0.2) {
      const to = pick(STAFF.filter((s) => s !== assignee))
      const reason = pick(['away', 'escalation', 'handover'] as const)
      handovers.push({ from: assignee, to, reason, note: reason === 'handover' && r() < 0.7 ? sentence() : null, at: at() })
      assignee = to
    }
    const size = Math.min(left, 1 + Math.floor(r() * 4))
    left -= size
    const list: Comment[] = []
    for (let k = 0; k < size; k++) {
      const staff = k % 2 === 1
      const createdAt = at()
      list.push({
        id: `c-${String(comments - left - size + k).padStart(4, '0')}`,
        conversationId: id,
        author: staff ? { kind: 'staff', staff: r() < 0.85 ? assignee : pick(STAFF) } : { kind: 'visitor', name: pick(VISITORS) },
        body: body(),
        state: 'published',
        createdAt,
        editedAt: r() < 0.05 ? at() : null,
      })
    }
    const last = list.at(-1)!
    const status = r() < 0.05 ? 'closed' : last.author.kind === 'staff' ? 'answered' : 'awaiting'
    conversations.push({ id, status, assignee, handovers, comments: list })
  }
  return {
    site: { id: 'bench', name: 'Bench City Council', editWindowMinutes: 15, turnstileSiteKey: null, requireVerifiedEmail: false },
    page: { key: '/news/budget-2026', title: 'The 2026 budget' },
    conversations,
    responder: { ...STAFF[3]!, stats: { windowDays: 90, conversations: 120, answeredRate: 0.92, medianFirstReplySeconds: 5400 } },
  }
}
