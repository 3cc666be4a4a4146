import { describe, expect, it } from 'vitest'
import { Doc, type Thread } from '../../schema'
import { CORPUS_MAX_LINKS, docLinks, docText, hostile, inspectDoc } from '../corpus/hostile'
import { comment, getThread, givenSite, orgConfig, pageUrl, postComment, uniqueId } from './helpers'

/*
 * Every hostile body through the public API: posted as a visitor, read back in the thread. Each entry of the
 * corpus says what must happen to it (worked out from the input, not from the renderer): refused with a 4xx
 * JSON error when it is the caller's fault (blank, too long, too many links), else stored and served as a
 * document of allowed nodes with exactly the links it should have and the text it should show.
 */

/** A site that lets comments carry as many links as the corpus's expectations assume. */
async function permissiveSite() {
  const config = orgConfig()
  const site = config.sites[0]!
  site.settings = { ...site.settings, maxLinks: CORPUS_MAX_LINKS }
  return givenSite(config)
}

describe('hostile bodies through POST /v1/sites/{site}/comments', () => {
  // A config, a post and two reads per entry, the heaviest parses included: up to 1 s each on a loaded 2-core
  // machine, close enough to the 5 s default that a slower one would fail for no fault of the code.
  it.each(hostile.map((entry, i) => [entry.name, entry, i] as const))('%s', { timeout: 30_000 }, async (_, { source, expect: expected }, i) => {
    const site = await permissiveSite()
    const path = `/hostile/${uniqueId('page')}`
    // Each post from its own address, as different visitors: the rate limit is not what is under test.
    const res = await postComment(site, comment({ url: pageUrl(path), body: source }), { 'CF-Connecting-IP': `192.0.2.${i % 250}` })

    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    if (expected.outcome !== 'stored') {
      expect(res.status).toBeGreaterThanOrEqual(400)
      expect(res.status).toBeLessThan(500)
      const { error } = (await res.json()) as { error: { code: string; message: string } }
      expect(error.code).toBe(expected.outcome)
      const thread = (await (await getThread(site, { url: pageUrl(path) })).json()) as Thread
      expect(thread.conversations).toEqual([])
      return
    }
    expect(res.status).toBe(201)

    const posted = (await res.json()) as { comment: { id: string; body: unknown } }
    const read = await getThread(site, { url: pageUrl(path) })
    expect(read.status).toBe(200)
    const thread = (await read.json()) as Thread
    const served = thread.conversations.flatMap((c) => c.comments).find((c) => c.id === posted.comment.id)
    expect(served?.body).toEqual(posted.comment.body)

    for (const body of [posted.comment.body, served!.body]) {
      const parsed = Doc.safeParse(body)
      expect(parsed.success, parsed.error?.message).toBe(true)
      expect(inspectDoc(body).problems).toEqual([])
    }
    const body = served!.body
    expect(docLinks(body)).toEqual(expected.links)
    const text = docText(body)
    if (expected.asTyped) expect(text).toBe(source)
    for (const shown of expected.shows ?? []) expect(text).toContain(shown)
    for (const hidden of expected.hides ?? []) expect(text).not.toContain(hidden)
  })
})
