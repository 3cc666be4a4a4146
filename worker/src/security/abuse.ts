import type { Env } from '../env'
import { ApiError } from '../http/errors'
import { sign } from './hmac'

/** The salt period: hashes of one IP match for 30 days, then a new key makes them unlinkable. */
const IP_PERIOD_MS = 30 * 86_400_000

/** The poster's IP as an HMAC under a key that rotates every 30 days; the IP itself is never stored. */
export async function ipHash(env: Env, request: Request, now: number): Promise<string> {
  const ip = request.headers.get('CF-Connecting-IP') ?? 'unknown'
  return sign(env, `ip:${Math.floor(now / IP_PERIOD_MS)}:${ip}`)
}

/**
 * The owner token of a comment: derived from the comment id with the secret, so an Idempotency-Key replay can
 * hand the same token back; only its SHA-256 is stored.
 */
export async function ownerToken(env: Env, commentId: string): Promise<string> {
  return (await sign(env, `owner:${commentId}`)).slice(0, 40)
}

/** Per site and hashed IP; approximate and per location: it slows abuse, it is not a security boundary. */
export async function enforceRateLimit(env: Env, key: string) {
  if (!env.RATE_LIMITER) return
  const { success } = await env.RATE_LIMITER.limit({ key })
  if (!success) throw new ApiError('rate_limited', 'Too many comments from here in a short time. Please wait a minute.', undefined, 60)
}

/** Turnstile siteverify. Any failure, including Cloudflare being unreachable, refuses the post: it can be retried. */
export async function verifyTurnstile(env: Env, token: string | undefined, request: Request): Promise<void> {
  if (!token) throw new ApiError('turnstile_failed', 'Please complete the check that you are not a robot.')
  if (!env.TURNSTILE_SECRET) throw new Error('TURNSTILE_SECRET is not set but a site uses Turnstile')
  const form = new FormData()
  form.set('secret', env.TURNSTILE_SECRET)
  form.set('response', token)
  const ip = request.headers.get('CF-Connecting-IP')
  if (ip) form.set('remoteip', ip)
  let ok = false
  try {
    const res = await fetch(env.TURNSTILE_VERIFY_URL, { method: 'POST', body: form })
    ok = res.ok && ((await res.json()) as { success?: boolean }).success === true
  } catch {
    ok = false
  }
  if (!ok) throw new ApiError('turnstile_failed', 'The check that you are not a robot did not pass. Please try it again.')
}

const fold = (s: string) => s.normalize('NFKC').toLowerCase()

/** The first banned word or phrase the text contains as a whole word, ignoring case and compatibility forms. */
export function findBannedWord(text: string, banned: string[]): string | undefined {
  const hay = fold(text)
  return banned.find((word) => {
    const needle = fold(word).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')
    return new RegExp(`(^|[^\\p{L}\\p{N}])${needle}($|[^\\p{L}\\p{N}])`, 'u').test(hay)
  })
}
