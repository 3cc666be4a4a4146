import type { ReactiveController, ReactiveControllerHost } from 'lit'
import { AppliedConfig, ConfigPreview, OrgConfig, type ErrorIssue } from '../../schema'
import { api, ApiRefusal } from './api'

/*
 * The organisation's configuration as the console edits it. Sites, staff and rules are edited in one working copy
 * of the config document; nothing is written until the admin reviews the diff the worker computes
 * (POST /v1/console/config/preview) and applies it (PUT /v1/console/config): the same validation and the same
 * idempotent apply as the admin API and `npm run apply-config`, one place for the rules.
 */

export type OrgDoc = OrgConfig

/** Where a problem is in the document, as zod and the worker both say it: ['sites', 0, 'rules', 2, 'when']. */
export type Path = (string | number)[]

const samePath = (a: Path, b: Path) => a.length === b.length && a.every((p, i) => p === b[i])
const startsWith = (path: Path, prefix: Path) => prefix.every((p, i) => path[i] === p)

export class ConfigDraft extends EventTarget {
  /** What the worker has now, as last read or applied. */
  saved: OrgDoc | undefined
  /** The admin's working copy. */
  doc: OrgDoc | undefined
  /** What is wrong with the working copy: the schema's own issues, then the worker's refusal of it. */
  issues: ErrorIssue[] = []
  loadError: string | undefined

  async load(): Promise<void> {
    try {
      const doc = await api('/v1/console/config', { schema: OrgConfig })
      this.saved = doc
      this.doc = structuredClone(doc)
      this.loadError = undefined
    } catch (e) {
      this.loadError = e instanceof Error ? e.message : String(e)
    }
    this.check()
  }

  /** Changes the working copy: `edit` mutates a copy of it, which then replaces it. */
  update(edit: (doc: OrgDoc) => void): void {
    if (!this.doc) return
    const next = structuredClone(this.doc)
    edit(next)
    this.doc = next
    this.check()
  }

  /** Puts back what the worker has. */
  discard(): void {
    this.doc = structuredClone(this.saved)
    this.check()
  }

  get dirty(): boolean {
    return JSON.stringify(this.doc) !== JSON.stringify(this.saved)
  }

  /** The issues at exactly `path`, or under it with `nested`. */
  issuesAt(path: Path, nested = false): ErrorIssue[] {
    return this.issues.filter((i) => (nested ? startsWith(i.path, path) : samePath(i.path, path)))
  }

  /** What applying the working copy (or `doc`) would change; a refusal keeps its issues on the draft. */
  async preview(doc: unknown = this.doc): Promise<ConfigPreview> {
    return this.refusing(() => api('/v1/console/config/preview', { method: 'POST', body: doc, schema: ConfigPreview }), doc)
  }

  /** Applies the working copy (or `doc`), then reads back what is in force. */
  async apply(doc: unknown = this.doc): Promise<AppliedConfig> {
    const applied = await this.refusing(() => api('/v1/console/config', { method: 'PUT', body: doc, schema: AppliedConfig }), doc)
    await this.load()
    return applied
  }

  private async refusing<T>(call: () => Promise<T>, doc: unknown): Promise<T> {
    try {
      return await call()
    } catch (e) {
      if (e instanceof ApiRefusal && doc === this.doc) {
        this.issues = e.issues
        this.changed()
      }
      throw e
    }
  }

  private check(): void {
    const parsed = this.doc ? OrgConfig.safeParse(this.doc) : undefined
    this.issues = parsed && !parsed.success ? parsed.error.issues.map((i) => ({ path: i.path as Path, message: i.message })) : []
    this.changed()
  }

  private changed(): void {
    this.dispatchEvent(new Event('change'))
  }
}

/** Re-renders a view whenever the draft changes. */
export class DraftController implements ReactiveController {
  private readonly onChange = () => this.host.requestUpdate()
  constructor(
    private readonly host: ReactiveControllerHost,
    readonly draft: ConfigDraft,
  ) {
    host.addController(this)
  }
  hostConnected(): void {
    this.draft.addEventListener('change', this.onChange)
  }
  hostDisconnected(): void {
    this.draft.removeEventListener('change', this.onChange)
  }
}
