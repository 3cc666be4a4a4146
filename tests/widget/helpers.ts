import { vi } from 'vitest'
import { page } from 'vitest/browser'
import type { NewCommentInput, PostedComment } from '../../schema/api/comments'
import type { Doc } from '../../schema/api/document'
import type { Comment, Conversation, PublicStaff, Responder, ResponderStats, Thread } from '../../schema/api/thread'
import { withPeople } from '../../worker/src/domain/thread-people'
import '../../widget/src/index'

export const API = 'https://byline.test'

export const amira: PublicStaff = {
  handle: 'amira',
  name: 'Amira Haddad',
  role: 'Press officer',
  photoUrl: '/demo/photos/amira.svg',
  bio: 'Answers questions about our press releases.',
  disclaimer: 'Views are my own',
}

export const tom: PublicStaff = {
  handle: 'tom',
  name: 'Tom Reyes',
  role: 'Budget analyst',
  photoUrl: 'https://cdn.example.org/tom.jpg',
  bio: 'Ten years on the city budget.',
  disclaimer: null,
}

export const ben: PublicStaff = {
  handle: 'ben',
  name: 'Ben Okafor',
  role: 'Head of communications',
  photoUrl: null,
  bio: 'Leads the press office.',
  disclaimer: null,
}

/** What the worker sends while someone has too little history to be judged fairly. */
export const NO_RECORD: ResponderStats = {
  windowDays: 90,
  conversations: 0,
  answeredRate: null,
  medianFirstReplySeconds: null,
}

/** A member of staff as the thread's responder, with their record (none by default). */
export const asResponder = (staff: PublicStaff, stats: Partial<ResponderStats> = {}): Responder => ({
  ...staff,
  stats: { ...NO_RECORD, ...stats },
})

export const text = (...paragraphs: string[]): Doc => ({
  type: 'doc',
  children: paragraphs.map((value) => ({ type: 'paragraph', children: [{ type: 'text', value }] })),
})

let ids = 0
export function visitorComment(name: string, body: Doc, conversationId = 'conv-1'): Comment {
  return {
    id: `c-${++ids}`,
    conversationId,
    author: { kind: 'visitor', name },
    body,
    state: 'published',
    createdAt: '2026-03-14T09:30:00.000Z',
    editedAt: null,
  }
}

export function staffComment(staff: PublicStaff, body: Doc, conversationId = 'conv-1'): Comment {
  return { ...visitorComment('', body, conversationId), author: { kind: 'staff', staff } }
}

/** A thread as the worker assembles it, with whole profiles, before it names each person once. */
type Assembled = Omit<Thread, 'people' | 'conversations' | 'responder'> & { conversations: Conversation[]; responder: Responder }

/** What the worker sends: the same `withPeople` turns whole profiles into handles and one `people` map. */
export function thread(partial: Partial<Assembled> = {}): Thread {
  const { conversations = [], responder = asResponder(tom), ...rest } = partial
  return {
    site: { id: 'demo', name: 'Demo', editWindowMinutes: 15, turnstileSiteKey: null, requireVerifiedEmail: false },
    page: { key: '/', title: null },
    ...rest,
    ...withPeople(conversations, responder),
  }
}

/** A conversation that has stayed with its first assignee unless `handovers` says otherwise. */
export function conversation(partial: Partial<Conversation> & Pick<Conversation, 'comments'>): Conversation {
  return { id: partial.comments[0]!.conversationId, status: 'awaiting', assignee: tom, handovers: [], ...partial }
}

export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

type Handler = (req: Request) => Response | Promise<Response>

/** A fake worker: every fetch is recorded and goes to the handler for its method; none answers like a network error. */
export function stubApi(handlers: { get?: Handler; post?: Handler; patch?: Handler; delete?: Handler }) {
  const requests: Request[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const req = new Request(input, init)
      requests.push(req.clone())
      const handler = handlers[req.method.toLowerCase() as keyof typeof handlers]
      if (!handler) throw new TypeError('Failed to fetch')
      return handler(req)
    }),
  )
  return {
    requests,
    posts: () => requests.filter((r) => r.method === 'POST'),
    sent: (method: string) => requests.filter((r) => r.method === method),
  }
}

/** Fills the form as Jane Reader and sends it with the button named `button`. */
export async function post(body: string, button = 'Post comment') {
  await page.getByLabelText('Name', { exact: true }).fill('Jane Reader')
  await page.getByLabelText('Email', { exact: true }).fill('jane@example.org')
  await page.getByLabelText('Comment', { exact: true }).fill(body)
  await page.getByRole('button', { name: button }).click()
}

/** The worker's answer to a good post: the comment as stored (published unless `extra` says otherwise). */
export async function created(req: Request, extra: Partial<PostedComment> & { state?: Comment['state'] } = {}) {
  const input = (await req.json()) as NewCommentInput
  const { state = 'published', ...rest } = extra
  const comment: Comment = {
    ...visitorComment(input.name, text(input.body), input.conversationId ?? 'conv-new'),
    id: `stored-${req.headers.get('idempotency-key')}`,
    state,
    createdAt: new Date().toISOString(),
  }
  return json({ comment, ...rest }, 201)
}

/** Puts a `<byline-comments>` on the page and waits until its thread is shown. */
export async function mountWidget(attrs: Record<string, string> = {}) {
  const el = document.createElement('byline-comments')
  for (const [k, v] of Object.entries({ site: 'demo', api: API, ...attrs })) el.setAttribute(k, v)
  const loaded = new Promise((resolve) => el.addEventListener('byline-thread-loaded', resolve, { once: true }))
  document.body.append(el)
  await loaded
  // The form is a part of its own, loaded once the thread is shown.
  await vi.waitFor(() => {
    if (!el.shadowRoot!.querySelector('form[part=form]')) throw new Error('the form has not loaded')
  })
  return el
}

export function cleanUp() {
  document.querySelectorAll('byline-comments').forEach((el) => el.remove())
  document.querySelectorAll('link[rel=canonical], script[src^="https://challenges.cloudflare.com/"]').forEach((el) => el.remove())
  localStorage.clear()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
}

/** The page URL the widget is expected to send: this document's, without its hash. */
export const pageHref = () => location.href.replace(/#.*$/, '')
