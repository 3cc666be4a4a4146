import { html, LitElement } from 'lit'
import type { ConsoleContext } from '../context'
import { base } from '../styles'

/** Placeholder until this view lands. */
export class ConsoleQueue extends LitElement {
  static override styles = base
  static override properties = { context: { attribute: false } }
  context!: ConsoleContext

  override render() {
    return html`<h1 tabindex="-1">queue</h1>`
  }
}
customElements.define('console-queue', ConsoleQueue)
