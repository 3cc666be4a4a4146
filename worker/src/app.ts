import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { openApiDocument } from '../../schema/openapi'
import type { AppEnv } from './env'
import { contract, operationsOf } from './http/contract'
import { ApiError } from './http/errors'
import { errorPage } from './pages/error'
import { adminRoutes } from './routes/admin'
import { answerRoutes } from './routes/answer'
import { consoleRoutes } from './routes/console'
import { consoleApp, consolePages } from './routes/console-pages'
import { devRoutes } from './routes/dev'
import { healthRoutes } from './routes/health'
import { publicRoutes } from './routes/public'
import { selfServicePages } from './routes/self-service'
import { ownCommentRoutes } from './routes/own-comments'
import { privacyPages, unsubscribePages, verifyPages } from './routes/visitor-pages'

export const app = new Hono<AppEnv>()
  .use(async (c, next) => {
    await next()
    c.header('X-Content-Type-Options', 'nosniff')
    // Pages set their own, stricter or looser, policies; everything else (JSON) may load nothing and be framed nowhere.
    if (!c.res.headers.has('Referrer-Policy')) c.header('Referrer-Policy', 'strict-origin-when-cross-origin')
    if (!c.res.headers.has('Content-Security-Policy'))
      c.header('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'; base-uri 'none'")
    if (!c.res.headers.has('X-Frame-Options')) c.header('X-Frame-Options', 'DENY')
  })
  .get(
    '/openapi.json',
    contract({
      summary: 'This document: every /v1 operation, its input, its answer and its error codes',
      ok: { status: 200, schema: z.looseObject({ openapi: z.literal('3.1.0') }), description: 'The OpenAPI 3.1 document' },
      errors: [],
    }),
    (c) => {
      c.header('Access-Control-Allow-Origin', '*')
      return c.json(openApiDocument(operations, new URL(c.req.url).origin))
    },
  )
  // The URL space, one audience per prefix; each sub-app's paths are relative to its own.
  .route('/v1/sites/:site', publicRoutes)
  .route('/v1/comments', ownCommentRoutes)
  .route('/v1/admin', adminRoutes)
  .route('/v1/console', consoleRoutes)
  .route('/console', consolePages)
  .route('/admin', consoleApp)
  .route('/answer', answerRoutes)
  .route('/me', selfServicePages)
  .route('/unsubscribe', unsubscribePages)
  .route('/verify', verifyPages)
  .route('/privacy', privacyPages)
  .route('/dev', devRoutes)
  .route('/healthz', healthRoutes)

/** Read once, at start: a /v1 route registered without its contract stops the worker here, named. */
const operations = operationsOf(app.routes)

/** The pages people open from emails and post forms on: their errors are pages too, everything else answers JSON. */
const pagePath = /^\/(answer|me|unsubscribe|verify|privacy|console)\//

/** An error as its caller reads it: a page for a person on one of our pages, the `{ error }` body for everyone else. */
const refuse = (c: Context<AppEnv>, error: ApiError) =>
  pagePath.test(c.req.path) ? c.html(errorPage(error.code), error.status) : c.json(error.toBody(), error.status)

app.notFound((c) => refuse(c, new ApiError('not_found', 'There is nothing at this address.')))

app.onError((error, c) => {
  if (error instanceof ApiError) {
    if (error.retryAfter) c.header('Retry-After', String(error.retryAfter))
    return refuse(c, error)
  }
  // Anything else is our fault: log it whole, tell the caller nothing about it.
  console.error(error)
  return refuse(c, new ApiError('internal_error', 'Something went wrong on our side. Please try again.'))
})
