/*
 * One canonical form of an email address, for every comparison (bans, confirmation, unsubscribe, ownership):
 * case folded and the domain in its ASCII (punycode) form. Mail still goes to the address as typed.
 */

/** The address as compared: `Jo@Exämple.org` and `jo@xn--exmple-cua.org` are one. */
export function canonicalEmail(address: string): string {
  const at = address.lastIndexOf('@')
  if (at < 1) return address.toLowerCase()
  const local = address.slice(0, at).normalize('NFC').toLowerCase()
  let domain = address.slice(at + 1).toLowerCase()
  try {
    // The URL parser applies IDNA (UTS #46): Unicode labels become their xn-- form.
    domain = new URL(`http://${domain}`).hostname
  } catch {
    // Validated upstream; an address that got this far with an odd domain is compared as typed.
  }
  return `${local}@${domain.replace(/\.$/, '')}`
}
