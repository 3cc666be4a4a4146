import { html, LitElement } from 'lit'
import type { ConsoleContext } from '../context'
import { base } from '../styles'

/** Placeholder until this view lands. */
export class ConsoleConfig extends LitElement {
  static override styles = base
  static override properties = { context: { attribute: false } }
  context!: ConsoleContext

  override render() {
    return html`<h1 tabindex="-1">config</h1>`
  }
}
customElements.define('console-config', ConsoleConfig)
