import type { Comment, Thread } from '../../schema/api/thread'

/** Every event the widget fires, with its detail. All bubble and cross the shadow boundary. */
export interface BylineEventMap {
  /** The worker stored a comment the visitor wrote; it is now shown in the thread. */
  'byline-comment-posted': CustomEvent<{ comment: Comment }>
  /** The page's thread arrived and is shown. */
  'byline-thread-loaded': CustomEvent<{ thread: Thread }>
}

declare global {
  interface GlobalEventHandlersEventMap extends BylineEventMap {}
}

export function emit<K extends keyof BylineEventMap>(
  target: EventTarget,
  type: K,
  detail: BylineEventMap[K]['detail'],
): void {
  target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }))
}
