import type { Comment, Thread, ThreadComment } from '../../schema/api/thread'
import type { ViewHost } from './comments/view'
import { html, nothing } from './shared'

/* What the form and the visitor's own comments share: what they do to the thread on screen (the way the worker will), their buttons and fields. */

/** The comment with this id, wherever it is in the thread. */
export const find = (thread: Thread, id: string) =>
  thread.conversations.flatMap((c) => c.comments).find((m) => m.id === id)

/**
 * The thread with a just-posted comment in its conversation, or in a new one; a replayed post adds nothing.
 * Like the worker, a visitor's word makes the conversation await a reply again.
 */
export function withComment(thread: Thread, posted: Comment): Thread {
  const { conversations } = thread
  if (find(thread, posted.id)) return thread
  // The visitor's own: a visitor author is the same in both forms, and the extra conversationId is harmless.
  const comment = posted as ThreadComment
  const existing = conversations.find((c) => c.id === posted.conversationId)
  return {
    ...thread,
    conversations: existing
      ? conversations.map((c) => (c === existing ? { ...c, status: 'awaiting', comments: [...c.comments, comment] } : c))
      : [
          ...conversations,
          { id: posted.conversationId, status: 'awaiting', assignee: thread.responder.handle, handovers: [], comments: [comment] },
        ],
  }
}

/**
 * The thread with an edited comment in place of the old one, or a deleted one taken out: a first comment with
 * replies under it stays as a placeholder, as the worker will show it; a conversation left empty goes.
 */
export const replaced = (thread: Thread, id: string, next?: Comment): Thread => ({
  ...thread,
  conversations: thread.conversations.flatMap((c) => {
    const comments = c.comments.flatMap((m, i) =>
      m.id !== id ? [m] : next ? [next as ThreadComment] : i || !c.comments[1] ? [] : [{ ...m, state: 'deleted' as const }],
    )
    return comments.length ? [{ ...c, comments }] : []
  }),
})

/** A small text button (its style goes by `type=button`); `label` names it for screen readers where the text alone says too little. */
export const quiet = (text: string, click: () => unknown, label?: string) =>
  html`<button type="button" part="button" aria-label=${label ?? nothing} @click=${click}>${text}</button>`

/** Written as plain text and squeezed by the build, like the element's own (comments.styles.ts). */
const css = String.raw

/** Fields and their labels, in the form and in an edit: made once, adopted by the element the first time either loads. */
let fields: CSSStyleSheet | undefined

export function adoptFieldStyles(host: ViewHost) {
  const root = host.renderRoot as ShadowRoot
  if (!fields) {
    fields = new CSSStyleSheet()
    fields.replaceSync(css`
      form,
      .row {
        display: grid;
        gap: var(--_s);
      }
      .row {
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 14rem), 1fr));
      }
      label {
        font-weight: 600;
      }
      input,
      textarea {
        display: block;
        width: 100%;
        padding: 0.5rem 0.75rem;
        font: inherit;
        color: inherit;
        border-radius: var(--_r);
        border: 1px solid var(--_muted);
        background: var(--_bg);
      }
      textarea {
        min-height: 8rem;
        resize: vertical;
      }
      [aria-invalid='true'] {
        border-color: var(--_err);
      }
      .err {
        display: block;
        color: var(--_err);
      }
    `)
  }
  if (!root.adoptedStyleSheets.includes(fields)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, fields]
}
