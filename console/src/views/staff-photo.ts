import { css, html, LitElement } from 'lit'
import { base } from '../styles'

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })
const first = (word: string) => graphemes.segment(word)[Symbol.iterator]().next().value?.segment ?? ''

/** "Sam Ortiz" → "SO", "Amira" → "A": the first and last words' first characters, as the widget's byline shows. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  if (!words.length) return '?'
  const ends = words.length > 1 ? [words[0]!, words[words.length - 1]!] : [words[0]!]
  return ends.map(first).join('').toLocaleUpperCase()
}

/**
 * @summary A staff member's photo beside their name, or their initials in a circle when there is no photo or it does
 * not load. Decorative either way: the name is always written beside it.
 * @fires photo-state - after the picture loads or fails; `loaded` says which.
 */
export class ConsoleStaffPhoto extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: inline-block;
        flex: none;
        background: transparent;
        --size: 2.75rem;
      }
      :host([large]) {
        --size: 5rem;
      }
      img,
      .initials {
        display: block;
        width: var(--size);
        height: var(--size);
        border-radius: 50%;
        object-fit: cover;
      }
      .initials {
        display: grid;
        place-items: center;
        background: var(--accent);
        color: var(--on-accent);
        font-weight: 700;
      }
      :host([large]) .initials {
        font-size: 1.6rem;
      }
    `,
  ]
  static override properties = { name: {}, src: {}, large: { type: Boolean, reflect: true }, failed: { state: true } }

  /** Whose photo: their initials are the fallback. */
  name = ''
  /** The photo's address; empty shows the initials. */
  src: string | undefined
  large = false
  failed = false

  /** Whether a picture is shown now (rather than initials). */
  get showsPhoto(): boolean {
    return !!this.src && !this.failed
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('src')) this.failed = false
  }

  private loaded(ok: boolean) {
    this.failed = !ok
    this.dispatchEvent(new CustomEvent('photo-state', { detail: { loaded: ok } }))
  }

  override render() {
    return this.showsPhoto
      ? html`<img src=${this.src!} alt="" @load=${() => this.loaded(true)} @error=${() => this.loaded(false)} />`
      : html`<span class="initials" aria-hidden="true">${initials(this.name)}</span>`
  }
}
customElements.define('console-staff-photo', ConsoleStaffPhoto)

declare global {
  interface HTMLElementTagNameMap {
    'console-staff-photo': ConsoleStaffPhoto
  }
}
