import type { AppliedConfig, OrgConfig } from '../../../schema'
import { eventStatements } from '../events/record'
import { ApiError } from '../http/errors'
import { applyOrgConfig, sitesOwnedElsewhere } from '../store/config'
import { assertOrg, type AdminPrincipal } from './admin'
import type { Deps } from './context'

/**
 * Makes an organisation what its config document says: org, staff, sites, origins, routing rules. The deployment
 * may set up any organisation; an organisation's admin only its own. A site id
 * another organisation owns is refused; staff and sites missing from the document are deactivated, never deleted.
 */
export async function applyConfig(deps: Deps, principal: AdminPrincipal, doc: OrgConfig): Promise<AppliedConfig> {
  assertOrg(principal, doc.org.id)
  const db = deps.env.DB
  const taken = await sitesOwnedElsewhere(db, doc.org.id, doc.sites.map((s) => s.id))
  if (taken.length) throw new ApiError('site_owned_by_other_org', `These site ids belong to another organisation: ${taken.join(', ')}.`)
  const applied = await applyOrgConfig(db, doc, deps.now, eventStatements(db, { kind: 'config.applied', payload: { orgId: doc.org.id } }, deps.now))
  deps.committed()
  return applied
}
