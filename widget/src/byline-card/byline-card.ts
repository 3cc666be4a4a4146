import { html } from 'lit'
import type { Person, ResponderStats } from '../../../schema/api/thread'
import { safeUrl } from '../api'
import { h, once } from '../document/render'

/*
 * A staff member's public identity. No element of its own: the card has no state, and it is only ever built from
 * `author.kind === 'staff'` or a thread's responder — never from visitor input. A reply's byline never changes, so
 * it is built into DOM once, like the comment's body; the responder card above the form follows the form.
 */

/** The photo, if the worker gave an http(s) one. */
const photo = (staff: Person, base: string) => {
  const src = staff.photoUrl && safeUrl(staff.photoUrl, base)
  return src ? h('img', { part: 'photo', src, alt: staff.name, width: 48, height: 48, loading: 'lazy' }) : ''
}

const cards = new WeakMap<Person, Node>()

/**
 * The byline on a staff reply: photo, name, role, short bio and their disclaimer line if any. Built once per person
 * of the thread and cloned for each of their replies, which is one call instead of a dozen and a URL parsed.
 */
export const bylineCard = (staff: Person, base: string) => {
  let card = cards.get(staff)
  if (!card)
    cards.set(
      staff,
      (card = h(
        'div',
        { part: 'byline', class: 'card' },
        photo(staff, base),
        h(
          'div',
          {},
          h('strong', { dir: 'auto' }, staff.name),
          ' ',
          h('span', { class: 'muted', dir: 'auto' }, staff.role),
          staff.bio && h('p', { dir: 'auto' }, staff.bio),
          staff.disclaimer && h('p', { class: 'muted', dir: 'auto' }, staff.disclaimer),
        ),
      )),
    )
  return card.cloneNode(true)
}

const WITHIN: [hours: number, words: string][] = [
  [1, 'an hour'],
  [6, 'a few hours'],
  [24, 'a day'],
  [72, 'a few days'],
]

/** The responder's record in plain words; '' while the worker holds the figures back for want of history. */
function record(stats: ResponderStats | false): string {
  if (!stats) return ''
  const { medianFirstReplySeconds: s, answeredRate: rate } = stats
  // Rounded, but never "10 in 10": that would claim every conversation when one was missed.
  // A null rate (too little history) rounds to 0 like a low one.
  const n = stats.conversations && Math.min(Math.round(rate! * 10), 9)
  return `${s === null ? '' : `Usually replies within ${WITHIN.find(([h]) => s <= h * 3600)?.[1] ?? 'a week or more'}.`} ${
    n ? (rate === 1 ? 'Answers every conversation.' : `Answers ${n} in 10 conversations.`) : ''
  }`.trim()
}

/**
 * What the card above the form says, so the visitor knows who will read them, and how soon, before they write. Its
 * frame is drawn with the form, before the thread arrives; this is what the thread fills it with.
 */
export function responderCard(staff: Person, stats: ResponderStats | false, base: string, what: string) {
  const known = record(stats)
  return html`${once(staff, () => photo(staff, base))}
    <div>
      <p>${what} goes to <strong dir="auto">${staff.name}</strong>, <bdi>${staff.role}</bdi></p>
      ${staff.bio && html`<p dir="auto">${staff.bio}</p>`} ${known && html`<p class="muted">${known}</p>`}
    </div>`
}
