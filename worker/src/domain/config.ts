import type { AppliedConfig, OrgConfig } from '../../../schema'
import { ApiError } from '../http/errors'
import { canonicalEmail } from '../security/email'
import { applyOrgConfig, sitesOwnedElsewhere } from '../store/config'
import { replaceOrgAdminsStatements } from '../store/console'
import { assertOrg, type AdminPrincipal } from './admin'
import { recordStatements, type Deps } from './context'

/**
 * Makes an organisation what its config document says: org, console admins, staff, sites, origins, routing rules. The deployment
 * may set up any organisation; an organisation's admin only its own. A site id
 * another organisation owns is refused; staff and sites missing from the document are deactivated, never deleted.
 */
export async function applyConfig(deps: Deps, principal: AdminPrincipal, doc: OrgConfig): Promise<AppliedConfig> {
  assertOrg(principal, doc.org.id)
  const db = deps.env.DB
  const taken = await sitesOwnedElsewhere(db, doc.org.id, doc.sites.map((s) => s.id))
  if (taken.length) throw new ApiError('site_owned_by_other_org', `These site ids belong to another organisation: ${taken.join(', ')}.`)
  // Console admins: a document that lists them makes them exactly these; one that does not leaves them as they are.
  const admins = doc.admins
    ? replaceOrgAdminsStatements(db, doc.org.id, doc.admins.map((a) => ({ email: canonicalEmail(a.email), name: a.name ?? null })), deps.now)
    : []
  const applied = await applyOrgConfig(db, doc, deps.now, [
    ...admins,
    ...recordStatements(deps, { kind: 'config.applied', payload: { orgId: doc.org.id } }),
  ])
  deps.committed()
  return applied
}
