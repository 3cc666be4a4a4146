import { Hono } from 'hono'
import { openApiDocument } from '../../schema/openapi'
import type { AppEnv } from './env'
import { ApiError } from './http/errors'
import { adminRoutes } from './routes/admin'
import { answerRoutes } from './routes/answer'
import { devRoutes } from './routes/dev'
import { publicRoutes } from './routes/public'
import { unsubscribeRoutes } from './routes/unsubscribe'

export const app = new Hono<AppEnv>()
  .use(async (c, next) => {
    await next()
    c.header('X-Content-Type-Options', 'nosniff')
    // Pages whose URL is a credential have set a stricter policy already.
    if (!c.res.headers.has('Referrer-Policy')) c.header('Referrer-Policy', 'strict-origin-when-cross-origin')
  })
  .get('/openapi.json', (c) => {
    c.header('Access-Control-Allow-Origin', '*')
    return c.json(openApiDocument(new URL(c.req.url).origin))
  })
  .route('/', publicRoutes)
  .route('/', adminRoutes)
  .route('/', answerRoutes)
  .route('/', unsubscribeRoutes)
  .route('/', devRoutes)

app.notFound((c) => c.json(new ApiError('not_found', 'There is nothing at this address.').toBody(), 404))

app.onError((error, c) => {
  if (error instanceof ApiError) return c.json(error.toBody(), error.status)
  // Anything else is our fault: log it whole, tell the caller nothing about it.
  console.error(error)
  return c.json(new ApiError('internal_error', 'Something went wrong on our side. Please try again.').toBody(), 500)
})
