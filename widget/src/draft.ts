import { newKey } from './api'

/** What the visitor has typed, plus the Idempotency-Key that goes with this exact body. */
export interface Draft {
  name: string
  email: string
  body: string
  key: string
}

/*
 * The draft survives reloads and failed posts until the worker answers with the stored comment.
 * localStorage can throw (disabled storage, quota, some private modes): then the draft lives in memory only.
 */

const str = (v: unknown) => (typeof v === 'string' ? v : '')

export function read(key: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(key) ?? 'null')
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

export function write(key: string, value: object): void {
  try {
    localStorage.setItem(key, JSON.stringify(value))
  } catch {
    // Storage unavailable: what is written lives in memory (the form, the thread) until the page goes.
  }
}

/** Storage key of one page's draft. */
export const draftKey = (site: string, page: string) => `byline:draft:${site}:${page}`
export const visitorKey = (site: string) => `byline:visitor:${site}`

/** This page's draft; name and email fall back to what the visitor used last on the site. */
export function loadDraft(site: string, page: string): Draft {
  const d = read(draftKey(site, page))
  const me = read(visitorKey(site))
  const key = str(d.key)
  return {
    name: str(d.name) || str(me.name),
    email: str(d.email) || str(me.email),
    body: str(d.body),
    key: /^[\x21-\x7E]{8,200}$/.test(key) ? key : newKey(),
  }
}

export function saveDraft(site: string, page: string, draft: Draft): void {
  write(draftKey(site, page), draft)
}

/** After a comment is stored: remember who the visitor is for other pages of the site. */
export function rememberVisitor(site: string, draft: Draft): void {
  write(visitorKey(site), { ...read(visitorKey(site)), name: draft.name, email: draft.email })
}
