import type { SelfServiceField, SelfServiceForm } from '../../../schema'
import { bdi, isolate } from '../render/email'
import { html, safeUrl, type Html } from '../render/html'
import { page } from '../render/page'
import { staffLinkRefusal, type StaffLinkRefusal } from './error'

/*
 * A member of staff's own page, opened from the link in every staff email: profile, digest, away period. One plain
 * form that posts back to /me/{token}; no script. A refused form comes back with what was typed and the reason
 * beside each field.
 */

export type SelfServiceView = {
  /** The link's token: the form posts to /me/{token}. */
  token: string
  me: { name: string; role: string; orgName: string }
  /** What the fields show: the saved values, or what the person typed in a refused form. */
  values: SelfServiceForm
  /** Whom they may name as delegate: active colleagues, never themselves. */
  colleagues: { handle: string; name: string; role: string }[]
  /** Every time zone the select offers. */
  zones: string[]
  /** Why each field was refused; the route answers 400 with them. */
  errors?: Partial<Record<SelfServiceField, string>>
  /** Said once after a save. */
  saved?: boolean
}

const FREQUENCIES = [
  ['immediate', 'At once: one email per new conversation'],
  ['hourly', 'Hourly: one digest an hour'],
  ['daily', 'Daily: one digest at the hour below'],
] as const

const hours = Array.from({ length: 24 }, (_, h) => h)

export function selfServicePage(view: SelfServiceView): Html {
  const { values: v, errors = {} } = view
  const count = Object.keys(errors).length
  /** A field's error, and the attributes that tie the field to it. */
  const problem = (name: SelfServiceField) => errors[name] && html`<p class="error" id="${name}-error">${errors[name]}</p>`
  const aria = (name: SelfServiceField, note?: string) => {
    const ids = [errors[name] ? `${name}-error` : '', note ?? ''].filter(Boolean).join(' ')
    return html`${errors[name] ? html` aria-invalid="true"` : ''}${ids ? html` aria-describedby="${ids}"` : ''}`
  }
  const zones = view.zones.includes(v.timeZone ?? '') ? view.zones : [v.timeZone ?? 'UTC', ...view.zones]
  // Parsers drop one newline right after <textarea>: the template writes one, so the bio's own survives.
  return page(
    `Your page, ${isolate(view.me.name)}`,
    html`<p class="muted">${bdi(view.me.orgName)} · signed in by this link as ${bdi(view.me.name)}, ${bdi(view.me.role)}</p>
<h1>Your profile, digest and away dates</h1>
${view.saved && html`<p class="notice" role="status">Saved. Your changes are in effect now.</p>`}
${count > 0 && html`<p class="error" role="alert">Your changes were not saved: ${count === 1 ? 'one field needs' : `${count} fields need`} another look.</p>`}
<form method="post" action="/me/${view.token}">
<h2>Profile</h2>
<p class="muted">Shown beside your replies on the page.</p>
${v.photoUrl && !errors.photoUrl ? html`<p class="byline"><img src="${safeUrl(v.photoUrl)}" alt="Your photo"></p>` : ''}
<label for="photoUrl">Photo URL</label>
<input id="photoUrl" name="photoUrl" inputmode="url" maxlength="2048" value="${v.photoUrl ?? ''}"${aria('photoUrl', 'photoUrl-note')}>
<p id="photoUrl-note" class="muted">An https address of a square picture; empty shows your initials.</p>
${problem('photoUrl')}
<label for="bio">Short bio</label>
<textarea id="bio" name="bio" dir="auto" maxlength="280"${aria('bio')}>
${v.bio ?? ''}</textarea>
${problem('bio')}
<label for="disclaimer">Disclaimer (for example “Views my own”)</label>
<input id="disclaimer" name="disclaimer" dir="auto" maxlength="140" value="${v.disclaimer ?? ''}"${aria('disclaimer')}>
${problem('disclaimer')}
<label for="timeZone">Time zone</label>
<select id="timeZone" name="timeZone"${aria('timeZone', 'timeZone-note')}>${zones.map((z) => html`<option${z === v.timeZone ? html` selected` : ''}>${z}</option>`)}</select>
<p id="timeZone-note" class="muted">Your digest hour and away dates are in this zone.</p>
${problem('timeZone')}
<h2>Digest</h2>
<fieldset${aria('frequency')}><legend>How often we email you about people waiting</legend>
${FREQUENCIES.map(
  ([value, label]) =>
    html`<label class="choice"><input type="radio" name="frequency" value="${value}"${v.frequency === value ? html` checked` : ''}> ${label}</label>`,
)}
</fieldset>
${problem('frequency')}
<label for="hour">Hour of the daily digest</label>
<select id="hour" name="hour"${aria('hour')}>${hours.map((h) => html`<option value="${h}"${String(h) === v.hour ? html` selected` : ''}>${String(h).padStart(2, '0')}:00</option>`)}</select>
${problem('hour')}
<h2>Away</h2>
<p class="muted" id="away-note">While you are away, new conversations go to your delegate. Leave both dates empty to clear it.</p>
<label for="awayFrom">Away from</label>
<input id="awayFrom" name="awayFrom" type="datetime-local" value="${v.awayFrom ?? ''}"${aria('awayFrom', 'away-note')}>
${problem('awayFrom')}
<label for="awayTo">Back on</label>
<input id="awayTo" name="awayTo" type="datetime-local" value="${v.awayTo ?? ''}"${aria('awayTo')}>
${problem('awayTo')}
<label for="delegate">Delegate</label>
<select id="delegate" name="delegate"${aria('delegate')}><option value="">Nobody: the site's rules decide</option>${view.colleagues.map(
      (c) => html`<option value="${c.handle}"${c.handle === v.delegate ? html` selected` : ''}>${isolate(c.name)} (${isolate(c.role)})</option>`,
    )}</select>
${problem('delegate')}
<button>Save</button>
</form>
<p class="muted">Changes are recorded in your organisation's activity log under your address.</p>`,
  )
}

/** Why a personal link will not do (see staffLinkRefusal). */
export type SelfServiceRefusal = StaffLinkRefusal

export const selfServiceRefusal = (refusal: SelfServiceRefusal): Html =>
  staffLinkRefusal(refusal, {
    whereToFind: 'Use the link at the end of your latest Byline email.',
    expired: 'Links to your page work for 14 days. We can email you a new one.',
    renewAction: (token) => `/me/${token}/renew`,
    renewLabel: 'Send me a new link',
  })

/** After "Send me a new link": 200, the same whoever the link was for. */
export function newLinkSent(): Html {
  return page(
    'A new link is on its way',
    html`<h1>A new link is on its way</h1><p role="status">If this link was yours, a new one is on its way to the address your organisation has for you.</p>`,
  )
}
