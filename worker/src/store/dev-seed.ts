/*
 * Development only (the /dev routes): a member of staff with many conversations waiting, written in a few
 * INSERT … SELECT statements over a recursive count, for the staff-side benchmark and its tests. Each waiting
 * conversation has one visitor and their published comment; with `notify`, each comment also has its
 * `comment.posted` event and a due `mail.responder` delivery, as if the notices had not gone out yet.
 */

/** The staff row of a handle in the organisation of a site. */
export async function findStaffOfSite(db: D1Database, siteId: string, handle: string): Promise<{ id: string } | null> {
  return db
    .prepare(`SELECT st.id FROM staff st JOIN sites s ON s.org_id = st.org_id WHERE s.id = ?1 AND st.handle = ?2`)
    .bind(siteId, handle)
    .first<{ id: string }>()
}

export function seedWaitingStatements(
  db: D1Database,
  p: { prefix: string; siteId: string; staffId: string; count: number; notify: boolean; now: number },
): D1PreparedStatement[] {
  // ?1 prefix, ?2 site, ?3 staff, ?4 count, ?5 now: conversation i started i minutes before now.
  const n = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?4)`
  const bind = (s: D1PreparedStatement) => s.bind(p.prefix, p.siteId, p.staffId, p.count, p.now)
  const statements = [
    `INSERT INTO pages (id, site_id, key, url, title, created_at)
     SELECT ?1 || '-page', ?2, '/' || ?1, 'https://bench.localhost/' || ?1, 'Waiting for ' || ?4 || ' answers', ?5`,
    `${n} INSERT INTO visitors (id, site_id, email, address, name, created_at)
     SELECT ?1 || '-v' || i, ?2, ?1 || '-' || i || '@visitor.test', ?1 || '-' || i || '@visitor.test', 'Reader ' || i, ?5 FROM n`,
    `${n} INSERT INTO conversations (id, site_id, page_id, visitor_id, assigned_staff_id, status, created_at, updated_at, awaiting_since)
     SELECT ?1 || '-c' || i, ?2, ?1 || '-page', ?1 || '-v' || i, ?3, 'awaiting', ?5 - i * 60000, ?5 - i * 60000, ?5 - i * 60000 FROM n`,
    `${n} INSERT INTO comments (id, site_id, page_id, conversation_id, author_kind, visitor_id, author_name, body, body_doc, status, created_at)
     SELECT ?1 || '-m' || i, ?2, ?1 || '-page', ?1 || '-c' || i, 'visitor', ?1 || '-v' || i, 'Reader ' || i,
            'Question ' || i || ': when does the consultation close?',
            json_object('type', 'doc', 'children', json_array(json_object('type', 'paragraph', 'children',
              json_array(json_object('type', 'text', 'value', 'Question ' || i || ': when does the consultation close?'))))),
            'published', ?5 - i * 60000 FROM n`,
  ]
  if (p.notify)
    statements.push(
      `${n} INSERT INTO events (id, kind, payload, created_at)
       SELECT ?1 || '-e' || i, 'comment.posted', json_object('commentId', ?1 || '-m' || i), ?5 FROM n`,
      `${n} INSERT INTO event_deliveries (event_id, reaction, next_attempt_at) SELECT ?1 || '-e' || i, 'mail.responder', ?5 FROM n`,
    )
  return statements.map((sql) => bind(db.prepare(sql)))
}
