import { css, html, LitElement, type PropertyValues } from 'lit'
import { ConsoleMe, ConsoleSignedOut } from '../../schema'
import { api, isSessionLost } from './api'
import { views, type ConsoleContext, type ViewName } from './context'
import { ConfigDraft, DraftController } from './draft'
import { base } from './styles'
import './views/sign-in'
import './views/queue'
import './views/stats'
import './views/sites'
import './views/staff'
import './views/rules'
import './views/config'
import './views/activity'

/*
 * The admin console, served by the worker at /admin: who is signed in decides between the sign-in form and the
 * console; the hash names the view (#queue, #staff…), so the back button and bookmarks work.
 */

const viewOf = (hash: string): ViewName => views.find(([name]) => `#${name}` === hash)?.[0] ?? 'queue'

const page = new CSSStyleSheet()
page.replaceSync('html{color-scheme:light dark}body{margin:0;background:Canvas}')
document.adoptedStyleSheets = [...document.adoptedStyleSheets, page]

export class BylineConsole extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        min-height: 100vh;
      }
      header {
        border-bottom: 1px solid var(--line);
        padding: 0.5rem 1rem;
      }
      header .row {
        justify-content: space-between;
      }
      .brand {
        font-weight: 700;
      }
      nav ul {
        list-style: none;
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
        margin: 0.4rem 0 0;
        padding: 0;
      }
      nav a {
        display: inline-flex;
        align-items: center;
        min-height: 44px;
        padding: 0 0.7rem;
        border-radius: var(--r);
        text-decoration: none;
      }
      nav a[aria-current='page'] {
        background: var(--accent);
        color: var(--on-accent);
      }
      main {
        max-width: 72rem;
        margin: 0 auto;
        padding: 0 1rem 3rem;
      }
      .pending {
        position: sticky;
        top: 0;
        z-index: 1;
        background: var(--bg);
        border-bottom: 1px solid var(--accent);
        padding: 0.4rem 1rem;
      }
    `,
  ]
  static override properties = { dev: { type: Boolean }, me: { state: true }, view: { state: true }, expired: { state: true }, failure: { state: true } }

  dev = false
  /** Undefined while asking who is signed in; null when nobody is. */
  me: ConsoleMe | null | undefined
  view: ViewName = viewOf(location.hash)
  expired = false
  failure = ''
  readonly draft = new ConfigDraft()
  // The "changes not applied" bar follows the draft whichever view edits it.
  private readonly _draft = new DraftController(this, this.draft)
  private readonly onHash = () => (this.view = viewOf(location.hash))

  override connectedCallback(): void {
    super.connectedCallback()
    addEventListener('hashchange', this.onHash)
    // Any call that finds the session gone brings back the sign-in form, whatever view made it.
    addEventListener('unhandledrejection', this.onRefusal)
    void this.whoAmI()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    removeEventListener('hashchange', this.onHash)
    removeEventListener('unhandledrejection', this.onRefusal)
  }

  private readonly onRefusal = (e: PromiseRejectionEvent) => {
    if (isSessionLost(e.reason)) this.signedOut(true)
  }

  /** A view reports a refusal here; a lost session signs the console out. */
  signedOut(expired: boolean): void {
    this.me = null
    this.expired = expired
  }

  private async whoAmI() {
    try {
      this.me = await api('/v1/console/me', { schema: ConsoleMe })
      await this.draft.load()
    } catch (e) {
      if (isSessionLost(e)) this.signedOut(e.code === 'session_expired')
      else this.failure = e instanceof Error ? e.message : String(e)
    }
  }

  private async signOut() {
    await api('/v1/console/sign-out', { method: 'POST', body: {}, schema: ConsoleSignedOut })
    this.signedOut(false)
  }

  private get context(): ConsoleContext {
    return { me: this.me!, draft: this.draft, dev: this.dev, refresh: () => this.requestUpdate() }
  }

  protected override updated(changed: PropertyValues<this>): void {
    // A new view takes focus to its heading, as a new page would, so screen readers announce where they are.
    if (changed.has('view') && changed.get('view') !== undefined) void this.focusView()
  }

  /** Focuses the new view's heading once the view has drawn it (a child renders after its parent). */
  private async focusView() {
    const view = this.renderRoot.querySelector('main')?.firstElementChild
    if (view instanceof LitElement) await view.updateComplete
    view?.shadowRoot?.querySelector<HTMLElement>('h1')?.focus()
  }

  override render() {
    if (this.failure) return html`<main><h1>The console could not start</h1><p role="alert">${this.failure}</p><p><a href="/admin">Try again</a></p></main>`
    if (this.me === undefined) return html`<main><p role="status">Loading the console…</p></main>`
    if (this.me === null) return html`<main><console-sign-in ?dev=${this.dev} ?expired=${this.expired}></console-sign-in></main>`
    // The name in force: after an applied rename it is the config's, though the session was opened under the old one.
    const orgName = this.draft.saved?.org.name ?? this.me.org.name
    document.title = `${views.find(([n]) => n === this.view)![1]} · ${orgName} · Byline console`
    return html`<header>
        <div class="row">
          <span class="brand">Byline console · ${orgName}</span>
          <span class="row"><span class="muted">${this.me.admin.email}</span><button class="quiet" @click=${this.signOut}>Sign out</button></span>
        </div>
        <nav aria-label="Console">
          <ul>
            ${views.map(([name, label]) => html`<li><a href="#${name}" aria-current=${this.view === name ? 'page' : 'false'}>${label}</a></li>`)}
          </ul>
        </nav>
      </header>
      ${this.draft.dirty && this.view !== 'config'
        ? html`<div class="pending" role="status">You have changes that are not applied yet. <a href="#config">Review and apply them</a></div>`
        : ''}
      <main>${this.viewElement()}</main>`
  }

  private viewElement() {
    const c = this.context
    switch (this.view) {
      case 'queue':
        return html`<console-queue .context=${c}></console-queue>`
      case 'stats':
        return html`<console-stats .context=${c}></console-stats>`
      case 'sites':
        return html`<console-sites .context=${c}></console-sites>`
      case 'staff':
        return html`<console-staff .context=${c}></console-staff>`
      case 'rules':
        return html`<console-rules .context=${c}></console-rules>`
      case 'config':
        return html`<console-config .context=${c}></console-config>`
      case 'activity':
        return html`<console-activity .context=${c}></console-activity>`
    }
  }
}
customElements.define('byline-console', BylineConsole)
