import { css, html, LitElement, nothing, type PropertyValues } from 'lit'
import { live } from 'lit/directives/live.js'
import type { ConfigPreview, ErrorIssue } from '../../../schema'
import { ApiRefusal, isSessionLost } from '../api'
import type { ConsoleContext } from '../context'
import { DraftController } from '../draft'
import { base } from '../styles'
import { diffInWords, issueList } from './config-diff'
import { jsonProblemInWords } from './config-json'

type Refusal = { message: string; issues: ErrorIssue[] }


/** What a failed call says, keeping the worker's issues; a lost session goes on up to the console, which signs out. */
function refusalOf(e: unknown): Refusal {
  if (isSessionLost(e)) throw e
  return e instanceof ApiRefusal ? { message: e.message, issues: e.issues } : { message: e instanceof Error ? e.message : String(e), issues: [] }
}

/**
 * Review and import (#config): every edit the other views make to the working copy is reviewed here, as the worker's
 * preview in words, and applied or discarded; the configuration in force can be downloaded as its document; and a
 * document can be imported, reviewed the same way and applied in place of the organisation's configuration.
 */
export class ConsoleConfig extends LitElement {
  static override styles = [
    base,
    css`
      .diff ul ul {
        margin: 0.2rem 0 0.4rem;
      }
      .diff li {
        margin: 0.15rem 0;
      }
      .rules .grid {
        gap: 0 1.5rem;
      }
      pre.document {
        max-height: 28rem;
        overflow: auto;
      }
      section {
        border-top: 1px solid var(--line);
        margin-top: 1.5rem;
      }
      .alert + .row,
      .alert {
        margin: 0.8rem 0;
      }
      .ok {
        color: var(--ok);
        font-weight: 600;
      }
    `,
  ]
  static override properties = {
    context: { attribute: false },
    preview: { state: true },
    previewError: { state: true },
    busy: { state: true },
    applied: { state: true },
    applyError: { state: true },
    confirmingDiscard: { state: true },
    importText: { state: true },
    importDoc: { state: true },
    importPreview: { state: true },
    importError: { state: true },
    importApplied: { state: true },
  }
  context!: ConsoleContext
  /** The worker's preview of the working copy, for the copy it was asked about (previewKey). */
  preview: ConfigPreview | undefined
  previewError: Refusal | undefined
  busy = false
  applied = ''
  applyError: Refusal | undefined
  confirmingDiscard = false
  importText = ''
  importDoc: unknown
  importPreview: ConfigPreview | undefined
  importError: Refusal | undefined
  importApplied = ''
  private previewKey = ''
  private asked = 0
  private exportText = ''
  private exportUrl = ''
  private draftController: DraftController | undefined

  override connectedCallback(): void {
    super.connectedCallback()
    this.draftController ??= new DraftController(this, this.context.draft)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    if (this.exportUrl) URL.revokeObjectURL(this.exportUrl)
    this.exportUrl = this.exportText = ''
  }

  private get draft() {
    return this.context.draft
  }

  protected override willUpdate(_: PropertyValues<this>): void {
    const saved = this.draft.saved
    const text = saved ? JSON.stringify(saved, null, 2) : ''
    if (text !== this.exportText) {
      if (this.exportUrl) URL.revokeObjectURL(this.exportUrl)
      this.exportText = text
      this.exportUrl = text ? URL.createObjectURL(new Blob([text + '\n'], { type: 'application/json' })) : ''
    }
    // Each new state of the working copy is previewed once; a copy the schema already refuses is not sent.
    const key = this.draft.dirty ? JSON.stringify(this.draft.doc) : ''
    if (key !== this.previewKey) {
      this.previewKey = key
      this.preview = undefined
      this.previewError = undefined
      this.applyError = undefined
      this.confirmingDiscard = false
      if (key) this.applied = ''
      if (key && !this.draft.issues.length) void this.askPreview(key)
    }
  }

  private async askPreview(key: string) {
    const ask = ++this.asked
    try {
      const preview = await this.draft.preview()
      if (ask === this.asked && key === this.previewKey) this.preview = preview
    } catch (e) {
      if (ask === this.asked && key === this.previewKey) this.previewError = refusalOf(e)
    }
  }

  private focusOn(selector: string) {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(selector)?.focus())
  }

  private async apply() {
    this.busy = true
    this.applyError = undefined
    try {
      await this.draft.apply()
      this.applied = 'Applied.'
      this.context.refresh()
      this.focusOn('#review-status')
    } catch (e) {
      this.applyError = refusalOf(e)
      this.focusOn('#apply-error')
    } finally {
      this.busy = false
    }
  }

  private discard() {
    this.draft.discard()
    this.confirmingDiscard = false
    this.context.refresh()
    this.focusOn('#review-heading')
  }

  private async readFile(e: Event) {
    const file = (e.target as HTMLInputElement).files?.[0]
    if (!file) return
    this.importText = await file.text()
    await this.reviewImport()
  }

  private async reviewImport() {
    this.importPreview = undefined
    this.importError = undefined
    this.importApplied = ''
    const text = this.importText
    if (!text.trim()) {
      this.importError = { message: 'Paste a configuration document or choose a file first.', issues: [] }
      this.focusOn('#import-error')
      return
    }
    let doc: unknown
    try {
      doc = JSON.parse(text)
    } catch {
      this.importError = { message: jsonProblemInWords(text), issues: [] }
      this.focusOn('#import-error')
      return
    }
    this.busy = true
    try {
      this.importDoc = doc
      this.importPreview = await this.draft.preview(doc)
      this.focusOn('#import-diff')
    } catch (err) {
      this.importError = refusalOf(err)
      this.focusOn('#import-error')
    } finally {
      this.busy = false
    }
  }

  private async applyImport() {
    this.busy = true
    try {
      await this.draft.apply(this.importDoc)
      this.importPreview = undefined
      this.importDoc = undefined
      this.importText = ''
      const file = this.renderRoot.querySelector<HTMLInputElement>('#import-file')
      if (file) file.value = ''
      this.importApplied = 'Applied. The organisation now has the configuration of this document.'
      this.context.refresh()
      this.focusOn('#import-status')
    } catch (err) {
      this.importError = refusalOf(err)
      this.focusOn('#import-error')
    } finally {
      this.busy = false
    }
  }

  private cancelImport() {
    this.importPreview = undefined
    this.importDoc = undefined
    this.focusOn('#import-text')
  }

  private review() {
    const d = this.draft
    if (d.loadError) return html`<p class="alert" role="alert">The configuration could not be loaded: ${d.loadError}</p>`
    if (!d.dirty)
      return html`<p>
        No changes are waiting. What you change under Sites, Staff and Routing is kept here, unapplied, until you review it and apply it.
      </p>`
    const problems = d.issues.length
      ? html`<div class="alert" role="alert" id="apply-error">
          <p>These changes cannot be applied yet; fix these first:</p>
          ${issueList(d.doc, d.issues)}
        </div>`
      : this.previewError || this.applyError
        ? html`<div class="alert" role="alert" id="apply-error">
            <p>${(this.applyError ?? this.previewError)!.message}</p>
          </div>`
        : nothing
    const actions = this.confirmingDiscard
      ? html`<div class="notice">
          <p>Discard every change that is not applied yet? This cannot be undone.</p>
          <div class="row">
            <button class="danger" @click=${this.discard}>Discard them</button>
            <button class="quiet" id="keep" @click=${() => ((this.confirmingDiscard = false), this.focusOn('#discard'))}>Keep them</button>
          </div>
        </div>`
      : html`<div class="row">
          ${this.preview?.changes && !d.issues.length
            ? html`<button @click=${this.apply} ?disabled=${this.busy}>Apply these changes</button>`
            : nothing}
          <button class="quiet" id="discard" @click=${() => ((this.confirmingDiscard = true), this.focusOn('#keep'))}>Discard changes</button>
        </div>`
    return html`${problems}
      ${this.preview
        ? html`<p>Applying writes these changes, and nothing else:</p>
            ${diffInWords(this.preview, d.doc)}`
        : !d.issues.length && !this.previewError
          ? html`<p>Working out what would change…</p>`
          : nothing}
      ${actions}`
  }

  private exportSection() {
    const saved = this.draft.saved
    if (!saved) return nothing
    return html`<p>The configuration in force, as a document: keep it as a backup, edit it, or apply it to the same organisation elsewhere.</p>
      <p><a class="button" href=${this.exportUrl} download="${saved.org.id}-byline.json">Download the configuration</a></p>
      <pre class="document" tabindex="0" role="region" aria-label="The configuration document">${this.exportText}</pre>`
  }

  private importSection() {
    const refused = this.importError
    return html`<p>
        A document replaces the organisation's whole configuration. Staff it leaves out are deactivated, never deleted: their past replies
        keep their byline. Sites it leaves out are deactivated. When it lists admins, exactly those may sign in, so keep yourself in the
        list. You see what would change before anything is applied.
      </p>
      ${this.draft.dirty
        ? html`<p class="notice">Applying a document also discards the changes waiting above, which are not applied yet.</p>`
        : nothing}
      <label for="import-file">Choose a JSON file</label>
      <input id="import-file" type="file" accept="application/json,.json" @change=${this.readFile} />
      <label for="import-text">Or paste the document</label>
      <textarea
        id="import-text"
        spellcheck="false"
        aria-invalid=${refused ? 'true' : 'false'}
        aria-describedby=${refused ? 'import-error' : nothing}
        .value=${live(this.importText)}
        @input=${(e: Event) => (this.importText = (e.target as HTMLTextAreaElement).value)}
      ></textarea>
      <p><button class="quiet" @click=${this.reviewImport} ?disabled=${this.busy}>Review this document</button></p>
      ${refused
        ? html`<div class="alert" role="alert" id="import-error" tabindex="-1">
            <p>${refused.message}</p>
            ${issueList(this.importDoc, refused.issues)}
          </div>`
        : nothing}
      ${this.importPreview
        ? html`<h3 id="import-diff" tabindex="-1">What this document would change</h3>
            ${diffInWords(this.importPreview, this.importDoc, 4)}
            <div class="row">
              ${this.importPreview.changes ? html`<button @click=${this.applyImport} ?disabled=${this.busy}>Apply this document</button>` : nothing}
              <button class="quiet" @click=${this.cancelImport}>Cancel</button>
            </div>`
        : nothing}
      <p role="status" id="import-status" tabindex="-1" class=${this.importApplied ? 'ok' : ''}>${this.importApplied}</p>`
  }

  override render() {
    return html`<h1 tabindex="-1">Review and import</h1>
      <section aria-labelledby="review-heading">
        <h2 id="review-heading" tabindex="-1">Changes not applied yet</h2>
        ${this.review()}
        <p role="status" id="review-status" tabindex="-1" class=${this.applied ? 'ok' : ''}>${this.applied}</p>
      </section>
      <section aria-labelledby="export-heading">
        <h2 id="export-heading">Export</h2>
        ${this.exportSection()}
      </section>
      <section aria-labelledby="import-heading">
        <h2 id="import-heading">Import a document</h2>
        ${this.importSection()}
      </section>`
  }
}
customElements.define('console-config', ConsoleConfig)
