/** The statement that stores a new admin credential of an organisation (its hash only). */
export function insertAdminTokenStatement(db: D1Database, t: { hash: string; orgId: string; label: string }, now: number): D1PreparedStatement {
  return db
    .prepare(`INSERT INTO admin_tokens (hash, org_id, label, created_at) VALUES (?1, ?2, ?3, ?4)`)
    .bind(t.hash, t.orgId, t.label, now)
}

/** The organisation an admin credential belongs to, while it is not revoked. */
export async function findAdminToken(db: D1Database, hash: string): Promise<{ orgId: string; label: string } | null> {
  return db.prepare(`SELECT org_id AS orgId, label FROM admin_tokens WHERE hash = ?1 AND revoked_at IS NULL`).bind(hash).first()
}

export async function orgExists(db: D1Database, orgId: string): Promise<boolean> {
  return (await db.prepare(`SELECT 1 FROM orgs WHERE id = ?1`).bind(orgId).first()) !== null
}
