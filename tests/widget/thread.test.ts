import { afterEach, describe, expect, test } from 'vitest'
import { page } from 'vitest/browser'
import type { Doc } from '../../schema/api/document'
import {
  amira,
  asResponder,
  cleanUp,
  conversation,
  mountWidget,
  staffComment,
  stubApi,
  text,
  thread,
  tom,
  visitorComment,
} from './helpers'

afterEach(cleanUp)

describe('the thread', () => {
  test('shows a visitor comment with just a name and a staff reply with the full byline card', async () => {
    stubApi({
      get: () =>
        Response.json(
          thread({
            conversations: [
              conversation({
                status: 'answered',
                assignee: amira,
                comments: [
                  visitorComment('Jane Reader', text('When does the budget vote happen?')),
                  staffComment(amira, text('On the 21st, in the council chamber.')),
                ],
              }),
            ],
          }),
        ),
    })
    await mountWidget()

    const [question, answer] = page.getByRole('article').all()
    await expect.element(question!.getByText('Jane Reader')).toBeVisible()
    await expect.element(question!.getByText('When does the budget vote happen?')).toBeVisible()
    expect(question!.getByRole('img').elements()).toHaveLength(0)
    expect(question!.getByText('Press officer').elements()).toHaveLength(0)

    await expect.element(answer!.getByText('Amira Haddad')).toBeVisible()
    await expect.element(answer!.getByText('Press officer')).toBeVisible()
    await expect.element(answer!.getByText('Answers questions about our press releases.')).toBeVisible()
    await expect.element(answer!.getByText('Views are my own')).toBeVisible()
    await expect.element(answer!.getByText('On the 21st, in the council chamber.')).toBeVisible()
    const photo = answer!.getByRole('img', { name: 'Amira Haddad' })
    await expect.element(photo).toHaveAttribute('src', 'https://byline.test/demo/photos/amira.svg')
    await expect.element(photo).toHaveAttribute('loading', 'lazy')
    await expect.element(photo).toHaveAttribute('width', '48')

    const time = answer!.element().querySelector('time')
    expect(time?.getAttribute('datetime')).toBe('2026-03-14T09:30:00.000Z')
    expect(time?.textContent).toMatch(/2026/)
  })

  test('a visitor who calls themself by a staff name still gets no card', async () => {
    stubApi({
      get: () =>
        Response.json(
          thread({
            conversations: [conversation({ assignee: amira, comments: [visitorComment('Amira Haddad', text('hi'))] })],
          }),
        ),
    })
    await mountWidget()
    const article = page.getByRole('article')
    await expect.element(article.getByText('Amira Haddad', { exact: true })).toBeVisible()
    expect(article.getByRole('img').elements()).toHaveLength(0)
    expect(article.getByText('Press officer').elements()).toHaveLength(0)
    expect(article.getByText(amira.bio).elements()).toHaveLength(0)
    expect(article.getByText(amira.disclaimer!).elements()).toHaveLength(0)
  })

  test('shows who a new comment goes to before the form', async () => {
    stubApi({ get: () => Response.json(thread({ responder: asResponder(tom) })) })
    const el = await mountWidget()

    const card = page.getByText('Your comment goes to Tom Reyes, Budget analyst')
    await expect.element(card).toBeVisible()
    await expect.element(page.getByText('Ten years on the city budget.')).toBeVisible()
    await expect.element(page.getByRole('img', { name: 'Tom Reyes' })).toHaveAttribute('src', tom.photoUrl!)
    const form = el.shadowRoot!.querySelector('form')!
    expect(card.element().compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    await expect.element(page.getByText('No comments yet.')).toBeVisible()
  })

  test('has one landmark per purpose, each with a name of its own', async () => {
    stubApi({ get: () => Response.json(thread()) })
    const el = await mountWidget()
    await expect.element(page.getByRole('region', { name: 'Comments', exact: true })).toBeVisible()
    await expect.element(page.getByRole('form', { name: 'Write a comment' })).toBeVisible()
    const names = [...el.shadowRoot!.querySelectorAll('section, form')].map((e) => e.getAttribute('aria-label'))
    expect(names).toEqual(['Comments', 'Who will answer', 'Write a comment'])
  })

  test('renders every kind of node of the document tree', async () => {
    const body: Doc = {
      type: 'doc',
      children: [
        {
          type: 'paragraph',
          children: [
            { type: 'text', value: 'Plain, ' },
            { type: 'emphasis', children: [{ type: 'text', value: 'leaning' }] },
            { type: 'text', value: ', ' },
            { type: 'strong', children: [{ type: 'text', value: 'bold' }] },
            { type: 'break' },
            { type: 'code', value: 'x < y' },
            { type: 'text', value: ' and ' },
            { type: 'link', href: 'https://example.org/a?b=1', children: [{ type: 'text', value: 'a link' }] },
          ],
        },
        { type: 'code_block', value: 'line 1\n  line 2' },
        { type: 'blockquote', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'quoted' }] }] },
        {
          type: 'list',
          ordered: true,
          children: [
            { type: 'list_item', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'first' }] }] },
            { type: 'list_item', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'second' }] }] },
          ],
        },
        {
          type: 'list',
          ordered: false,
          children: [{ type: 'list_item', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'dot' }] }] }],
        },
      ],
    }
    stubApi({
      get: () =>
        Response.json(
          thread({ conversations: [conversation({ comments: [visitorComment('V', body)] })] }),
        ),
    })
    await mountWidget()
    const article = page.getByRole('article').element()

    expect(article.querySelector('em')?.textContent).toBe('leaning')
    expect(article.querySelector('strong:not(header strong)')?.textContent).toBe('bold')
    expect(article.querySelector('br')).not.toBeNull()
    expect(article.querySelector('p > code')?.textContent).toBe('x < y')
    expect(article.querySelector('pre > code')?.textContent).toBe('line 1\n  line 2')
    expect(article.querySelector('blockquote p')?.textContent).toBe('quoted')
    expect([...article.querySelectorAll('ol > li')].map((li) => li.textContent?.trim())).toEqual(['first', 'second'])
    expect(article.querySelector('ul > li')?.textContent?.trim()).toBe('dot')

    const link = page.getByRole('link', { name: 'a link' })
    await expect.element(link).toHaveAttribute('href', 'https://example.org/a?b=1')
    await expect.element(link).toHaveAttribute('rel', 'nofollow ugc noopener noreferrer')
    await expect.element(link).toHaveAttribute('target', '_blank')
  })

  test("every link to a visitor's URL, wherever it sits in the body, is nofollow ugc noopener noreferrer", async () => {
    const link = (href: string) => ({ type: 'link' as const, href, children: [{ type: 'text' as const, value: href }] })
    const body: Doc = {
      type: 'doc',
      children: [
        { type: 'paragraph', children: [link('https://a.example/'), { type: 'emphasis', children: [link('http://b.example/')] }] },
        { type: 'blockquote', children: [{ type: 'paragraph', children: [{ type: 'strong', children: [link('mailto:c@example.org')] }] }] },
        {
          type: 'list',
          ordered: false,
          children: [{ type: 'list_item', children: [{ type: 'paragraph', children: [link('https://d.example/x')] }] }],
        },
      ],
    }
    stubApi({
      get: () => Response.json(thread({ conversations: [conversation({ comments: [visitorComment('V', body)] })] })),
    })
    await mountWidget()
    const links = page.getByRole('article').getByRole('link').elements()
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      'https://a.example/',
      'http://b.example/',
      'mailto:c@example.org',
      'https://d.example/x',
    ])
    for (const a of links) expect(a.getAttribute('rel')).toBe('nofollow ugc noopener noreferrer')
  })

  test('asks for the thread of this page with its url, page id, topic and title', async () => {
    document.title = 'Budget 2026'
    const api = stubApi({ get: () => Response.json(thread()) })
    await mountWidget({ page: 'press/2026-budget', topic: 'budget' })

    const url = new URL(api.requests[0]!.url)
    expect(url.origin + url.pathname).toBe('https://byline.test/v1/sites/demo/thread')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      url: location.href.replace(/#.*$/, ''),
      page: 'press/2026-budget',
      topic: 'budget',
      title: 'Budget 2026',
    })
  })

  test("sends the canonical URL when the page declares one", async () => {
    const link = Object.assign(document.createElement('link'), { rel: 'canonical', href: 'https://www.example.org/news/a#top' })
    document.head.append(link)
    const api = stubApi({ get: () => Response.json(thread()) })
    await mountWidget()
    expect(new URL(api.requests[0]!.url).searchParams.get('url')).toBe('https://www.example.org/news/a')
  })

  test('fires byline-thread-loaded with the thread', async () => {
    const data = thread({ responder: asResponder(amira, { conversations: 4, answeredRate: 0.75 }) })
    stubApi({ get: () => Response.json(data) })
    const seen = new Promise<unknown>((resolve) =>
      document.addEventListener('byline-thread-loaded', (e) => resolve(e.detail.thread), { once: true }),
    )
    await mountWidget()
    expect(await seen).toEqual(data)
  })

  test('follows the theme attribute', async () => {
    stubApi({ get: () => Response.json(thread()) })
    const light = await mountWidget({ theme: 'light' })
    const dark = await mountWidget({ theme: 'dark' })
    expect(getComputedStyle(light).backgroundColor).toBe('rgb(255, 255, 255)')
    expect(getComputedStyle(dark).backgroundColor).not.toBe('rgb(255, 255, 255)')
    expect(getComputedStyle(dark).colorScheme).toBe('dark')
  })
})

describe('a link to one comment (from a "replied to you" email)', () => {
  test('scrolls to and focuses the comment named in the page URL', async () => {
    const question = visitorComment('Jane Reader', text('When does the budget vote happen?'))
    const answer = staffComment(amira, text('On the 21st, in the council chamber.'))
    stubApi({ get: () => Response.json(thread({ conversations: [conversation({ comments: [question, answer] })] })) })
    history.replaceState(null, '', `#comment-${answer.id}`)
    try {
      const el = await mountWidget()
      await expect.poll(() => el.shadowRoot!.activeElement?.id).toBe(`comment-${answer.id}`)
      expect(el.shadowRoot!.activeElement!.textContent).toContain('On the 21st')
    } finally {
      history.replaceState(null, '', location.pathname + location.search)
    }
  })
})
