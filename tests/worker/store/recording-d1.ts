/** One statement as the code under test prepared it: its SQL text and the values bound to it. */
export type RecordedStatement = { sql: string; binds: unknown[] }

/**
 * A D1 database that remembers every statement prepared through it, with its binds, and runs each unchanged on
 * the real one: the statements it hands out are D1's own, so `batch()`, `first()`, `all()` and `run()` behave
 * exactly as in production.
 */
export function recordingD1(db: D1Database): { db: D1Database; statements: RecordedStatement[] } {
  const statements: RecordedStatement[] = []
  const prepare = (sql: string): D1PreparedStatement => {
    const entry: RecordedStatement = { sql, binds: [] }
    statements.push(entry)
    const statement = db.prepare(sql)
    const bind = statement.bind.bind(statement)
    let bound = false
    // One prepared statement may be bound many times (one per row): each binding is a statement of its own.
    statement.bind = (...values: unknown[]) => {
      if (bound) statements.push({ sql, binds: values })
      else entry.binds = values
      bound = true
      return bind(...values)
    }
    return statement
  }
  const recording = new Proxy(db, {
    get(target, property) {
      if (property === 'prepare') return prepare
      const value: unknown = Reflect.get(target, property, target)
      // D1's methods expect the real database as `this`.
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return { db: recording, statements }
}
