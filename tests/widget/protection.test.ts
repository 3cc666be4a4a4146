import { afterEach, describe, expect, test, vi } from 'vitest'
import { page } from 'vitest/browser'
import { API, cleanUp, created, json, mountWidget, post, stubApi, thread } from './helpers'

afterEach(() => {
  cleanUp()
  Reflect.deleteProperty(window, 'turnstile')
})

const SCRIPT = 'https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit'
const scripts = () => document.head.querySelectorAll(`script[src="${SCRIPT}"]`)
const status = () => page.getByRole('status')
const withKey = () => thread({ site: { ...thread().site, turnstileSiteKey: '0x4AAAAAAAtest' } })

type Options = { sitekey: string; callback: (token: string) => void; 'error-callback': () => void; 'expired-callback': () => void }

/**
 * Cloudflare's `turnstile`, faked. Not writable, so that the real script, should it ever load in a test browser,
 * cannot put itself in its place.
 */
function fakeTurnstile() {
  const rendered: { container: HTMLElement; options: Options }[] = []
  const turnstile = {
    render: vi.fn((container: HTMLElement, options: Options) => {
      rendered.push({ container, options })
      return `widget-${rendered.length}`
    }),
    reset: vi.fn(),
  }
  Object.defineProperty(window, 'turnstile', { value: turnstile, configurable: true, writable: false })
  return { turnstile, rendered }
}

describe('Turnstile', () => {
  test('sites without a key load no Turnstile script and send no token', async () => {
    const api = stubApi({ get: () => Response.json(thread()), post: (req) => created(req) })
    await mountWidget()
    await post('No challenge here')
    await expect.element(status()).toHaveTextContent('Posted')
    expect(scripts()).toHaveLength(0)
    expect(await api.posts()[0]!.json()).not.toHaveProperty('turnstileToken')
  })

  test("renders in a light-DOM child slotted into the form, sends its token, and resets it after the post", async () => {
    const { turnstile, rendered } = fakeTurnstile()
    const api = stubApi({ get: () => Response.json(withKey()), post: (req) => created(req) })
    const el = await mountWidget()

    expect(scripts()).toHaveLength(1)
    await expect.poll(() => rendered.length).toBe(1)
    const [{ container, options }] = rendered as [(typeof rendered)[0]]
    expect(container.parentElement).toBe(el)
    expect(container.slot).toBe('turnstile')
    expect(el.shadowRoot!.querySelector('form slot[name=turnstile]')).not.toBeNull()
    expect(options.sitekey).toBe('0x4AAAAAAAtest')

    options.callback('token-from-cloudflare')
    await post('Checked by Cloudflare')
    await expect.element(status()).toHaveTextContent('Posted')
    expect(await api.posts()[0]!.json()).toMatchObject({ turnstileToken: 'token-from-cloudflare' })
    expect(turnstile.reset).toHaveBeenCalledWith('widget-1')

    // A token is good once: the next post waits for a new one.
    await post('Second comment')
    await expect.poll(() => api.posts().length).toBe(2)
    expect(await api.posts()[1]!.json()).not.toHaveProperty('turnstileToken')
  })

  test('an expired token is not sent', async () => {
    const { rendered } = fakeTurnstile()
    const api = stubApi({
      get: () => Response.json(withKey()),
      post: () => json({ error: { code: 'turnstile_failed', message: 'Please complete the check above the button.' } }, 403),
    })
    await mountWidget()
    await expect.poll(() => rendered.length).toBe(1)
    rendered[0]!.options.callback('soon-stale')
    rendered[0]!.options['expired-callback']()
    await post('Too slow')
    await expect.element(status()).toHaveTextContent('Please complete the check above the button.')
    expect(await api.posts()[0]!.json()).not.toHaveProperty('turnstileToken')
  })

  test('one script per page, however many widgets, and one already there is reused', async () => {
    fakeTurnstile()
    stubApi({ get: () => Response.json(withKey()) })
    const placed = Object.assign(document.createElement('script'), { type: 'text/plain', src: SCRIPT })
    document.head.append(placed)
    await mountWidget({ page: '/a' })
    await mountWidget({ page: '/b' })
    expect(scripts()).toHaveLength(1)
    expect(scripts()[0]).toBe(placed)
  })
})

describe('the honeypot', () => {
  test('is out of sight and out of the accessibility tree, and an empty one is not sent', async () => {
    const api = stubApi({ get: () => Response.json(thread()), post: (req) => created(req) })
    const el = await mountWidget()

    const field = el.shadowRoot!.querySelector<HTMLInputElement>('form input[name=website]')!
    expect(field.getAttribute('aria-hidden')).toBe('true')
    expect(field.getAttribute('tabindex')).toBe('-1')
    expect(field.getAttribute('autocomplete')).toBe('off')
    expect(field.getBoundingClientRect().width * field.getBoundingClientRect().height).toBe(0)
    const textboxes = page.getByRole('textbox').elements()
    expect(textboxes).toHaveLength(3)
    expect(textboxes).not.toContain(field)

    await post('A person wrote this')
    await expect.element(status()).toHaveTextContent('Posted')
    expect(await api.posts()[0]!.json()).not.toHaveProperty('website')
  })

  test('what a robot typed into it is sent for the worker to judge', async () => {
    const api = stubApi({ get: () => Response.json(thread()), post: (req) => created(req) })
    const el = await mountWidget()
    el.shadowRoot!.querySelector<HTMLInputElement>('input[name=website]')!.value = 'https://spam.example'
    await post('Buy now')
    await expect.poll(() => api.posts().length).toBe(1)
    expect(await api.posts()[0]!.json()).toMatchObject({ website: 'https://spam.example' })
  })
})

describe('refusals', () => {
  test('429: the worker says why, the widget says when from Retry-After', async () => {
    stubApi({
      get: () => Response.json(thread()),
      post: () =>
        new Response(JSON.stringify({ error: { code: 'rate_limited', message: 'Too many comments from here.' } }), {
          status: 429,
          headers: { 'content-type': 'application/json', 'retry-after': '30' },
        }),
    })
    await mountWidget()
    await post('Again and again')
    await expect.element(status()).toHaveTextContent('Too many comments from here. Try again in 30 seconds.')
    await expect.element(page.getByLabelText('Comment', { exact: true })).toHaveValue('Again and again')
  })

  test.each([
    ['spam_detected', 400, 'This looks like spam to us.'],
    ['banned_content', 400, 'This comment contains words this site does not publish.'],
    ['too_many_links', 400, 'Comments may contain at most 3 links.'],
    ['banned', 403, 'Comments from this address are not accepted.'],
    ['reserved_name', 400, 'That name belongs to a member of staff; please use your own.'],
  ])('%s: the worker\'s sentence, in the status region', async (code, statusCode, message) => {
    stubApi({ get: () => Response.json(thread()), post: () => json({ error: { code, message } }, statusCode) })
    await mountWidget()
    await post('Refused')
    await expect.element(status()).toHaveTextContent(message)
  })
})

describe('"Your data"', () => {
  test("links to the worker's privacy page for the site, in a new tab", async () => {
    stubApi({ get: () => Response.json(thread()) })
    await mountWidget()
    const link = page.getByRole('link', { name: 'Your data' })
    await expect.element(link).toHaveAttribute('href', `${API}/privacy/demo`)
    await expect.element(link).toHaveAttribute('target', '_blank')
    await expect.element(link).toHaveAttribute('rel', 'noopener')
  })
})
