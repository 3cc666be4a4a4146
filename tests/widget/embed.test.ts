import { afterEach, describe, expect, test } from 'vitest'
import { defineOnce } from '../../widget/src/define'
import { BylineComments, mount } from '../../widget/src/index'
import { cleanUp, stubApi, thread } from './helpers'

afterEach(() => {
  cleanUp()
  document.querySelectorAll('script[data-site], .fixture').forEach((el) => el.remove())
})

function embedScript(data: Record<string, string>) {
  const script = document.createElement('script')
  script.type = 'text/plain' // inert: it stands for the real tag, the test calls mount() itself
  Object.assign(script.dataset, data)
  document.body.append(script)
  return script
}

describe('loading the script', () => {
  test('a second copy of the script defines nothing and throws nothing', async () => {
    // @ts-expect-error: a query makes the browser evaluate the entry module a second time.
    await expect(import('../../widget/src/index?again')).resolves.toBeDefined()
    expect(() => defineOnce('byline-comments', class extends BylineComments {})).not.toThrow()
    expect(customElements.get('byline-comments')).toBe(BylineComments)
  })

  test('the script tag inserts exactly one widget right after itself, with its data attributes', () => {
    stubApi({ get: () => Response.json(thread()) })
    const script = embedScript({ site: 'demo', page: 'press/budget', topic: 'budget' })

    mount(script)
    mount(script) // the same tag run twice

    const widgets = document.querySelectorAll('byline-comments')
    expect(widgets).toHaveLength(1)
    expect(script.nextElementSibling).toBe(widgets[0])
    expect(widgets[0]).toBeInstanceOf(BylineComments)
    expect(widgets[0]!.getAttribute('site')).toBe('demo')
    expect(widgets[0]!.getAttribute('page')).toBe('press/budget')
    expect(widgets[0]!.getAttribute('topic')).toBe('budget')
  })

  test('a duplicate tag elsewhere on the page adds no second widget', () => {
    stubApi({ get: () => Response.json(thread()) })
    mount(embedScript({ site: 'demo' }))
    mount(embedScript({ site: 'demo' }))
    expect(document.querySelectorAll('byline-comments')).toHaveLength(1)
  })

  test('fills a <byline-comments> the author placed without a site', () => {
    stubApi({ get: () => Response.json(thread()) })
    const placed = document.createElement('byline-comments')
    placed.setAttribute('theme', 'dark')
    const wrapper = Object.assign(document.createElement('div'), { className: 'fixture' })
    wrapper.append(placed)
    document.body.append(wrapper)

    mount(embedScript({ site: 'demo', theme: 'light' }))

    expect(document.querySelectorAll('byline-comments')).toHaveLength(1)
    expect(placed.getAttribute('site')).toBe('demo')
    expect(placed.getAttribute('theme')).toBe('dark') // what the author wrote wins
  })

  test('a script tag without data-site mounts nothing', () => {
    mount(embedScript({}))
    expect(document.querySelectorAll('byline-comments')).toHaveLength(0)
  })
})
