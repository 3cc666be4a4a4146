/** The SQL of one round trip: a batch's statements, or one statement. */
export type Trip = string[]

/**
 * A D1 binding that records each round trip with the SQL it carried: a `batch()` (however many statements it carries)
 * or one statement's first/all/run/raw.
 */
export function countingD1(db: D1Database): { db: D1Database; trips: Trip[] } {
  const trips: Trip[] = []
  const sqlOf = new WeakMap<D1PreparedStatement, string>()
  const counted = (statement: D1PreparedStatement, sql: string): D1PreparedStatement => {
    sqlOf.set(statement, sql)
    const bind = statement.bind.bind(statement)
    Object.defineProperty(statement, 'bind', { value: (...values: unknown[]) => counted(bind(...values), sql) })
    for (const method of ['first', 'all', 'run', 'raw'] as const) {
      const original = statement[method].bind(statement) as (...args: unknown[]) => Promise<unknown>
      Object.defineProperty(statement, method, {
        value: (...args: unknown[]) => {
          trips.push([sql])
          return original(...args)
        },
      })
    }
    return statement
  }
  const counting = new Proxy(db, {
    get(target, property) {
      if (property === 'prepare') return (sql: string) => counted(target.prepare(sql), sql)
      if (property === 'batch')
        return (statements: D1PreparedStatement[]) => {
          trips.push(statements.map((s) => sqlOf.get(s) ?? '?'))
          return target.batch(statements)
        }
      const value: unknown = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return { db: counting, trips }
}
