import { publicThread, threadPageOf, type ThreadPageAsk } from '../domain/thread'
import { sha256Hex } from '../security/compare'
import { entityTag, matchesTag } from './etag'
import { checkSite, type SitePage } from '../security/site'
import { withJoinedReads } from '../store/joined'
import type { SiteRow } from '../store/sites'
import { readThreadVersions, threadVersionsStatement, type ThreadVersions } from '../store/versions'

/*
 * A thread's strong ETag, and the Workers Cache API copy of its answer. The answer is a function of: the page's rows
 * (pages.version), what the org's staff, routing and records look like (orgs.thread_version; both bumped by triggers,
 * migration 0010), the site's row (read whole with the versions), what the request names (page, topic, responder,
 * the page of the thread asked: sort, limit, cursor, comment; and the title while the page is not stored), and the clock, for away periods: the answer is computed at the start
 * of its minute (away periods start and end on minutes) and the minute is in the tag. So equal tags mean equal answers.
 */

/** How long one tag lasts at most: the answer is computed as of the start of this bucket. */
const TAG_BUCKET_MS = 60_000

/** Bump when the shape of the answer changes with no change to the data. */
const FORMAT = 2

export type ThreadRequest = { site: SiteRow; page: SitePage; title: string | undefined; ask: ThreadPageAsk }

/** The request's part of a tag (and of the cache key). The title only matters while the page is not stored. */
const asked = (r: ThreadRequest, stored: boolean) => [
  r.page.key,
  r.page.topic ?? null,
  r.page.responder ?? null,
  stored ? null : (r.title ?? null),
  r.ask.sort,
  r.ask.limit,
  r.ask.cursor ?? null,
  r.ask.comment ?? null,
]

async function threadTag(r: ThreadRequest, versions: ThreadVersions, bucket: number): Promise<string> {
  return entityTag([FORMAT, r.site, versions.pageVersion, versions.orgVersion, bucket, ...asked(r, versions.pageVersion !== null)])
}


/** One cached answer per page and request, whatever its versions: the entry holds the tag it was made under. */
async function threadCacheKey(r: ThreadRequest): Promise<Request> {
  const id = await sha256Hex(JSON.stringify(asked(r, false)))
  return new Request(`https://thread-cache.byline.internal/${encodeURIComponent(r.site.id)}/${id}`)
}

/*
 * The latest answers this isolate made, in front of the Cache API (which is a call away, and in local workerd a
 * write to disk). Bounded in bytes, oldest out first, so memory does not grow with reads.
 */
const recent = new Map<string, { tag: string; body: string }>()
const RECENT_MAX_BYTES = 8 * 1024 * 1024
let recentBytes = 0

function remember(url: string, tag: string, body: string) {
  const old = recent.get(url)
  if (old) recentBytes -= old.body.length
  recent.delete(url)
  if (body.length > RECENT_MAX_BYTES / 4) return
  recent.set(url, { tag, body })
  recentBytes += body.length
  for (const [oldest, entry] of recent) {
    if (recentBytes <= RECENT_MAX_BYTES) break
    recent.delete(oldest)
    recentBytes -= entry.body.length
  }
}

type CachedThread = { tag: string; body: string | ReadableStream }

/** The last answer kept for this key, with the tag it was made under: whether it still holds is the caller's to check. */
async function findCachedThread(key: Request): Promise<CachedThread | null> {
  const kept = recent.get(key.url)
  if (kept) return kept
  const res = await caches.default.match(key)
  return res?.body ? { tag: res.headers.get('ETag') ?? '', body: res.body } : null
}

/** Lets go of a cached answer that will not be served. */
async function discard(cached: CachedThread): Promise<void> {
  if (typeof cached.body !== 'string') await cached.body.cancel()
}

/** Keeps an answer with its tag, in this isolate and in the Cache API. */
function cacheThread(key: Request, tag: string, body: string): Promise<void> {
  remember(key.url, tag, body)
  return caches.default.put(key, new Response(body, { headers: { ETag: tag, 'Content-Type': 'application/json', 'Cache-Control': 'max-age=86400' } }))
}

/**
 * A page's thread as the route answers it: its tag, and its JSON (null: 304, the caller's copy holds). One D1 round
 * trip: the versions alone when a revalidation or a cached answer may settle it, else the thread's batch with the
 * versions riding in it (one transaction, so the tag is the one of this very answer). `r.site` may be the isolate's
 * copy: the versions statement is also the site's row, checked before anything is served (`checkSite`).
 */
export async function answerThread(
  db: D1Database,
  ctx: Pick<ExecutionContext, 'waitUntil'>,
  r: ThreadRequest,
  ifNoneMatch: string | undefined,
  now: number,
): Promise<{ tag: string; body: string | ReadableStream | null }> {
  // A cursor that is not this page's is refused before anything is read, and never answered 304.
  const which = await threadPageOf(r.site.id, r.page.key, r.ask)
  const bucket = now - (now % TAG_BUCKET_MS)
  const versions = threadVersionsStatement(db, r.site.id, r.page.key)
  const tagOf = (result: D1Result | undefined) => {
    checkSite(r.site, result)
    return threadTag(r, readThreadVersions(result), bucket)
  }
  // A revalidation is settled by the versions alone, with no cached answer to open.
  let tag = ifNoneMatch ? await tagOf(await versions.all()) : null
  if (tag && matchesTag(ifNoneMatch, tag)) return { tag, body: null }
  const key = await threadCacheKey(r)
  const cached = await findCachedThread(key)
  if (cached) {
    tag ??= await tagOf(await versions.all())
    if (cached.tag === tag) return { tag, body: cached.body }
    await discard(cached)
  }
  const { db: carrying, joined } = withJoinedReads(db, [versions])
  const thread = await publicThread(carrying, { site: r.site, page: r.page, title: r.title, topic: r.page.topic, which }, bucket).catch(
    async (error: unknown) => {
      // A failure on a stale copy of the site is the copy's fault: `withCurrentSite` runs it again with the current one.
      checkSite(r.site, (await joined())[0])
      throw error
    },
  )
  tag = await tagOf((await joined())[0])
  const body = JSON.stringify(thread)
  ctx.waitUntil(cacheThread(key, tag, body))
  return { tag, body: matchesTag(ifNoneMatch, tag) ? null : body }
}
