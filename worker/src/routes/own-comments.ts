import { Hono } from 'hono'
import { EditComment } from '../../../schema'
import type { AppEnv } from '../env'
import { ApiError } from '../http/errors'
import { jsonBody } from '../http/validate'
import { countLinks, textToDocument } from '../render/document'
import { findBannedWord } from '../security/abuse'
import { constantTimeEqual, sha256Hex } from '../security/compare'
import { commentSiteContext } from '../security/site'
import { deleteOwnComment, editOwnComment, type OwnedComment } from '../store/own-comments'

const EDIT_MAX_BYTES = 64 * 1024

/** The owner token from `Authorization: Bearer …`, checked against the stored hash; others' tokens never match. */
async function assertOwner(header: string | undefined, comment: OwnedComment) {
  const given = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1]
  const ok =
    !!given && !!comment.owner_token_hash && comment.author_kind === 'visitor' && (await constantTimeEqual(await sha256Hex(given), comment.owner_token_hash))
  if (!ok) throw new ApiError('not_owner', 'Only the person who wrote this comment can change it, from the browser they wrote it in.')
}

/** A visitor's own comment: edit within the site's window, delete any time, with the owner token from the post. */
export const ownCommentRoutes = new Hono<AppEnv>()
  .use('/v1/comments/:id', commentSiteContext)

  .patch('/v1/comments/:id', jsonBody(EditComment, EDIT_MAX_BYTES), async (c) => {
    const comment = c.var.ownedComment
    await assertOwner(c.req.header('Authorization'), comment)
    const settings = c.var.site.settings
    const now = Date.now()
    if (comment.status !== 'published' && comment.status !== 'pending')
      throw new ApiError('comment_not_found', 'This comment was removed and cannot be edited.')
    if (now - comment.created_at > settings.editWindowMinutes * 60_000)
      throw new ApiError('edit_window_closed', `Comments can be edited for ${settings.editWindowMinutes} minutes after posting.`)
    const body = c.var.body.body
    const doc = textToDocument(body)
    if (countLinks(doc) > settings.maxLinks)
      throw new ApiError('too_many_links', `A comment may carry at most ${settings.maxLinks} links here.`)
    if (findBannedWord(body, settings.bannedWords)) throw new ApiError('banned_content', 'This comment contains words this site does not accept.')
    return c.json({ comment: await editOwnComment(c.env.DB, comment, { source: body, doc }, now) })
  })

  .delete('/v1/comments/:id', async (c) => {
    const comment = c.var.ownedComment
    await assertOwner(c.req.header('Authorization'), comment)
    if (comment.status !== 'deleted') await deleteOwnComment(c.env.DB, comment, Date.now())
    return c.body(null, 204)
  })
