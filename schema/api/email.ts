import { z } from 'zod'

/*
 * An email address a visitor gives: what zod calls an email, within RFC 5321's limits (local part ≤ 64 octets,
 * domain ≤ 253 with labels ≤ 63, all of it ≤ 254). Kept as typed; the worker compares a canonical form.
 */

const octets = (s: string) => new TextEncoder().encode(s).length

export const emailAddress = z
  .email()
  .max(254)
  .refine((s) => octets(s.slice(0, s.lastIndexOf('@'))) <= 64, 'must have at most 64 characters before the @')
  .refine((s) => {
    const domain = s.slice(s.lastIndexOf('@') + 1)
    return octets(domain) <= 253 && domain.split('.').every((label) => octets(label) <= 63)
  }, 'must have a domain of at most 253 characters, each part at most 63')
