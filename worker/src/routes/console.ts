import { Hono } from 'hono'
import { Accepted, ConsoleMe, ConsoleSignInRequest } from '../../../schema'
import { describeSession, requestSignIn } from '../domain/console'
import { depsFor } from '../events/after-commit'
import { contract } from '../http/contract'
import { jsonBody } from '../http/validate'
import { consoleSession, type ConsoleEnv } from '../security/console-session'

/**
 * The admin console's API, mounted at /v1/console: sign-in by mailed link, the session, and what the console does
 * with it. A session reaches its own organisation only.
 */
export const consoleRoutes = new Hono<ConsoleEnv>()
  .post(
    '/sign-in',
    contract({
      summary: "Mail a sign-in link to one of an organisation's admins; the same answer for any address",
      ok: { status: 202, schema: Accepted, description: 'Accepted' },
      errors: [],
    }),
    jsonBody(ConsoleSignInRequest, 4096),
    async (c) => {
      const { org, email } = c.var.body
      // The same answer whether or not the address is an admin: the API does not tell who is.
      await requestSignIn(depsFor(c.env, c.executionCtx), { orgId: org, email })
      return c.json({ accepted: true as const, message: 'If this address may sign in to this organisation, a link is on its way.' }, 202)
    },
  )

  .get(
    '/me',
    contract({
      summary: 'Who the console session is: the admin, their organisation, and when the session ends',
      security: 'consoleSession',
      ok: { status: 200, schema: ConsoleMe, description: 'The session' },
      errors: ['not_signed_in', 'session_expired'],
    }),
    consoleSession,
    (c) => c.json(describeSession(c.var.console)),
  )
