import type { EmailRequest, NewCommentInput, PostedComment } from '../../schema/api/comments'
import type { Comment } from '../../schema/api/thread'
import { send, sitePath } from './shared'

/* What the parts loaded on first use send: a comment, an edit or deletion, a request for the link again. */

export const postComment = (base: string, site: string, input: NewCommentInput, key: string) =>
  send<PostedComment>(`${sitePath(base, site)}/comments`, 'POST', input, { 'idempotency-key': key })

/** Asks for the email confirmation link again; the answer's `message` says what happens next. */
export const requestLink = (base: string, site: string, input: EmailRequest) =>
  send<{ message: string }>(`${sitePath(base, site)}/verify`, 'POST', input)

/**
 * Edits the visitor's own comment to `body`, or deletes it when there is no body; the owner token it was posted
 * with proves it is theirs.
 */
export const changeComment = (base: string, id: string, token: string, body?: string) =>
  send<{ comment: Comment }>(
    `${base}/v1/comments/${encodeURIComponent(id)}`,
    body === undefined ? 'DELETE' : 'PATCH',
    body === undefined ? body : { body },
    { authorization: `Bearer ${token}` },
  )
