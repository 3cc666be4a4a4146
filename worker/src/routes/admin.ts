import { Hono } from 'hono'
import { OrgConfig } from '../../../schema'
import type { AppEnv } from '../env'
import { ApiError } from '../http/errors'
import { jsonBody } from '../http/validate'
import { adminAuth } from '../security/admin'
import { applyOrgConfig, sitesOwnedElsewhere } from '../store/config'

const CONFIG_MAX_BYTES = 1024 * 1024

/** What the organisation's own tools call, with the admin API token. */
export const adminRoutes = new Hono<AppEnv>()
  .use('/v1/admin/*', adminAuth)

  .put('/v1/admin/config', jsonBody(OrgConfig, CONFIG_MAX_BYTES), async (c) => {
    const doc = c.var.body
    const taken = await sitesOwnedElsewhere(c.env.DB, doc.org.id, doc.sites.map((s) => s.id))
    if (taken.length)
      throw new ApiError('site_owned_by_other_org', `These site ids belong to another organisation: ${taken.join(', ')}.`)
    return c.json(await applyOrgConfig(c.env.DB, doc, Date.now()))
  })
