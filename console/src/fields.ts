import { html, nothing, type TemplateResult } from 'lit'
import { live } from 'lit/directives/live.js'
import type { ConfigDraft, OrgDoc, Path } from './draft'

/*
 * Form fields bound to a place in the working config document: each shows the value there, writes what is typed
 * back (on change, so typing is never interrupted), and shows the schema's or the worker's issue for that place
 * under it, tied to the control by aria-describedby and aria-invalid. One field, one id: its path.
 */

/** The value at `path` in `doc`. */
export function valueAt(doc: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, k) => (v == null ? undefined : (v as Record<string | number, unknown>)[k]), doc)
}

/** Sets (or, with undefined, removes) the value at `path` in `doc`, making objects on the way. */
export function setAt(doc: OrgDoc, path: Path, value: unknown): void {
  let at = doc as unknown as Record<string | number, unknown>
  for (const k of path.slice(0, -1)) at = (at[k] ??= {}) as Record<string | number, unknown>
  const last = path[path.length - 1]!
  if (value === undefined) delete at[last]
  else at[last] = value
}

export const idOf = (path: Path) => `f-${path.join('-')}`

/** The issues at `path`, as text under a control; `id` is what aria-describedby points at. */
export function issuesOf(draft: ConfigDraft, path: Path, nested = false): TemplateResult | typeof nothing {
  const issues = draft.issuesAt(path, nested)
  if (!issues.length) return nothing
  return html`<p class="error" id="${idOf(path)}-error">${issues.map((i) => i.message).join('; ')}</p>`
}

type FieldOptions = {
  type?: 'text' | 'email' | 'url' | 'number' | 'textarea'
  /** A sentence under the label. */
  hint?: string
  /** Text to value (empty text removes the field when `optional`). */
  optional?: boolean
  autocomplete?: string
  /** The list of choices of a <select>: [value, label]. */
  choices?: readonly (readonly [string, string])[]
}

/** A labelled control for the value at `path` of the draft. */
export function field(draft: ConfigDraft, path: Path, label: string, options: FieldOptions = {}): TemplateResult {
  const id = idOf(path)
  const current = valueAt(draft.doc, path)
  const text = current === undefined || current === null ? '' : String(current)
  const invalid = draft.issuesAt(path).length > 0
  const described = [options.hint ? `${id}-hint` : '', invalid ? `${id}-error` : ''].filter(Boolean).join(' ') || nothing
  const write = (raw: string) =>
    draft.update((doc) => {
      const value = options.type === 'number' ? (raw.trim() === '' ? undefined : Number(raw)) : raw
      setAt(doc, path, options.optional && raw.trim() === '' ? undefined : value)
    })
  const onChange = (e: Event) => write((e.target as HTMLInputElement).value)
  const control = options.choices
    ? html`<select id=${id} aria-invalid=${invalid ? 'true' : 'false'} aria-describedby=${described} @change=${onChange}>
        ${options.choices.map(([value, name]) => html`<option value=${value} ?selected=${value === text}>${name}</option>`)}
      </select>`
    : options.type === 'textarea'
      ? html`<textarea id=${id} aria-invalid=${invalid ? 'true' : 'false'} aria-describedby=${described} .value=${live(text)} @change=${onChange}></textarea>`
      : html`<input
          id=${id}
          type=${options.type ?? 'text'}
          autocomplete=${options.autocomplete ?? 'off'}
          aria-invalid=${invalid ? 'true' : 'false'}
          aria-describedby=${described}
          .value=${live(text)}
          @change=${onChange}
        />`
  return html`<div class="field">
    <label for=${id}>${label}</label>
    ${options.hint ? html`<p class="muted hint" id="${id}-hint">${options.hint}</p>` : nothing}
    ${control} ${issuesOf(draft, path)}
  </div>`
}

/** A checkbox for the boolean at `path`. */
export function checkbox(draft: ConfigDraft, path: Path, label: string): TemplateResult {
  const id = idOf(path)
  return html`<div class="field">
    <label class="check" for=${id}
      ><input
        id=${id}
        type="checkbox"
        .checked=${live(valueAt(draft.doc, path) === true)}
        @change=${(e: Event) => draft.update((doc) => setAt(doc, path, (e.target as HTMLInputElement).checked))}
      />${label}</label
    >
    ${issuesOf(draft, path)}
  </div>`
}
