import { ApiError } from '../http/errors'
import { banStatements, getModeratedComment, moderationStatements, type ModerationVerb } from '../store/moderation'
import { getActiveSite } from '../store/sites'
import { canonicalEmail } from '../security/email'
import { commit, type Deps } from './context'

/** Where a moderator may act: their organisation (an admin), or one conversation (a reply link). */
export type ModerationScope = { orgId: string } | { conversationId: string }

/**
 * A moderator's decision on one comment, logged with who took it and why. Approve publishes a held comment
 * and tells its responder; hide keeps its place ("hidden by moderators"); delete also drops its words.
 */
export async function moderate(
  deps: Deps,
  m: { commentId: string; action: ModerationVerb; actor: string; reason: string | null; scope: ModerationScope },
): Promise<void> {
  const db = deps.env.DB
  const comment = await getModeratedComment(db, m.commentId)
  const inScope =
    comment &&
    ('conversationId' in m.scope
      ? comment.conversationId === m.scope.conversationId
      : (await getActiveSite(db, comment.siteId))?.orgId === m.scope.orgId)
  if (!comment || !inScope) throw new ApiError('comment_not_found', 'There is no such comment.')
  await commit(deps, moderationStatements(db, { comment, action: m.action, actor: m.actor, reason: m.reason }, deps.now), {
    kind: 'comment.moderated',
    payload: { commentId: comment.id, action: m.action, actor: m.actor },
  })
}

/** Bans an address or an IP hash from a site; their later comments are refused. */
export async function ban(
  deps: Deps,
  b: { siteId: string; kind: 'email' | 'ip'; value: string; reason: string | null; actor: string },
): Promise<void> {
  const value = b.kind === 'email' ? canonicalEmail(b.value) : b.value
  await commit(deps, banStatements(deps.env.DB, { ...b, value }, deps.now), { kind: 'visitor.banned', payload: { siteId: b.siteId, kind: b.kind } })
}
