import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { Comment, PostedComment, Thread } from '../../schema'
import { comment, countAll, getThread, givenSite, linksOf, mailFor, orgConfig, ORIGIN, pageUrl, postComment, posted, putConfig, staffReply } from './helpers'

/*
 * docs/unicode.md through the API: what a visitor or member of staff typed, as stored and as the thread serves it.
 * Line breaks become LF at every boundary; lone surrogates and controls are refused; names lose invisible characters.
 */

type ErrorJson = { error: { code: string; message: string; issues?: { path: (string | number)[]; message: string }[] } }

const paragraphs = (c: Pick<Comment, 'body'>) =>
  c.body.children.map((b) => (b.type === 'paragraph' ? b.children.map((n) => (n.type === 'text' ? n.value : n.type === 'break' ? '\n' : '')).join('') : b.type))

const stored = (id: string) =>
  env.DB.prepare(`SELECT author_name AS name, body FROM comments WHERE id = ?1`).bind(id).first<{ name: string; body: string }>()

async function servedComment(site: string, id: string) {
  const thread = (await (await getThread(site, { url: pageUrl() })).json()) as Thread
  return thread.conversations.flatMap((c) => c.comments).find((c) => c.id === id)!
}

describe('line breaks become LF', () => {
  it('stores a CRLF body with LF and serves its paragraphs', async () => {
    const site = await givenSite()
    const c = await posted(site, { body: 'a\r\n\r\nb' })
    expect((await stored(c.id))!.body).toBe('a\n\nb')
    expect(paragraphs(await servedComment(site, c.id))).toEqual(['a', 'b'])
  })

  it('treats a lone CR as a line break, and mixed endings alike', async () => {
    const site = await givenSite()
    const c = await posted(site, { body: 'one\rtwo\r\rthree\r\nfour\n\nfive' })
    expect((await stored(c.id))!.body).toBe('one\ntwo\n\nthree\nfour\n\nfive')
    expect(paragraphs(await servedComment(site, c.id))).toEqual(['one\ntwo', 'three\nfour', 'five'])
  })

  it('makes a line break in a name a space', async () => {
    const site = await givenSite()
    const c = await posted(site, { name: 'Jo\r\nVisitor' })
    expect((await servedComment(site, c.id)).author).toEqual({ kind: 'visitor', name: 'Jo Visitor' })
  })

  it('applies to an edit', async () => {
    const site = await givenSite()
    const mine = (await (await postComment(site, comment())).json()) as PostedComment & { ownerToken: string }
    const res = await SELF.fetch(`https://byline.test/v1/comments/${mine.comment.id}`, {
      method: 'PATCH',
      headers: { origin: ORIGIN, authorization: `Bearer ${mine.ownerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'Corrected.\r\n\r\nThe 30th.' }),
    })
    expect(res.status).toBe(200)
    expect((await stored(mine.comment.id))!.body).toBe('Corrected.\n\nThe 30th.')
  })

  it('applies to a staff reply through the admin API', async () => {
    const site = await givenSite()
    const c = await posted(site)
    const res = await staffReply(c.conversationId, { staff: 'amira', body: 'It closes on 30 April.\r\n\r\nAmira' })
    expect(res.status).toBe(201)
    const reply = ((await res.json()) as PostedComment).comment
    expect((await stored(reply.id))!.body).toBe('It closes on 30 April.\n\nAmira')
    expect(paragraphs(reply)).toEqual(['It closes on 30 April.', 'Amira'])
  })

  it('applies to the reply page, whose textarea the browser submits with CRLF', async () => {
    const site = await givenSite()
    const marker = crypto.randomUUID()
    const c = await posted(site, { body: `Question ${marker}` })
    const link = linksOf(await mailFor('Amira Haddad', marker), 'answer').find((l) => !l.includes('#'))!
    const res = await SELF.fetch(`${link}/reply`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ body: 'It closes on 30 April.\r\n\r\nAmira' }),
    })
    expect(res.status).toBe(303)
    const thread = (await (await getThread(site, { url: pageUrl() })).json()) as Thread
    const reply = thread.conversations.find((x) => x.id === c.conversationId)!.comments.at(-1)!
    expect(reply.author.kind).toBe('staff')
    expect(paragraphs(reply)).toEqual(['It closes on 30 April.', 'Amira'])
  })
})

describe('bodies keep what was typed', () => {
  it.each([
    ['an emoji ZWJ sequence', 'Thanks from all of us 👩\u200d👩\u200d👧'],
    ['an emoji variation selector', 'I \u2764\ufe0f the new park'],
    ['combining marks, not normalised', 'Cafe\u0301 or café?'],
    ['Arabic with an RTL mark', 'متى \u200fتغلق الاستشارة؟'],
    ['Hebrew in an RTL embedding', 'He wrote \u202bמתי זה נסגר?\u202c yesterday'],
  ])('%s', async (_, body) => {
    const site = await givenSite()
    const c = await posted(site, { body })
    expect((await stored(c.id))!.body).toBe(body)
    expect(paragraphs(await servedComment(site, c.id))).toEqual([body])
  })
})

describe('names lose invisible characters', () => {
  it.each([
    ['a right-to-left override', '\u202eJo Visitor', 'Jo Visitor'],
    ['zero-width spaces', 'Jo\u200b Vis\u200bitor', 'Jo Visitor'],
    ['hidden TAG text', 'Jo Visitor\u{E0001}\u{E0069}\u{E0067}\u{E006E}\u{E006F}\u{E0072}\u{E0065}', 'Jo Visitor'],
    ['nothing from an emoji ZWJ sequence', 'Jo 👩\u200d💻', 'Jo 👩\u200d💻'],
    ['nothing from Persian', 'علی\u200cرضا', 'علی\u200cرضا'],
  ])('%s', async (_, name, shown) => {
    const site = await givenSite()
    const c = await posted(site, { name })
    expect((await stored(c.id))!.name).toBe(shown)
    expect((await servedComment(site, c.id)).author).toEqual({ kind: 'visitor', name: shown })
  })
})

describe('refused with invalid_request, naming the field, writing nothing', () => {
  const surrogate = 'must be valid Unicode: it contains an unpaired surrogate (such as "\\ud800" in JSON)'
  it.each([
    ['a lone high surrogate in the body', { body: 'broken \ud800' }, ['body'], surrogate],
    ['a lone low surrogate in the body', { body: '\udc00 broken' }, ['body'], surrogate],
    ['a lone surrogate in the name', { name: 'Jo \ud83d' }, ['name'], surrogate],
    ['a lone surrogate in the title', { title: 'Budget \udfff' }, ['title'], surrogate],
    ['a lone surrogate in the page URL', { url: pageUrl('/news/\ud800') }, ['url'], surrogate],
    ['a lone surrogate in the page id', { page: 'news/\udbff' }, ['page'], surrogate],
    [
      'a name made only of zero-width characters',
      { name: '\u200b\u200c\u200d' },
      ['name'],
      'must contain visible characters (zero-width and other invisible characters are removed from names)',
    ],
    ['a control character other than tab and newline', { body: 'a\u000bb' }, ['body'], 'must not contain control characters other than tab and newline'],
  ])('%s', async (_, overrides, path, message) => {
    const site = await givenSite()
    const before = await countAll()
    // JSON.stringify writes a lone surrogate as a \u escape, as any JSON client would.
    const res = await postComment(site, comment(overrides))
    expect(res.status).toBe(400)
    const { error } = (await res.json()) as ErrorJson
    expect(error.code).toBe('invalid_request')
    expect(error.issues).toEqual([{ path, message }])
    expect(await countAll()).toEqual(before)
  })

  it('a lone surrogate written as a raw JSON escape', async () => {
    const site = await givenSite()
    const raw = JSON.stringify(comment()).replace('"When does', '"\\ud800When does')
    const res = await postComment(site, raw)
    expect(res.status).toBe(400)
    expect(((await res.json()) as ErrorJson).error.issues!.map((i) => i.path)).toEqual([['body']])
  })
})

describe('the JSON charset', () => {
  it.each(['application/json', 'application/json; charset=utf-8', 'application/json;charset=UTF-8', 'application/json; charset="utf-8"'])(
    'accepts %s',
    async (type) => {
      const site = await givenSite()
      expect((await postComment(site, comment(), { 'content-type': type })).status).toBe(201)
    },
  )

  it.each(['application/json;charset=iso-8859-1', 'application/json; charset=utf-16', 'application/json; charset="windows-1252"'])(
    'refuses %s with 415, writing nothing',
    async (type) => {
      const site = await givenSite()
      const before = await countAll()
      const res = await postComment(site, comment(), { 'content-type': type })
      expect(res.status).toBe(415)
      expect(((await res.json()) as ErrorJson).error.code).toBe('unsupported_media_type')
      expect(await countAll()).toEqual(before)
    },
  )
})

describe("a member of staff's bio, as an organisation's config gives it", () => {
  const withBio = (bio: string) => {
    const doc = orgConfig()
    doc.staff[0]!.bio = bio
    return doc
  }
  const bioOf = async (site: string) =>
    ((await (await getThread(site, { url: pageUrl() })).json()) as Thread).people.amira!.bio

  it('keeps its paragraphs with LF line breaks, as the widget shows it', async () => {
    const doc = withBio('I answer questions about the budget.\r\n\r\nAsk me anything.\rReally.')
    expect((await putConfig(doc)).status).toBe(200)
    expect(await bioOf(doc.sites[0]!.id)).toBe('I answer questions about the budget.\n\nAsk me anything.\nReally.')
  })

  it.each([
    ['a lone surrogate', 'Press \ud800 officer', 'must be valid Unicode: it contains an unpaired surrogate (such as "\\ud800" in JSON)'],
    ['a control character', 'Press\u0007officer', 'must not contain control characters other than tab and newline'],
  ])('is refused with %s, naming the field, applying nothing', async (_, bio, message) => {
    const doc = withBio(bio)
    const res = await putConfig(doc)
    expect(res.status).toBe(400)
    const { error } = (await res.json()) as ErrorJson
    expect(error.code).toBe('invalid_request')
    expect(error.issues).toEqual([{ path: ['staff', 0, 'bio'], message }])
    expect(await env.DB.prepare(`SELECT id FROM orgs WHERE id = ?1`).bind(doc.org.id).first()).toBeNull()
  })
})
