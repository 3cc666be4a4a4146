import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { ApiError } from '../http/errors'
import { constantTimeEqual } from './compare'

/** `Authorization: Bearer <ADMIN_API_TOKEN>`. With no token configured, nobody is an admin. */
export const adminAuth = createMiddleware<AppEnv>(async (c, next) => {
  const expected = c.env.ADMIN_API_TOKEN
  const given = /^Bearer\s+(\S+)$/i.exec(c.req.header('Authorization') ?? '')?.[1]
  if (!expected || !given || !(await constantTimeEqual(given, expected))) {
    c.header('WWW-Authenticate', 'Bearer realm="byline-admin"')
    throw new ApiError('unauthorized', 'Send the admin API token as Authorization: Bearer <token>.')
  }
  await next()
})
