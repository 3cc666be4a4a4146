import type { Env } from '../env'
import { sign, verifySignature } from './hmac'

/*
 * A confirmed address is trusted in the browser that confirmed it, not for whoever types it: confirming hands
 * that browser a credential signed with our secret for (site, canonical address), which its later posts carry.
 */

const LIFETIME_MS = 365 * 86_400_000
/** UTF-8 text as base64url: safe in a credential, a URL fragment, a header. */
export const base64Url = (s: string) => btoa(String.fromCharCode(...new TextEncoder().encode(s))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
const unb64 = (s: string) => new TextDecoder().decode(Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)))

const signed = (siteId: string, email: string, expires: string) => `visitor:${siteId}:${email}:${expires}`

/** A credential for this site and canonical address, valid for a year. */
export async function issueVisitorCredential(env: Env, p: { siteId: string; email: string }, now: number): Promise<string> {
  const expires = (now + LIFETIME_MS).toString(36)
  return `vc1.${base64Url(p.siteId)}.${base64Url(p.email)}.${expires}.${await sign(env, signed(p.siteId, p.email, expires))}`
}

/** Whether a post's credential proves this canonical address on this site, now (signed with the current or the previous key). */
export async function provesAddress(env: Env, credential: string | undefined, p: { siteId: string; email: string }, now: number): Promise<boolean> {
  const parts = credential?.split('.')
  if (!parts || parts.length !== 5 || parts[0] !== 'vc1') return false
  const [, site, email, expires, sig] = parts as [string, string, string, string, string]
  try {
    if (unb64(site) !== p.siteId || unb64(email) !== p.email) return false
  } catch {
    return false
  }
  if (!(parseInt(expires, 36) > now)) return false
  return (await verifySignature(env, signed(p.siteId, p.email, expires), sig)) !== null
}
