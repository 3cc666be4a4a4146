import { css } from 'lit'

/*
 * The console's look: the widget's palette and radius (widget/src/comments/comments.styles.ts), light and dark
 * from the system, one column at 360 px, controls at least 44 px tall for touch.
 */
export const base = css`
  :host {
    --fg: #1d1f23;
    --bg: #fff;
    --accent: #0b57d0;
    --on-accent: #fff;
    --err: #b3261e;
    --ok: #146c2e;
    --warn: #8a5300;
    --r: 0.5rem;
    --muted: color-mix(in srgb, var(--fg) 70%, var(--bg));
    --line: color-mix(in srgb, var(--fg) 20%, var(--bg));
    --soft: color-mix(in srgb, var(--fg) 5%, var(--bg));
    color: var(--fg);
    background: var(--bg);
    font: 16px/1.5 system-ui, -apple-system, 'Segoe UI', sans-serif;
    overflow-wrap: anywhere;
    color-scheme: light;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --fg: #e3e5e8;
      --bg: #17191c;
      --accent: #8ab4f8;
      --on-accent: #0b1d3a;
      --err: #f28b82;
      --ok: #81c995;
      --warn: #fdd663;
      color-scheme: dark;
    }
  }
  * {
    box-sizing: border-box;
  }
  [hidden] {
    display: none !important;
  }
  h1,
  h2,
  h3 {
    line-height: 1.25;
    margin: 1.2rem 0 0.6rem;
  }
  h1 {
    font-size: 1.5rem;
  }
  h2 {
    font-size: 1.2rem;
  }
  h3 {
    font-size: 1.05rem;
  }
  a {
    color: var(--accent);
  }
  .muted {
    color: var(--muted);
  }
  label,
  .label {
    display: block;
    font-weight: 600;
    margin: 0.8rem 0 0.25rem;
  }
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
    background: var(--bg);
    width: 100%;
    min-height: 44px;
    padding: 0.45rem 0.6rem;
    border: 1px solid var(--line);
    border-radius: var(--r);
  }
  input[type='checkbox'],
  input[type='radio'] {
    width: auto;
    min-height: 0;
    margin: 0;
  }
  textarea {
    min-height: 6rem;
  }
  button,
  .button {
    font: inherit;
    min-height: 44px;
    padding: 0.45rem 1rem;
    border-radius: var(--r);
    border: 1px solid var(--accent);
    background: var(--accent);
    color: var(--on-accent);
    cursor: pointer;
    text-decoration: none;
    display: inline-flex;
    align-items: center;
    gap: 0.4rem;
  }
  button.quiet,
  .button.quiet {
    background: transparent;
    color: var(--accent);
  }
  button.danger {
    background: var(--err);
    border-color: var(--err);
    color: var(--bg);
  }
  button:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  :focus-visible {
    outline: 3px solid var(--accent);
    outline-offset: 2px;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  .grid {
    display: grid;
    gap: 0 1rem;
    grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
  }
  .card {
    border: 1px solid var(--line);
    border-radius: var(--r);
    padding: 0.8rem 1rem;
    margin: 0.8rem 0;
  }
  fieldset {
    border: 1px solid var(--line);
    border-radius: var(--r);
    margin: 1rem 0;
    padding: 0.2rem 1rem 1rem;
  }
  legend {
    font-weight: 700;
    padding: 0 0.3rem;
  }
  .check {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    font-weight: 400;
  }
  .error {
    color: var(--err);
    margin: 0.25rem 0;
  }
  .notice {
    border: 1px solid var(--accent);
    border-radius: var(--r);
    padding: 0.6rem 1rem;
  }
  .alert {
    border: 1px solid var(--err);
    border-radius: var(--r);
    padding: 0.6rem 1rem;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: start;
    padding: 0.35rem 0.5rem;
    border-bottom: 1px solid var(--line);
    vertical-align: top;
  }
  .scroll {
    overflow-x: auto;
  }
  code,
  pre {
    font-family: ui-monospace, 'SF Mono', Menlo, Consolas, monospace;
    font-size: 0.9em;
  }
  pre {
    background: var(--soft);
    border: 1px solid var(--line);
    border-radius: var(--r);
    padding: 0.6rem;
    white-space: pre-wrap;
    word-break: break-all;
  }
`
