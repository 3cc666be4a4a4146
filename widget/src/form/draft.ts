import { draftKey, newKey, read, visitorKey, write } from '../shared'

/** What the visitor has typed, plus the Idempotency-Key that goes with this exact body. */
export interface Draft {
  name: string
  email: string
  body: string
  key: string
}

/* The draft survives reloads and failed posts until the worker answers with the stored comment. */

const str = (v: unknown) => (typeof v === 'string' ? v : '')

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

/** What proves the visitor's confirmed address on the site (own/mine.ts takes it in from the confirmation link). */
export const loadCredential = (site: string) => read(visitorKey(site)).credential as string | undefined
