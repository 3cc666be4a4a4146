import { Hono } from 'hono'
import { z } from 'zod'
import { EditComment, PostedComment } from '../../../schema'
import { deleteOwnComment, editOwnComment } from '../domain/own-comment'
import type { AppEnv } from '../env'
import { depsFor } from '../events/after-commit'
import { contract } from '../http/contract'
import { jsonBody } from '../http/validate'
import { commentSiteContext } from '../security/site'

const EDIT_MAX_BYTES = 64 * 1024

/** The owner token from `Authorization: Bearer …`. */
const bearer = (header: string | undefined) => /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1]

/** A visitor's own comment: edit within the site's window, delete any time, with the owner token from the post; mounted at /v1/comments. */
export const ownCommentRoutes = new Hono<AppEnv>()
  .use('/:id', commentSiteContext)

  .patch(
    '/:id',
    contract({
      summary: "Edit one's own comment within the site's edit window (Authorization: Bearer <ownerToken>)",
      security: 'ownerToken',
      ok: { status: 200, schema: PostedComment, description: 'The edited comment' },
      errors: ['not_owner', 'edit_window_closed', 'comment_not_found', 'origin_not_allowed', 'too_many_links', 'banned_content'],
    }),
    jsonBody(EditComment, EDIT_MAX_BYTES),
    async (c) => {
      const comment = await editOwnComment(depsFor(c.env, c.executionCtx), {
        site: c.var.site,
        comment: c.var.ownedComment,
        ownerToken: bearer(c.req.header('Authorization')),
        body: c.var.body.body,
      })
      return c.json({ comment })
    },
  )

  .delete(
    '/:id',
    contract({
      summary: "Delete one's own comment, any time (Authorization: Bearer <ownerToken>); answers 204",
      security: 'ownerToken',
      ok: { status: 204, schema: z.null(), description: 'Deleted' },
      errors: ['not_owner', 'comment_not_found', 'origin_not_allowed'],
    }),
    async (c) => {
      await deleteOwnComment(depsFor(c.env, c.executionCtx), { comment: c.var.ownedComment, ownerToken: bearer(c.req.header('Authorization')) })
      return c.body(null, 204)
    },
  )
