import type { Env } from '../env'
import { constantTimeEqual, hmacHex } from './compare'

/*
 * The one place that knows which HMAC keys exist. Everything is signed with HMAC_SECRET; a signature also verifies
 * under HMAC_SECRET_PREVIOUS while a rotation drains, so a routine rotation breaks no credential already handed out.
 */

const missing = 'HMAC_SECRET is not set (wrangler secret put HMAC_SECRET)'

/** The key every new signature is made with. */
export function signingSecret(env: Env): string {
  if (!env.HMAC_SECRET) throw new Error(missing)
  return env.HMAC_SECRET
}

/** The keys a signature may have been made with: the current one, then the previous one during a rotation. */
export function verificationSecrets(env: Env): string[] {
  const current = signingSecret(env)
  const previous = env.HMAC_SECRET_PREVIOUS
  return previous && previous !== current ? [current, previous] : [current]
}

export const sign = (env: Env, message: string): Promise<string> => hmacHex(signingSecret(env), message)

/**
 * Which key the signature was made with, or null when neither. Every key is tried and compared in constant time,
 * so the answer's timing says nothing about which one matched.
 */
export async function verifySignature(env: Env, message: string, signature: string): Promise<'current' | 'previous' | null> {
  const matches = await Promise.all(verificationSecrets(env).map(async (key) => constantTimeEqual(signature, await hmacHex(key, message))))
  if (matches[0]) return 'current'
  return matches[1] ? 'previous' : null
}
