import { html, nothing } from 'lit'
import type { PublicStaff } from '../../../schema/api/thread'
import { safeUrl } from '../api'

/*
 * A staff member's public identity. Templates rather than an element: the card has no state of its own, and
 * it is only ever built from `author.kind === 'staff'` or a thread's responder — never from visitor input.
 */

function photo(staff: PublicStaff, base: string) {
  const src = staff.photoUrl && safeUrl(staff.photoUrl, base)
  return src
    ? html`<img part="photo" src=${src} alt=${staff.name} width="48" height="48" loading="lazy" />`
    : nothing
}

const bio = (staff: PublicStaff) => (staff.bio ? html`<p class="bio">${staff.bio}</p>` : nothing)

/** The byline on a staff reply: photo, name, role, short bio and their disclaimer line if any. */
export function bylineCard(staff: PublicStaff, base: string) {
  return html`<div part="byline" class="card">
    ${photo(staff, base)}
    <div>
      <strong>${staff.name}</strong> <span class="muted">${staff.role}</span>${bio(staff)}
      ${staff.disclaimer ? html`<p class="muted">${staff.disclaimer}</p>` : nothing}
    </div>
  </div>`
}

/** Above the form, so the visitor knows who will read them before they write. */
export function responderCard(staff: PublicStaff, base: string, what: string) {
  return html`<section part="responder" class="card" aria-label="Who will answer">
    ${photo(staff, base)}
    <div>
      <p>${what} goes to <strong>${staff.name}</strong>, ${staff.role}</p>
      ${bio(staff)}
    </div>
  </section>`
}
