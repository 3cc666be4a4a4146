import { html, LitElement } from 'lit'
import type { ConsoleContext } from '../context'
import { base } from '../styles'

/** Placeholder until this view lands. */
export class ConsoleStats extends LitElement {
  static override styles = base
  static override properties = { context: { attribute: false } }
  context!: ConsoleContext

  override render() {
    return html`<h1 tabindex="-1">stats</h1>`
  }
}
customElements.define('console-stats', ConsoleStats)
