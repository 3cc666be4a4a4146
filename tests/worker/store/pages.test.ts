import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { getPageStatement, insertPageIfNew, pageIdOf } from '../../../worker/src/store/pages'
import { givenSite, orgConfig, uniqueId } from '../helpers'

const NOW = Date.UTC(2026, 5, 1)

async function pageRows(siteId: string) {
  const { results } = await env.DB.prepare(`SELECT key, url, title, topic, created_at FROM pages WHERE site_id = ?1 ORDER BY key`)
    .bind(siteId)
    .all()
  return results
}

describe('pages store', () => {
  it('creates a page the first time it is seen, with its URL, title and topic', async () => {
    const site = await givenSite()
    await insertPageIfNew(env.DB, { siteId: site, key: '/news/budget', url: 'https://www.example.org/news/budget', title: 'Budget', topic: 'budget' }, NOW).run()
    const page = await getPageStatement(env.DB, site, '/news/budget').first()
    expect(page).toEqual({ id: expect.any(String), key: '/news/budget', url: 'https://www.example.org/news/budget', title: 'Budget', topic: 'budget' })
  })

  it('changes nothing on later sightings: the first URL and title stay, and the id too', async () => {
    const site = await givenSite()
    await insertPageIfNew(env.DB, { siteId: site, key: 'k', url: 'https://www.example.org/first' }, NOW).run()
    const first = await getPageStatement(env.DB, site, 'k').first<{ id: string }>()
    const again = await insertPageIfNew(env.DB, { siteId: site, key: 'k', url: 'https://www.example.org/second', title: 'Renamed', topic: 't' }, NOW + 1).run()
    expect(again.meta.changes).toBe(0)
    expect(await pageRows(site)).toEqual([{ key: 'k', url: 'https://www.example.org/first', title: null, topic: null, created_at: NOW }])
    expect((await getPageStatement(env.DB, site, 'k').first<{ id: string }>())!.id).toBe(first!.id)
  })

  it('keeps the same key on two sites as two pages, and finds none for an unknown key', async () => {
    const a = await givenSite()
    const b = await givenSite(orgConfig({ org: uniqueId('org'), site: uniqueId('site') }))
    await insertPageIfNew(env.DB, { siteId: a, key: 'shared', url: 'https://www.example.org/a' }, NOW).run()
    await insertPageIfNew(env.DB, { siteId: b, key: 'shared', url: 'https://www.example.org/b' }, NOW).run()
    const pa = await getPageStatement(env.DB, a, 'shared').first<{ id: string; url: string }>()
    const pb = await getPageStatement(env.DB, b, 'shared').first<{ id: string; url: string }>()
    expect(pa!.url).toBe('https://www.example.org/a')
    expect(pb!.url).toBe('https://www.example.org/b')
    expect(pa!.id).not.toBe(pb!.id)
    expect(await getPageStatement(env.DB, a, 'unknown').first()).toBeNull()
  })

  it('pageIdOf finds the id inside a larger statement, and null for an unknown key', async () => {
    const site = await givenSite()
    await insertPageIfNew(env.DB, { siteId: site, key: 'k', url: 'https://www.example.org/k' }, NOW).run()
    const id = (await getPageStatement(env.DB, site, 'k').first<{ id: string }>())!.id
    const lookup = (key: string) => env.DB.prepare(`SELECT ${pageIdOf('?1', '?2')} AS id`).bind(site, key).first<{ id: string | null }>()
    expect(await lookup('k')).toEqual({ id })
    expect(await lookup('nope')).toEqual({ id: null })
  })
})
