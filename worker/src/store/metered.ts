/*
 * What a piece of code asks of D1, counted: calls (each one round trip: a statement run on its own, or a whole
 * batch), statements, and the rows D1 reports read and written in each result's meta (what D1 bills). The
 * staff-side benchmark reports these per invocation, and tests assert that they do not grow with the work.
 */

export type D1Meter = { calls: number; statements: number; rowsRead: number; rowsWritten: number }

/** `db` behind a meter: the same answers, with every call counted in `meter`. */
export function meteredD1(db: D1Database): { db: D1Database; meter: D1Meter } {
  const meter: D1Meter = { calls: 0, statements: 0, rowsRead: 0, rowsWritten: 0 }
  const count = (results: D1Result[], statements: number) => {
    meter.calls++
    meter.statements += statements
    for (const r of results) {
      meter.rowsRead += r.meta?.rows_read ?? 0
      meter.rowsWritten += r.meta?.rows_written ?? 0
    }
  }

  // The statements stay D1's own objects (batch() needs them), with their run methods counted.
  const metered = (statement: D1PreparedStatement): D1PreparedStatement => {
    const bind = statement.bind.bind(statement)
    const all = statement.all.bind(statement)
    const run = statement.run.bind(statement)
    const raw = statement.raw.bind(statement)
    statement.bind = (...values: unknown[]) => metered(bind(...values))
    statement.all = (async () => {
      const result = await all()
      count([result], 1)
      return result
    }) as D1PreparedStatement['all']
    statement.run = (async () => {
      const result = await run()
      count([result], 1)
      return result
    }) as D1PreparedStatement['run']
    // first() answers no meta; read through all() so its rows are counted too (same row, same value).
    statement.first = (async (column?: string) => {
      const result = await all<Record<string, unknown>>()
      count([result], 1)
      const row = result.results[0] ?? null
      return column === undefined ? row : (row?.[column] ?? null)
    }) as D1PreparedStatement['first']
    statement.raw = ((options?: { columnNames?: boolean }) => {
      count([], 1)
      return raw(options as { columnNames: true })
    }) as D1PreparedStatement['raw']
    return statement
  }

  const proxy = new Proxy(db, {
    get(target, property) {
      if (property === 'prepare') return (sql: string) => metered(target.prepare(sql))
      if (property === 'batch')
        return async (statements: D1PreparedStatement[]) => {
          const results = await target.batch(statements)
          count(results, statements.length)
          return results
        }
      const value: unknown = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return { db: proxy, meter }
}
