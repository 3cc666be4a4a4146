import type { Comment, Doc } from '../../../schema'
import { closeIfNothingLeftStatement } from './comments'
import { commentColumns, toComment, type RawComment } from './threads'

export type OwnedComment = RawComment & { site_id: string; owner_token_hash: string | null; author_kind: 'visitor' | 'staff' }

/** A comment with what its owner's request needs: its site (for origins and the edit window) and the token's hash. */
export async function getOwnedComment(db: D1Database, commentId: string): Promise<OwnedComment | null> {
  return db
    .prepare(`SELECT ${commentColumns}, site_id, owner_token_hash FROM comments WHERE id = ?1`)
    .bind(commentId)
    .first<OwnedComment>()
}

export function editOwnCommentStatement(db: D1Database, c: OwnedComment, body: { source: string; doc: Doc }, now: number) {
  return {
    statement: db
      .prepare(`UPDATE comments SET body = ?2, body_doc = ?3, edited_at = ?4 WHERE id = ?1`)
      .bind(c.id, body.source, JSON.stringify(body.doc), now),
    comment: toComment({ ...c, body_doc: JSON.stringify(body.doc), edited_at: now }, new Map()) satisfies Comment,
  }
}

/**
 * The author deletes their comment: its words go, its place stays where replies hang under it, and a
 * conversation left with nothing from visitors stops waiting for an answer.
 */
export function deleteOwnCommentStatements(db: D1Database, c: Pick<OwnedComment, 'id' | 'conversation_id'>, now: number): D1PreparedStatement[] {
  return [
    db
      .prepare(`UPDATE comments SET status = 'deleted', hold_reason = NULL, body = '', body_doc = '{"type":"doc","children":[]}', edited_at = ?2 WHERE id = ?1`)
      .bind(c.id, now),
    closeIfNothingLeftStatement(db, c.conversation_id, now),
  ]
}

/** Hands a comment's ownership to a new token (only its hash is kept): the old token edits nothing any more. */
export function replaceOwnerTokenStatement(db: D1Database, commentId: string, tokenHash: string): D1PreparedStatement {
  return db.prepare(`UPDATE comments SET owner_token_hash = ?2 WHERE id = ?1`).bind(commentId, tokenHash)
}
