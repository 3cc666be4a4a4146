import type { ReactiveControllerHost } from 'lit'
import type { Comment, Thread, ThreadQuery } from '../../../schema/api/thread'
import type { Form } from '../form/form'
import type { Own } from '../own/own'

/** The element as the parts it loads see it. */
export type ViewHost = ReactiveControllerHost & HTMLElement & { renderRoot: HTMLElement | DocumentFragment }

/**
 * What the thread view shares with the parts of the widget that load on first use (the form, the visitor's own
 * comments): one copy of the thread and of what the live region says, which each part changes through `set`, and
 * a change renders the element again.
 */
export class View {
  /** The worker's base URL, the site and this page's key in storage: set with each load, before the thread. */
  base!: string
  site!: string
  pageKey!: string
  thread?: Thread
  /** What the live region says; without a thread, why it could not be loaded. */
  status!: string
  /** A post, edit, deletion or resend is on its way; one at a time. */
  busy?: boolean
  /** The conversation the form replies to; '' for a comment of its own. */
  replyTo!: string

  constructor(
    readonly host: ViewHost,
    /** What every request says about the page: the worker routes by it. */
    readonly where: () => ThreadQuery,
    /** The form and the visitor's own comments, each loaded once, on first use; undefined if it could not be. */
    readonly form: () => Promise<Form | undefined>,
    readonly own: () => Promise<Own | undefined>,
    /** The element tells the page of a comment the visitor posted (its `byline-comment-posted`). */
    readonly posted: (comment: Comment) => void,
  ) {}

  set(change: Partial<Pick<View, 'thread' | 'status' | 'busy' | 'replyTo'>>) {
    Object.assign(this, change)
    this.host.requestUpdate()
  }

  /** A member of staff of the thread by name. */
  name(handle: string) {
    return this.thread!.people[handle]!.name
  }

  focus(selector: string) {
    this.host.renderRoot.querySelector<HTMLElement>(selector)?.focus()
  }
}
