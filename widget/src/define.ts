/**
 * Defines a custom element unless the name is taken. A page may load widget.js twice (two embeds, a tag
 * manager, a cached copy next to a fresh one); the second copy must step aside instead of throwing.
 */
export function defineOnce(name: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(name)) customElements.define(name, ctor)
}
