import { z } from 'zod'

// Control characters other than tab and newline have no business in a comment; DEL and C1 included.
const forbiddenInBody = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/
const forbiddenInLine = /[\u0000-\u001F\u007F-\u009F]/

/** Multi-line text kept byte for byte: no trimming, no normalisation; only control characters are refused. */
export const bodyText = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((s) => s.trim().length > 0, 'must not be empty')
    .refine((s) => !forbiddenInBody.test(s), 'must not contain control characters other than tab and newline')

/** A single line (a name, a title): trimmed, never empty, no control characters at all. */
export const lineText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !forbiddenInLine.test(s), 'must not contain control characters')

/** Lower-case slug used for org, site and staff ids. */
export const slug = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'must be lower-case letters, digits and dashes (1-64)')

function parseUrl(s: string): URL | null {
  try {
    return new URL(s)
  } catch {
    return null
  }
}

/** An http(s) URL with no credentials in it. */
export const httpUrl = z
  .url({ protocol: /^https?$/, hostname: z.regexes.hostname })
  .max(2048)
  // zod runs refinements even after the URL check failed, so this one must not throw on garbage.
  .refine((u) => {
    const url = parseUrl(u)
    return !url || (url.username === '' && url.password === '')
  }, 'must not contain credentials')

/** `https://host[:port]` exactly: what a browser sends in the Origin header. */
export const origin = z
  .string()
  .max(300)
  .refine((s) => {
    const u = parseUrl(s)
    return !!u && (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === s
  }, 'must be an origin such as https://www.example.org (scheme, host and optional port, nothing else)')
