/*
 * The widget's localStorage, per site. localStorage can throw (disabled storage, quota, some private modes): then
 * what is written lives in memory only (the form, the thread) until the page goes.
 */

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
    // Storage unavailable: what is written lives in memory until the page goes.
  }
}

/** One page's draft. */
export const draftKey = (site: string, page: string) => `byline:draft:${site}:${page}`
/** Who the visitor is on the site: name, email, and the credential of a confirmed address. */
export const visitorKey = (site: string) => `byline:visitor:${site}`
/** The visitor's own comments on the site (widget/src/own/mine.ts). */
export const mineKey = (site: string) => `byline:mine:${site}`
