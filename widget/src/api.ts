import type { NewCommentInput, PostedComment } from '../../schema/api/comments'
import type { ErrorBody, ErrorIssue } from '../../schema/api/errors'
import type { Thread, ThreadQuery } from '../../schema/api/thread'

/*
 * The widget's only door to the worker. Types come from schema/ with `import type`: the worker validates,
 * the widget trusts its answers and never ships zod.
 */

/** A failed request, in words a visitor can read. `status` 0: no answer at all (offline, DNS, CORS). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ErrorIssue[] = [],
  ) {
    super(message)
  }
}

let scriptOrigin = location.origin

/** widget.js talks to the worker it was served from unless the element names another. */
export function useScriptOrigin(src: string): void {
  try {
    scriptOrigin = new URL(src).origin
  } catch {
    // An inline or odd script: keep the page's own origin.
  }
}

/** The worker's base URL, without a trailing slash. */
export function apiBase(attr?: string): string {
  let base = scriptOrigin
  try {
    if (attr) base = new URL(attr, location.href).href
  } catch {
    base = attr ?? base
  }
  return base.replace(/\/+$/, '')
}

/** An http(s) URL resolved against the worker, or '' for anything else. */
export function safeUrl(url: string, base: string): string {
  try {
    const u = new URL(url, base + '/')
    return /^https?:$/.test(u.protocol) ? u.href : ''
  } catch {
    return ''
  }
}

/** The page's canonical URL: `<link rel=canonical>` when it is http(s), else this URL without its hash. */
export function pageUrl(): string {
  const link = document.querySelector<HTMLLinkElement>('link[rel=canonical]')
  const url = new URL(link && /^https?:/.test(link.href) ? link.href : location.href)
  url.hash = ''
  return url.href
}

/** A fresh Idempotency-Key: 32 hex digits. getRandomValues, unlike randomUUID, works on plain-http pages. */
export function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('')
}

async function request<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response
  try {
    res = await fetch(url, init)
  } catch {
    throw new ApiError(0, 'network', 'Could not reach the comment service. Check your connection and try again.')
  }
  const body: unknown = await res.json().catch(() => null)
  if (res.ok && body) return body as T
  const error = (body as Partial<ErrorBody> | null)?.error
  throw new ApiError(
    res.status,
    error?.code ?? 'http_error',
    error?.message ?? `The comment service did not answer as expected (HTTP ${res.status}). Please try again.`,
    error?.issues,
  )
}

const sitePath = (base: string, site: string) => `${base}/v1/sites/${encodeURIComponent(site)}`

export function getThread(base: string, site: string, query: ThreadQuery): Promise<Thread> {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, v)
  return request(`${sitePath(base, site)}/thread?${params}`)
}

export function postComment(base: string, site: string, input: NewCommentInput, key: string): Promise<PostedComment> {
  return request(`${sitePath(base, site)}/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(input),
  })
}
