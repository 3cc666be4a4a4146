import type { MiddlewareHandler } from 'hono'
import type { RouterRoute } from 'hono/types'
import type { ErrorCode } from '../../../schema'
import type { Operation } from '../../../schema/openapi'
import type { AppEnv } from '../env'

/*
 * Each route describes itself: a contract() as its first middleware says what it does and answers, and the
 * validators after it (validate, jsonBody) say what input they check and how they refuse it. operationsOf() reads
 * those descriptions off the app's registered routes to build /openapi.json, so a route and its contract are one.
 */

/** What a route says about itself that its validators cannot. `errors`: the codes its own logic may answer. */
export type Contract = Pick<Operation, 'summary' | 'headers' | 'security' | 'ok' | 'notModified' | 'errors'>

/** What a validator adds to each operation it guards: the input it checks and the codes it refuses with. */
export type Checks = Pick<Operation, 'params' | 'query' | 'body'> & { errors: ErrorCode[] }

const contracts = new WeakMap<object, Contract>()
const checks = new WeakMap<object, Checks>()

/** The first middleware of every /v1 route (and /openapi.json); at request time it only passes the request on. */
export function contract(described: Contract): MiddlewareHandler<AppEnv> {
  const handler: MiddlewareHandler<AppEnv> = (_c, next) => next()
  contracts.set(handler, described)
  return handler
}

/** Marks a validating middleware with what it checks; returns it unchanged (and with its types). */
export function checking<H extends object>(handler: H, described: Checks): H {
  checks.set(handler, described)
  return handler
}

const methods: readonly string[] = ['get', 'put', 'post', 'patch', 'delete'] satisfies Operation['method'][]
const isMethod = (m: string): m is Operation['method'] => methods.includes(m)

/** Routes that must describe themselves: every operation of the versioned API. */
const mustDescribe = (path: string) => path.startsWith('/v1/')

/**
 * The operations of an app, from its registered routes (`app.routes`: one entry per handler, sub-apps mounted with
 * their full paths). Each method and path is one operation; its contract and its validators' checks are merged.
 * Throws, naming them all, when a /v1 route has no contract: the worker does not start with an undescribed route.
 * (A sub-app with its own onError would wrap its handlers and hide their contracts; ours leave errors to the app.)
 */
export function operationsOf(routes: readonly RouterRoute[]): Operation[] {
  type Described = { method: Operation['method']; path: string; contract?: Contract; checks: Checks[] }
  const byRoute = new Map<string, Described>()
  for (const r of routes) {
    const method = r.method.toLowerCase()
    // `.use()` middlewares (ALL) and CORS preflights are not operations of their own.
    if (!isMethod(method)) continue
    const key = `${r.method} ${r.path}`
    const route = byRoute.get(key) ?? { method, path: r.path, checks: [] }
    byRoute.set(key, route)
    route.contract ??= contracts.get(r.handler)
    const checked = checks.get(r.handler)
    if (checked) route.checks.push(checked)
  }

  const missing = [...byRoute].filter(([, r]) => !r.contract && mustDescribe(r.path)).map(([key]) => key)
  if (missing.length) throw new Error(`These routes have no contract(), so /openapi.json cannot describe them: ${missing.join(', ')}`)

  return [...byRoute.values()].flatMap(({ method, path, contract, checks }) => {
    if (!contract) return []
    const inputs = checks.reduce<Omit<Checks, 'errors'>>((all, { errors: _, ...input }) => ({ ...all, ...input }), {})
    const errors = [...new Set([...checks.flatMap((c) => c.errors), ...contract.errors])]
    return [{ ...contract, ...inputs, method, path: path.replace(/:(\w+)/g, '{$1}'), errors }]
  })
}
