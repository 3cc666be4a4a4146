import { describe, expect, it } from 'vitest'
import { COMMENT_MAX_CHARS, Doc, type Thread } from '../../schema'
import { countLinks, textToDocument } from '../../worker/src/render/document'
import { hostile, inspectDoc } from '../corpus/hostile'
import { comment, getThread, givenSite, orgConfig, pageUrl, postComment, uniqueId } from './helpers'

/*
 * Every hostile body through the public API: posted as a visitor, read back in the thread. A refusal is
 * fine when it is the caller's fault (too long, too many links) and said as a 4xx JSON error; what is
 * stored and served must be a document of allowed nodes with safe links only.
 */

const MAX_LINKS = 50

/** A site that lets comments carry as many links as the settings allow. */
async function permissiveSite() {
  const config = orgConfig()
  const site = config.sites[0]!
  site.settings = { ...site.settings, maxLinks: MAX_LINKS }
  return givenSite(config)
}

/** Why the API should refuse a body, if it should. */
function refusal(source: string): string | null {
  if (source.length > COMMENT_MAX_CHARS || source.trim() === '') return 'invalid_request'
  if (countLinks(textToDocument(source)) > MAX_LINKS) return 'too_many_links'
  return null
}

describe('hostile bodies through POST /v1/sites/{site}/comments', () => {
  it.each(hostile.map((entry, i) => [entry.name, entry, i] as const))('%s', async (_, { source }, i) => {
    const site = await permissiveSite()
    const path = `/hostile/${uniqueId('page')}`
    // Each post from its own address, as different visitors: the rate limit is not what is under test.
    const res = await postComment(site, comment({ url: pageUrl(path), body: source }), { 'CF-Connecting-IP': `192.0.2.${i % 250}` })

    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    const refused = refusal(source)
    if (refused) {
      expect(res.status).toBeGreaterThanOrEqual(400)
      expect(res.status).toBeLessThan(500)
      const { error } = (await res.json()) as { error: { code: string; message: string } }
      expect([refused, 'payload_too_large']).toContain(error.code)
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
  })
})
