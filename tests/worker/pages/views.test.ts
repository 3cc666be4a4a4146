import { describe, expect, it } from 'vitest'
import type { Comment, Conversation, Doc, PublicStaff } from '../../../schema'
import { hostile } from '../../corpus/hostile'
import {
  assignedMail,
  consoleSignInMail,
  digestMail,
  freshLinkMail,
  newCommentMail,
  privacyLinkMail,
  selfServiceLinkMail,
  verifyEmailMail,
  visitorReplyMail,
} from '../../../worker/src/mail/messages'
import { answerPage, freshLinkSent, refusalPage } from '../../../worker/src/pages/answer'
import { checkEmailPage, consoleAppPage, newLinkRefusedPage, signInPage, signInRefusedPage } from '../../../worker/src/pages/console'
import { errorPage } from '../../../worker/src/pages/error'
import { newLinkSent, selfServicePage, selfServiceRefusal } from '../../../worker/src/pages/self-service'
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
import { dangers, elementsOf, escaped, hostileStrings, skeleton, textsOf } from './markup'

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
  createdAt: '2026-04-30T13:05:00.000Z',
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
const conversationSubject = (s: string) => ({ siteName: s, email: s, pageTitle: s, pageUrl: s })
const selfServiceView = (s: string) => ({
  token: s,
  me: { name: s, role: s, orgName: s },
  values: { photoUrl: s, bio: s, disclaimer: s, timeZone: s, frequency: s, hour: s, awayFrom: s, awayTo: s, delegate: s },
  colleagues: [{ handle: s, name: s, role: s }],
  zones: [s],
  saved: true,
})
/** Every field refused, each with `s` as its reason; the photo refused shows no preview, whatever the URL. */
const selfServiceErrors = (s: string) => ({ photoUrl: s, bio: s, disclaimer: s, timeZone: s, frequency: s, hour: s, awayFrom: s, awayTo: s, delegate: s })

/** Each view with `s` in every string it takes and `body` as every comment it shows, as the HTML sent. */
const views: [name: string, render: (s: string, body: Doc) => string][] = [
  [
    'answerPage',
    (s, body) =>
      String(
        answerPage({
          token: s,
          formToken: s,
          site: { name: s },
          page: { url: s, title: s },
          conversation: conversation(s, body),
          me: { name: s, role: s, timeZone: 'Europe/London' },
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
  ['unsubscribeForm about', (s) => String(unsubscribeForm(s, conversationSubject(s)))],
  ['unsubscribed conversation about', (s) => String(unsubscribed('conversation', conversationSubject(s)))],
  ['unsubscribed site about', (s) => String(unsubscribed('site', conversationSubject(s)))],
  ['confirmEmail about', (s) => String(confirmEmail({ siteName: s, email: s }))],
  ['confirmEmail held', (s, body) => String(confirmEmail({ siteName: s, email: s }, [{ doc: body, pageUrl: s, pageTitle: s }, { doc: body, pageUrl: s, pageTitle: null }]))],
  ['emailConfirmed back', (s) => String(emailConfirmed('published', { url: s, title: s }))],
  ['privacyConfirm export about', (s) => String(privacyConfirm(false, { siteName: s, email: s }))],
  ['privacyConfirm delete about', (s) => String(privacyConfirm(true, { siteName: s, email: s }))],
  ['privacyForm', (s) => String(privacyForm(s))],
  ['privacyForm refused', (s) => String(privacyForm(s, { email: s, action: s }))],
  ['checkEmail', (s) => String(checkEmail(s))],
  ['selfServicePage', (s) => String(selfServicePage(selfServiceView(s)))],
  ['selfServicePage refused', (s) => String(selfServicePage({ ...selfServiceView(s), errors: selfServiceErrors(s) }))],
  ['selfServiceRefusal expired', (s) => String(selfServiceRefusal({ kind: 'expired', token: s }))],
  ['signInPage', (s) => String(signInPage(s, s, s))],
  ['signInRefusedPage expired', (s) => String(signInRefusedPage({ state: 'expired', orgId: s, orgName: s, email: s, hash: s }))],
  ['signInRefusedPage used', (s) => String(signInRefusedPage({ state: 'used', orgId: s, orgName: s, email: s, hash: s }))],
  ['newLinkRefusedPage', (s) => String(newLinkRefusedPage(s, s))],
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
  ['consoleSignInMail', (s) => consoleSignInMail({ email: 'admin@example.org', name: s, orgName: s }, s, 15).html],
  ['selfServiceLinkMail', (s) => selfServiceLinkMail({ name: s, email: 'amira@example.org', orgName: s }, s).html],
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
  ['selfServiceRefusal broken', () => String(selfServiceRefusal({ kind: 'broken' }))],
  ['selfServiceRefusal not_staff', () => String(selfServiceRefusal({ kind: 'not_staff' }))],
  ['newLinkSent', () => String(newLinkSent())],
  ['signInRefusedPage broken', () => String(signInRefusedPage({ state: 'broken' }))],
  ['checkEmailPage', () => String(checkEmailPage())],
]

// Each of these renders and parses a view once per hostile string or corpus body: up to a second on a loaded 2-core
// machine, so they get a timeout of their own rather than the 5 s default.
const CORPUS = { timeout: 30_000 }

describe('hostile text in every field', () => {
  it.each(views)('%s keeps the markup it writes, and shows the text escaped', CORPUS, async (_, render) => {
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

  it("the console's page takes no text, and its one active element is the console's own script", async () => {
    for (const dev of [false, true]) {
      const elements = await elementsOf(String(consoleAppPage(dev)))
      expect(dangers(elements)).toEqual(['<script>', '<noscript>'])
      expect(elements.filter((e) => e.tag === 'script').map((e) => Object.fromEntries(e.attributes))).toEqual([{ type: 'module', src: '/admin/console.js' }])
    }
  })
})

describe('hostile comment bodies', () => {
  // The document renderer adds only these, and only where a body is shown.
  const documentMarkup = new Set(['p', 'br', 'em', 'strong', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'style', 'href', 'rel'])
  const bodies = hostile.map((h) => [h.name, textToDocument(h.source)] as const)

  it.each(views.filter(([name]) => /answerPage|newCommentMail|digestMail|assignedMail|freshLinkMail|visitorReplyMail|confirmEmail held/.test(name)))(
    '%s shows every corpus body as text and allowed elements only',
    CORPUS,
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
        formToken: 'abcdefghijklmnopqrstuvwxyz',
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
      formToken: 'abcdefghijklmnopqrstuvwxyz',
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

/** The reply page of one conversation: `opener` by a visitor, then `reply` by staff. */
function replyPage(opts: { visitorName?: string; opener?: Doc; reply?: Doc; timeZone?: string; state?: Comment['state'] } = {}) {
  const base = conversation('Jo', benignBody)
  const opener = visitorComment('c1', opts.opener ?? benignBody, opts.state)
  return String(
    answerPage({
      token: 'tok',
      formToken: 'abcdefghijklmnopqrstuvwxyz',
      site: { name: 'Example' },
      page: { url: 'https://www.example.org/news', title: 'News' },
      conversation: {
        ...base,
        comments: [
          { ...opener, author: { kind: 'visitor', name: opts.visitorName ?? 'Jo' } },
          { ...visitorComment('c2', opts.reply ?? benignBody), author: { kind: 'staff', staff: staff('Amira') } },
        ],
      },
      me: { name: 'Amira', role: 'Press officer', ...(opts.timeZone ? { timeZone: opts.timeZone } : {}) },
      colleagues: [],
    }),
  )
}

/** Every mail to staff that quotes a visitor's comment, with `body` as the comment and `name` as the visitor. */
const staffMails = (name: string, body: Doc) => {
  const waiting = { ...item('Example', body), visitorName: name, pageTitle: 'News', pageUrl: 'https://www.example.org/news' }
  const links = { replyUrl: 'https://byline.test/answer/tok', handoverUrl: 'https://byline.test/answer/tok#hand-over', replyAddress: 'reply+tok@inbound.byline.test' }
  return {
    newCommentMail: newCommentMail(mailbox('Amira'), waiting, links, 0),
    digestMail: digestMail(mailbox('Amira'), [{ item: waiting, links }], 0),
    assignedMail: assignedMail(mailbox('Amira'), waiting, links, { fromName: 'Ben', note: null }, 0),
    freshLinkMail: freshLinkMail(mailbox('Amira'), waiting, links, 0),
  }
}

const visitorReply = (staffName: string, body: Doc) =>
  visitorReplyMail(
    {
      visitorId: 'v',
      visitorName: 'Jo',
      visitorEmail: 'jo@visitor.test',
      conversationId: 'c',
      commentId: 'm',
      staffName,
      staffRole: 'Press officer',
      replyDoc: JSON.stringify(body),
      pageUrl: 'https://www.example.org/news',
      pageTitle: 'News',
      siteName: 'Example',
      wanted: 1,
    },
    { commentUrl: 'https://www.example.org/news#comment-m', unsubscribeUrl: 'https://byline.test/unsubscribe/t', unsubscribeAllUrl: 'https://byline.test/unsubscribe/t?scope=site' },
  )

const hrefs = async (html: string) => (await elementsOf(html)).filter((e) => e.tag === 'a').map((e) => Object.fromEntries(e.attributes).href!)

describe("a visitor's links, shown to staff", () => {
  // A label that names one place over a target that is another: the phishing link staff must never be handed.
  const phishing = textToDocument('Log in at [https://bank.example/login](https://evil.example/steal) and see https://auto.example/x')
  const shownAs = 'Log in at https://bank.example/login (https://evil.example/steal) and see https://auto.example/x'

  it.each(Object.keys(staffMails('Jo', phishing)))('%s shows them as text with their full target, never as links', async (kind) => {
    const mail = staffMails('Jo', phishing)[kind as keyof ReturnType<typeof staffMails>]
    expect(await hrefs(mail.html)).not.toEqual(expect.arrayContaining([expect.stringMatching(/evil|auto\.example/)]))
    expect((await hrefs(mail.html)).every((h) => /^(https:\/\/byline\.test\/|https:\/\/www\.example\.org\/news$|mailto:reply\+tok@)/.test(h))).toBe(true)
    expect(await textsOf(mail.html, 'div[dir=auto] p')).toEqual([shownAs])
    expect(mail.text).toContain(shownAs)
  })

  it('the reply page shows them as text, and keeps staff links live', async () => {
    const staffLinks = textToDocument('See [the notice](https://www.example.org/notice).')
    const html = replyPage({ opener: phishing, reply: staffLinks })
    const links = await hrefs(html)
    expect(links).toContain('https://www.example.org/notice')
    expect(links).toContain('https://www.example.org/news')
    expect(links.filter((h) => /evil|auto\.example|bank/.test(h))).toEqual([])
    expect(await textsOf(html, 'article div[dir=auto] p')).toEqual([shownAs, 'See the notice (https://www.example.org/notice).'])
  })

  it("keeps a staff reply's links live in the visitor's email", async () => {
    const mail = visitorReply('Amira', textToDocument('See [the notice](https://www.example.org/notice).'))
    expect(await hrefs(mail.html)).toContain('https://www.example.org/notice')
  })
})

describe('the direction of what people wrote', () => {
  // U+202E turns what follows around; a name carrying it must not reverse the sentence it sits in.
  const name = '\u202EJo Visitor'
  const arabic = 'مرحبا، متى تغلق الاستشارة؟'
  const body = textToDocument(arabic)
  /** Every time `text` holds `name`, it sits between FSI and PDI. */
  const isolatedWherever = (text: string, name: string) =>
    text.split(name).every((part, i, parts) => (i === 0 || part.startsWith('\u2069')) && (i === parts.length - 1 || part.endsWith('\u2068')))

  it('isolates names, roles and titles with <bdi> on the reply page, and gives the body its own direction', async () => {
    const html = replyPage({ visitorName: name, opener: body })
    const isolated = await textsOf(html, 'bdi')
    expect(isolated).toEqual(expect.arrayContaining([name, 'Amira', 'Press officer', 'Example', 'News']))
    expect(await textsOf(html, 'h1 bdi')).toEqual([name, 'News'])
    expect(await textsOf(html, 'article > strong > bdi')).toEqual([name])
    expect((await textsOf(html, 'article > div[dir=auto]'))[0]).toBe(arabic)
    expect(html).toContain(`<title>Answer \u2068${name}\u2069 · Byline</title>`)
  })

  it.each(Object.keys(staffMails(name, body)))('%s isolates the name in the HTML, the text and the subject', async (kind) => {
    const mail = staffMails(name, body)[kind as keyof ReturnType<typeof staffMails>]
    expect(await textsOf(mail.html, 'bdi')).toEqual(expect.arrayContaining([name, 'News', 'Example', 'Amira']))
    expect(await textsOf(mail.html, 'div[dir=auto]')).toEqual([arabic])
    expect(mail.text).toContain(`\u2068${name}\u2069 on “News”`)
    expect(isolatedWherever(mail.text, name)).toBe(true)
    expect(isolatedWherever(mail.subject, name)).toBe(true)
  })

  it("isolates the staff member's name and gives the reply its direction in the visitor's email", async () => {
    const mail = visitorReply(name, body)
    expect(await textsOf(mail.html, 'bdi')).toEqual(expect.arrayContaining([name, 'Press officer', 'Example', 'Jo']))
    expect(await textsOf(mail.html, 'div[dir=auto]')).toEqual([arabic])
    expect(mail.subject).toBe(`\u2068${name}\u2069 (Press officer) replied to you`)
  })

  it('leaves plain left-to-right text as it was in subjects and text parts', () => {
    const mail = staffMails('Jo', benignBody).newCommentMail
    expect(mail.subject).toBe('Jo is waiting for your answer on “News”')
    expect(mail.text).not.toMatch(/[\u2068\u2069]/)
  })
})

describe('the reply page for its reader', () => {
  it("shows times on the reader's wall clock, with the zone named, and UTC without one", async () => {
    // The fixture's comments were written at 2026-04-30 13:05 UTC.
    expect(await textsOf(replyPage({ timeZone: 'Europe/London' }), 'time')).toEqual(['2026-04-30 14:05 GMT+1', '2026-04-30 14:05 GMT+1'])
    expect(await textsOf(replyPage({ timeZone: 'America/New_York' }), 'time')).toContain('2026-04-30 09:05 EDT')
    expect(await textsOf(replyPage(), 'time')).toContain('2026-04-30 13:05 UTC')
    const times = (await elementsOf(replyPage({ timeZone: 'Asia/Tokyo' }))).filter((e) => e.tag === 'time')
    expect(times.map((e) => Object.fromEntries(e.attributes).datetime)).toContain('2026-04-30T13:05:00.000Z')
  })

  it('asks before hiding or deleting, without script: the buttons that act sit inside a closed <details>', async () => {
    const html = replyPage({ state: 'pending' })
    expect(html).not.toMatch(/<script|\son\w+=/i)
    const buttons = (await elementsOf(html)).filter((e) => e.tag === 'button').map((e) => Object.fromEntries(e.attributes).value)
    expect(buttons).toEqual(expect.arrayContaining(['approve', 'hide', 'delete']))
    expect(await textsOf(html, 'form details summary')).toEqual(['Hide…', 'Delete…'])
    expect(await textsOf(html, 'form details button[name=action][value=hide]')).toEqual(['Yes, hide it'])
    expect(await textsOf(html, 'form details button[name=action][value=delete]')).toEqual(['Yes, delete it'])
    // Approving is not destructive: one click.
    expect(await textsOf(html, 'details button[value=approve]')).toEqual([])
    expect(await textsOf(html, 'form > button[name=action][value=approve]')).toEqual(['Approve'])
    expect(html).not.toMatch(/<details[^>]* open/)
  })
})

describe('what a visitor link is about', () => {
  const about = { siteName: 'Example Agency', email: 'jo@visitor.test', pageTitle: 'Budget 2026', pageUrl: 'https://www.example.org/news/budget' }
  const said = async (html: string) => (await textsOf(html, 'main')).join('').replace(/\s+/g, ' ')

  it('names the address, the site and the conversation on unsubscribe pages', async () => {
    const form = String(unsubscribeForm('tok', about))
    expect(await said(form)).toContain('We email jo@visitor.test when someone answers you on Example Agency. This link came with the conversation on Budget 2026.')
    expect(await hrefs(form)).toContain('https://www.example.org/news/budget')
    expect(await said(String(unsubscribed('conversation', about)))).toContain(
      'jo@visitor.test will get no more emails about the conversation on Budget 2026 (Example Agency).',
    )
    expect(await said(String(unsubscribed('site', about)))).toContain('jo@visitor.test will get no more emails about any of your comments on Example Agency.')
    expect(await said(String(unsubscribeForm('tok', { ...about, pageTitle: null })))).toContain('the conversation on https://www.example.org/news/budget')
  })

  it('names the address and the site on the confirmation and privacy pages', async () => {
    expect(await said(String(confirmEmail(about)))).toContain('Confirming trusts this address on Example Agency with jo@visitor.test in this browser')
    const held = [{ doc: { type: 'doc' as const, children: [] }, pageUrl: 'https://www.example.org/news', pageTitle: 'News' }]
    expect(await said(String(confirmEmail(about, held)))).toContain(
      'These comments were written on Example Agency with jo@visitor.test. Publish them if you wrote them; discard them if you did not.',
    )
    expect(await said(String(privacyConfirm(true, about)))).toContain(
      'This removes your email address (jo@visitor.test) and name from every comment you wrote on Example Agency.',
    )
    expect(await said(String(privacyConfirm(false, about)))).toContain(
      'You will get a JSON file with your email address (jo@visitor.test), your name and every comment you wrote on Example Agency.',
    )
  })

  it('puts each privacy choice in its label, beside its radio button', async () => {
    const html = String(privacyForm('Example Agency'))
    expect(await textsOf(html, 'fieldset label.choice')).toEqual([' A copy of everything (JSON)', ' Delete my address and name from my comments'])
    expect((await elementsOf(html)).filter((e) => e.tag === 'input' && Object.fromEntries(e.attributes).type === 'radio')).toHaveLength(2)
  })
})
