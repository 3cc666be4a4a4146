import { describe, expect, it } from 'vitest'
import type { Comment, Conversation, Doc, PublicStaff } from '../../../schema'
import { hostile } from '../../corpus/hostile'
import {
  assignedMail,
  digestMail,
  freshLinkMail,
  newCommentMail,
  privacyLinkMail,
  verifyEmailMail,
  visitorReplyMail,
} from '../../../worker/src/mail/messages'
import { answerPage, freshLinkSent, refusalPage } from '../../../worker/src/pages/answer'
import { errorPage } from '../../../worker/src/pages/error'
import {
  checkEmail,
  confirmEmail,
  dataDeleted,
  emailConfirmed,
  linkRefused,
  privacyConfirm,
  privacyForm,
  unknownSite,
  unsubscribed,
  unsubscribeForm,
} from '../../../worker/src/pages/visitor'
import { textToDocument } from '../../../worker/src/render/document'
import { dangers, elementsOf, escaped, hostileStrings, skeleton } from './markup'

/*
 * Every page the worker serves and every email's HTML part, with an attacker's text in every string field and
 * an attacker's comment as every body: the markup must be exactly what the template writes, whatever the data.
 */

const benignBody = textToDocument('When does it close? See [the notice](https://www.example.org/notice) and *reply*.')

const staff = (s: string): PublicStaff => ({ handle: 'amira', name: s, role: s, photoUrl: s, bio: s, disclaimer: s })

const visitorComment = (s: string, body: Doc, state: Comment['state'] = 'published'): Comment => ({
  id: s,
  conversationId: s,
  author: { kind: 'visitor', name: s },
  body,
  state,
  createdAt: s,
  editedAt: null,
})

function conversation(s: string, body: Doc): Conversation {
  return {
    id: s,
    status: 'awaiting',
    assignee: staff(s),
    handovers: [{ from: staff(s), to: staff(s), reason: 'handover', note: s, at: s }],
    comments: [
      visitorComment(s, body),
      { ...visitorComment(s, body), author: { kind: 'staff', staff: staff(s) } },
      visitorComment(s, body, 'pending'),
    ],
  }
}

const item = (s: string, body: Doc) => ({
  conversationId: s,
  siteName: s,
  pageUrl: s,
  pageTitle: s,
  visitorName: s,
  bodyDoc: JSON.stringify(body),
  waitingSince: 0,
})
const mailbox = (s: string) => ({ id: s, name: s, role: s, email: 'amira@example.org', timeZone: 'UTC', digest: { frequency: 'immediate' as const }, active: true })
const answerLinks = (s: string) => ({ replyUrl: s, handoverUrl: s, replyAddress: s })

/** Each view with `s` in every string it takes and `body` as every comment it shows, as the HTML sent. */
const views: [name: string, render: (s: string, body: Doc) => string][] = [
  [
    'answerPage',
    (s, body) =>
      String(
        answerPage({
          token: s,
          site: { name: s },
          page: { url: s, title: s },
          conversation: conversation(s, body),
          me: { name: s, role: s },
          colleagues: [{ handle: s, name: s, role: s }],
          done: s,
          error: s,
          draft: s,
        }),
      ),
  ],
  ['refusalPage expired', (s) => String(refusalPage({ kind: 'expired', token: s }))],
  ['freshLinkSent', (s) => String(freshLinkSent(s))],
  ['unsubscribeForm', (s) => String(unsubscribeForm(s))],
  ['privacyForm', (s) => String(privacyForm(s))],
  ['privacyForm refused', (s) => String(privacyForm(s, { email: s, action: s }))],
  ['checkEmail', (s) => String(checkEmail(s))],
  ['newCommentMail', (s, body) => newCommentMail(mailbox(s), item(s, body), answerLinks(s), 0).html],
  [
    'digestMail',
    (s, body) =>
      digestMail(
        mailbox(s),
        [
          { item: item(s, body), links: answerLinks(s) },
          { item: item(s, body), links: answerLinks(s) },
        ],
        0,
      ).html,
  ],
  ['assignedMail', (s, body) => assignedMail(mailbox(s), item(s, body), answerLinks(s), { fromName: s, note: s }, 0).html],
  ['freshLinkMail', (s, body) => freshLinkMail(mailbox(s), item(s, body), answerLinks(s), 0).html],
  [
    'visitorReplyMail',
    (s, body) =>
      visitorReplyMail(
        {
          visitorId: s,
          visitorName: s,
          visitorEmail: 'jo@visitor.test',
          conversationId: s,
          commentId: s,
          staffName: s,
          staffRole: s,
          replyDoc: JSON.stringify(body),
          pageUrl: s,
          pageTitle: s,
          siteName: s,
          wanted: 1,
        },
        { commentUrl: s, unsubscribeUrl: s, unsubscribeAllUrl: s },
      ).html,
  ],
  ['verifyEmailMail', (s) => verifyEmailMail({ name: s, email: 'jo@visitor.test' }, s, s).html],
  ['privacyLinkMail export', (s) => privacyLinkMail({ name: s, email: 'jo@visitor.test' }, s, 'export', s).html],
  ['privacyLinkMail delete', (s) => privacyLinkMail({ name: s, email: 'jo@visitor.test' }, s, 'delete', s).html],
]

/** Views that take no text at all: their markup is fixed, and must still be clean. */
const fixedViews: [name: string, html: () => string][] = [
  ['refusalPage broken', () => String(refusalPage({ kind: 'broken' }))],
  ['refusalPage not_staff', () => String(refusalPage({ kind: 'not_staff' }))],
  ['linkRefused', () => String(linkRefused())],
  ['unsubscribed conversation', () => String(unsubscribed('conversation'))],
  ['unsubscribed site', () => String(unsubscribed('site'))],
  ['confirmEmail', () => String(confirmEmail())],
  ['emailConfirmed', () => String(emailConfirmed('published'))],
  ['privacyConfirm export', () => String(privacyConfirm(false))],
  ['privacyConfirm delete', () => String(privacyConfirm(true))],
  ['dataDeleted', () => String(dataDeleted())],
  ['unknownSite', () => String(unknownSite())],
  ['errorPage', () => String(errorPage('origin_not_allowed'))],
]

describe('hostile text in every field', () => {
  it.each(views)('%s keeps the markup it writes, and shows the text escaped', async (_, render) => {
    const expected = skeleton(await elementsOf(render('Jo', benignBody)))
    expect(dangers(await elementsOf(render('Jo', benignBody)))).toEqual([])
    for (const { name, value } of hostileStrings) {
      const html = render(value, benignBody)
      expect(html, name).not.toMatch(/<script/i)
      const elements = await elementsOf(html)
      expect(skeleton(elements), name).toEqual(expected)
      expect(dangers(elements), name).toEqual([])
      expect(html, name).toContain(escaped(value))
    }
  })

  it.each(fixedViews)('%s is clean', async (_, render) => {
    expect(dangers(await elementsOf(render()))).toEqual([])
  })
})

describe('hostile comment bodies', () => {
  // The document renderer adds only these, and only where a body is shown.
  const documentMarkup = new Set(['p', 'br', 'em', 'strong', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'style', 'href', 'rel'])
  const bodies = hostile.map((h) => [h.name, textToDocument(h.source)] as const)

  it.each(views.filter(([name]) => /answerPage|newCommentMail|digestMail|visitorReplyMail/.test(name)))(
    '%s shows every corpus body as text and allowed elements only',
    async (_, render) => {
      const template = new Set(skeleton(await elementsOf(render('Jo', benignBody))).flatMap((e) => e.match(/[\w-]+/g)!))
      for (const [name, body] of bodies) {
        const elements = await elementsOf(render('Jo', body))
        expect(dangers(elements), name).toEqual([])
        for (const { tag, attributes } of elements) {
          expect(template.has(tag) || documentMarkup.has(tag), `${name}: <${tag}>`).toBe(true)
          for (const [attribute] of attributes) expect(template.has(attribute) || documentMarkup.has(attribute), `${name}: ${tag}[${attribute}]`).toBe(true)
        }
      }
    },
  )
})

describe('the reply page', () => {
  it('gives a refused reply back in the reply box, exactly as typed', async () => {
    const draft = '\nFirst line after a blank one,\n</textarea><b>not bold</b> & more'
    const html = String(
      answerPage({
        token: 'tok',
        site: { name: 'Example' },
        page: { url: 'https://www.example.org/news', title: 'News' },
        conversation: conversation('Jo', benignBody),
        me: { name: 'Amira', role: 'Press officer' },
        colleagues: [],
        error: 'Your reply is too long.',
        draft,
      }),
    )
    let typed = ''
    await new HTMLRewriter()
      .on('textarea#body', { text: (t) => void (typed += t.text) })
      .transform(new Response(html))
      .text()
    const decoded = typed.replace(/&(lt|gt|quot|amp|#39);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', amp: '&', '#39': "'" })[e]!)
    // The parser drops the one newline the template writes after <textarea>; the draft's own stays.
    expect(decoded.replace(/^\n/, '')).toBe(draft)
    expect(html).toContain('role="alert"')
  })

  it('says nothing for an unknown "done" key, even one every object has', () => {
    const view = {
      token: 'tok',
      site: { name: 'Example' },
      page: { url: 'https://www.example.org/news', title: null },
      conversation: conversation('Jo', benignBody),
      me: { name: 'Amira', role: 'Press officer' },
      colleagues: [],
    }
    expect(String(answerPage({ ...view, done: 'constructor' }))).not.toContain('role="status"')
    expect(String(answerPage({ ...view, done: 'replied' }))).toContain('Your reply is published under your name')
  })
})
