import type { Comment } from '../../../schema'
import { ApiError } from '../http/errors'
import { constantTimeEqual, sha256Hex } from '../security/compare'
import { deleteOwnCommentStatements, editOwnCommentStatement, type OwnedComment } from '../store/own-comments'
import type { SiteRow } from '../store/sites'
import { commit, type Deps } from './context'
import { checkContent } from './rules'

/** Only the browser that wrote a visitor's comment holds its owner token; others' tokens never match. */
async function assertOwner(token: string | undefined, comment: OwnedComment) {
  const ok =
    !!token && !!comment.owner_token_hash && comment.author_kind === 'visitor' && (await constantTimeEqual(await sha256Hex(token), comment.owner_token_hash))
  if (!ok) throw new ApiError('not_owner', 'Only the person who wrote this comment can change it, from the browser they wrote it in.')
}

/** The author rewrites their comment within the site's edit window, under the same content rules as a post. */
export async function editOwnComment(
  deps: Deps,
  p: { site: SiteRow; comment: OwnedComment; ownerToken: string | undefined; body: string },
): Promise<Comment> {
  const { comment, site } = p
  await assertOwner(p.ownerToken, comment)
  const settings = site.settings
  if (comment.status !== 'published' && comment.status !== 'pending')
    throw new ApiError('comment_not_found', 'This comment was removed and cannot be edited.')
  if (deps.now - comment.created_at > settings.editWindowMinutes * 60_000)
    throw new ApiError('edit_window_closed', `Comments can be edited for ${settings.editWindowMinutes} minutes after posting.`)
  const doc = checkContent(settings, comment.author_name, p.body)
  const edit = editOwnCommentStatement(deps.env.DB, comment, { source: p.body, doc }, deps.now)
  await commit(deps, [edit.statement], { kind: 'comment.edited', payload: { commentId: comment.id } })
  return edit.comment
}

/** The author deletes their comment, any time; deleting it again changes nothing. */
export async function deleteOwnComment(deps: Deps, p: { comment: OwnedComment; ownerToken: string | undefined }): Promise<void> {
  await assertOwner(p.ownerToken, p.comment)
  if (p.comment.status === 'deleted') return
  await commit(deps, deleteOwnCommentStatements(deps.env.DB, p.comment, deps.now), {
    kind: 'comment.deleted',
    payload: { commentId: p.comment.id },
  })
}
