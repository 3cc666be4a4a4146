import { html, LitElement } from 'lit'
import { Accepted, ConsoleSignInRequest } from '../../../schema'
import { api, ApiRefusal } from '../api'
import { base } from '../styles'

/** The sign-in form: an organisation id and an address; the link arrives by email (in development, the dev outbox). */
export class ConsoleSignIn extends LitElement {
  static override styles = base
  static override properties = { dev: { type: Boolean }, expired: { type: Boolean }, sent: { state: true }, error: { state: true }, busy: { state: true } }
  dev = false
  expired = false
  sent = false
  busy = false
  error = ''

  override render() {
    if (this.sent)
      return html`<h1 tabindex="-1">Check your email</h1>
        <p role="status">If this address may sign in to this organisation, a link is on its way. It works once, for 15 minutes.</p>
        ${this.dev ? html`<p>Local development: the link is in the <a href="/dev/mail">dev outbox</a>.</p>` : ''}
        <button class="quiet" @click=${() => (this.sent = false)}>Use another address</button>`
    return html`<h1 tabindex="-1">Sign in to the Byline console</h1>
      ${this.expired ? html`<p class="notice" role="status">Your session has ended. Sign in again to go on.</p>` : ''}
      <p>We email you a link that signs you in. No password.</p>
      <form @submit=${this.submit} novalidate>
        <label for="org">Organisation id</label>
        <input id="org" name="org" autocomplete="organization" required />
        <label for="email">Your email address</label>
        <input id="email" name="email" type="email" autocomplete="email" required />
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
        <p><button ?disabled=${this.busy}>Email me a sign-in link</button></p>
      </form>
      ${this.dev ? html`<p class="muted">Local development: the demo organisation is <code>kestrelford-transport</code> and its admin <code>admin@example.org</code>; the link arrives in the <a href="/dev/mail">dev outbox</a>.</p>` : ''}`
  }

  private async submit(e: SubmitEvent) {
    e.preventDefault()
    const form = new FormData(e.target as HTMLFormElement)
    const request = ConsoleSignInRequest.safeParse({ org: String(form.get('org') ?? '').trim(), email: String(form.get('email') ?? '').trim() })
    if (!request.success) {
      this.error = 'Enter your organisation id (letters, digits and dashes) and your email address.'
      return
    }
    this.busy = true
    this.error = ''
    try {
      await api('/v1/console/sign-in', { method: 'POST', body: request.data, schema: Accepted })
      this.sent = true
    } catch (err) {
      this.error = err instanceof ApiRefusal ? err.message : String(err)
    } finally {
      this.busy = false
    }
  }
}
customElements.define('console-sign-in', ConsoleSignIn)
