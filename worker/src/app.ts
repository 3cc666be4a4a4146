import { Hono } from 'hono'
import { openApiDocument } from '../../schema/openapi'
import type { AppEnv } from './env'
import { ApiError } from './http/errors'
import { adminRoutes } from './routes/admin'
import { answerRoutes } from './routes/answer'
import { devRoutes } from './routes/dev'
import { publicRoutes } from './routes/public'
import { ownCommentRoutes } from './routes/own-comments'
import { visitorPages } from './routes/visitor-pages'

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
  .get('/openapi.json', (c) => {
    c.header('Access-Control-Allow-Origin', '*')
    return c.json(openApiDocument(new URL(c.req.url).origin))
  })
  .route('/', publicRoutes)
  .route('/', ownCommentRoutes)
  .route('/', adminRoutes)
  .route('/', answerRoutes)
  .route('/', visitorPages)
  .route('/', devRoutes)

app.notFound((c) => c.json(new ApiError('not_found', 'There is nothing at this address.').toBody(), 404))

app.onError((error, c) => {
  if (error instanceof ApiError) {
    if (error.retryAfter) c.header('Retry-After', String(error.retryAfter))
    return c.json(error.toBody(), error.status)
  }
  // Anything else is our fault: log it whole, tell the caller nothing about it.
  console.error(error)
  return c.json(new ApiError('internal_error', 'Something went wrong on our side. Please try again.').toBody(), 500)
})
