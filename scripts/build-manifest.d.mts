/** The Custom Elements Manifest of the widget's elements (a `custom-elements.json` document). */
export function buildManifest(): Promise<unknown>
/** The README's element reference: each element of the manifest as Markdown tables. */
export function manifestMarkdown(manifest: unknown): string
