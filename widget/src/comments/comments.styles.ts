import { unsafeCSS } from 'lit'

/*
 * Plain text, not Lit's css`…`: that tag would bundle its checks and their developer messages, and this text is
 * ours alone (no visitor input is ever interpolated). The build squeezes it like any css`…` template.
 */
const css = String.raw

// Dark defaults, used by `theme="dark"` and by `auto` when the visitor's system is dark.
const dark = css`
  --_fg: var(--byline-color, #e3e5e8);
  --_bg: var(--byline-background, #17191c);
  --_accent: var(--byline-accent, #8ab4f8);
  --_err: #f28b82;
  color-scheme: dark;
`

export const styles = unsafeCSS(css`
  :host {
    --_fg: var(--byline-color, #1d1f23);
    --_bg: var(--byline-background, #fff);
    --_accent: var(--byline-accent, #0b57d0);
    --_err: #b3261e;
    --_r: var(--byline-radius, 0.5rem);
    --_s: var(--byline-space, 1rem);
    --_muted: color-mix(in srgb, var(--_fg) 68%, transparent);
    --_line: color-mix(in srgb, var(--_fg) 16%, transparent);
    display: block;
    padding: var(--_s);
    color: var(--_fg);
    background: var(--_bg);
    font-family: var(--byline-font, inherit);
    line-height: 1.5;
    overflow-wrap: anywhere;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${dark}
    }
  }
  :host([theme='dark']) {
    ${dark}
  }
  /* Above .card's flex: the card waits hidden for the thread. */
  :host([hidden]),
  [hidden] {
    display: none !important;
  }
  * {
    box-sizing: border-box;
  }
  .thread {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .conv {
    padding-block: var(--_s);
    border-block-end: 1px solid var(--_line);
  }
  /* Every comment after a conversation's first is a reply. */
  article+article,
  blockquote {
    padding-inline-start: var(--_s);
    border-inline-start: 2px solid var(--_line);
  }
  article+article {
    margin-block-start: var(--_s);
    margin-inline-start: min(5%, 2rem);
  }
  header,
  .card {
    display: flex;
    gap: 0.25rem 0.75rem;
  }
  header {
    flex-wrap: wrap;
    align-items: center;
  }
  header .card {
    flex-basis: 100%;
  }
  .card p,
  .note {
    margin: 0;
  }
  img {
    border-radius: 50%;
    object-fit: cover;
  }
  .muted,
  time,
  small {
    color: var(--_muted);
    font-size: 0.875em;
  }
  blockquote {
    margin-inline: 0;
  }
  pre {
    overflow: auto;
    padding: 0.75rem;
    border-radius: var(--_r);
    background: var(--_line);
  }
  code {
    font-family: ui-monospace, monospace;
  }
  a {
    color: var(--_accent);
  }
  [part='responder'] {
    margin-block: var(--_s);
    padding: var(--_s);
    border: 1px solid var(--_line);
    border-radius: var(--_r);
  }
  button {
    padding: 0.5rem 0.75rem;
    font: inherit;
    border-radius: var(--_r);
  }
  button {
    cursor: pointer;
    border: 1px solid var(--_accent);
    background: var(--_accent);
    color: var(--_bg);
  }
  /* quiet(): every type=button is a small text button. */
  [type='button'] {
    padding: 0.25rem 0.5rem;
    background: none;
    color: var(--_accent);
  }
  [aria-disabled='true'] {
    opacity: 0.6;
    cursor: progress;
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
`)
