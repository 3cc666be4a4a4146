/**
 * `db` for an operation whose first batch should also carry `statements` (the site row, the thread's versions): D1
 * bills and waits per round trip, so reads another layer needs ride along the operation's own first batch.
 * `joined()` gives their results, and runs them on their own if the operation made no batch.
 */
export function withJoinedReads(db: D1Database, statements: D1PreparedStatement[]) {
  let joined: Promise<D1Result[]> | undefined
  const batch = async (own: D1PreparedStatement[]) => {
    if (joined) return db.batch(own)
    const all = db.batch([...statements, ...own])
    joined = all.then((results) => results.slice(0, statements.length))
    // The operation sees a failure of the batch; nobody may be left waiting on this copy of it.
    joined.catch(() => {})
    return (await all).slice(statements.length)
  }
  const carrying = new Proxy(db, {
    get(target, property) {
      if (property === 'batch') return batch
      const value: unknown = Reflect.get(target, property, target)
      // D1's methods expect the real database as `this`.
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return { db: carrying, joined: () => (joined ??= db.batch(statements)) }
}
