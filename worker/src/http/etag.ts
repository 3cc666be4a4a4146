import { sha256Hex } from '../security/compare'

/*
 * Strong entity tags for cacheable reads (the thread, the counts): a hash of everything the answer is a function of,
 * and If-None-Match compared as RFC 9110 has it.
 */

/** The tag of an answer made from `material` (its inputs: versions, the request, a format number). */
export async function entityTag(material: unknown): Promise<string> {
  return `"${(await sha256Hex(JSON.stringify(material))).slice(0, 32)}"`
}

/** If-None-Match against the current tag (weak comparison, as RFC 9110 has it for If-None-Match). */
export function matchesTag(header: string | undefined, tag: string): boolean {
  if (!header) return false
  return header.split(',').some((t) => {
    const candidate = t.trim()
    return candidate === '*' || candidate.replace(/^W\//, '') === tag
  })
}
