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
    // Only an attribute can fail to parse: it is taken as written.
    base = attr!
  }
  return base.replace(/\/+$/, '')
}

/** An http(s) URL resolved against the worker, or '' for anything else. */
export function safeUrl(url: string, base: string): string {
  try {
    const u = new URL(url, base + '/')
    return /^https?:/.test(u.href) ? u.href : ''
  } catch {
    return ''
  }
}

/** A URL without its fragment. */
export const unhashed = (href: string) => href.split('#')[0]!

/** The page's canonical URL: `<link rel=canonical>` when it is http(s), else this URL without its hash. */
export function pageUrl(): string {
  const link = document.querySelector<HTMLLinkElement>('link[rel=canonical]')
  return unhashed(link && /^https?:/.test(link.href) ? link.href : location.href)
}

/** A fresh Idempotency-Key: 128 random bits. getRandomValues, unlike randomUUID, works on plain-http pages. */
export const newKey = () => crypto.getRandomValues(new Uint32Array(4)).join('-')

/** Whatever went wrong, as an ApiError: anything but the worker's answer means it was not reached (fetch rejects). */
export const apiError = (e: unknown) =>
  e instanceof ApiError
    ? e
    : new ApiError(0, 'network', 'Could not reach the comment service. Check your connection and try again.')

async function request<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init)
  const body: unknown = await res.json().catch(() => {})
  if (res.ok && (body || res.status === 204)) return body as T
  const error = (body as Partial<ErrorBody> | null | undefined)?.error
  // Retry-After (429) is in seconds: the worker's sentence says what happened, this says when to try again.
  const wait = res.status === 429 ? Number(res.headers.get('retry-after')) : 0
  throw new ApiError(
    res.status,
    error?.code ?? 'http_error',
    (error?.message ?? `The comment service did not answer as expected (HTTP ${res.status}). Please try again.`) +
      (wait > 0 ? ` Try again in ${wait} second${wait > 1 ? 's' : ''}.` : ''),
    error?.issues,
  )
}

/** A request with a JSON body (none for DELETE) and extra headers. */
export const send = <T>(url: string, method: string, body?: object, headers?: Record<string, string>) =>
  request<T>(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body), // undefined for undefined: DELETE sends none
  })

export const sitePath = (base: string, site: string) => `${base}/v1/sites/${encodeURIComponent(site)}`

/** The query leaves out what is not given (JSON drops undefined). */
export const getThread = (base: string, site: string, query: ThreadQuery) =>
  request<Thread>(`${sitePath(base, site)}/thread?${new URLSearchParams(JSON.parse(JSON.stringify(query)))}`)
