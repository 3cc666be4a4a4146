import { ApiError } from '../http/errors'
import { sha256Hex } from '../security/compare'
import { insertAdminTokenStatement, orgExists } from '../store/admin'
import { newToken } from '../store/tokens'
import { commit, type Actor, type Deps } from './context'

/**
 * Who is acting on the admin API: the deployment itself (bootstrap only) or one organisation's admin, by token or,
 * with `actor`, signed in to the console (their changes are then logged under their address).
 */
export type AdminPrincipal = { kind: 'deployment' } | { kind: 'org'; orgId: string; actor?: Actor }

/** The operation's deps for this principal: a console admin's changes carry them as the actor. */
export function actingAs(deps: Deps, principal: AdminPrincipal): Deps {
  return principal.kind === 'org' && principal.actor ? { ...deps, actor: principal.actor } : deps
}

/** Who the moderation log names: the console admin's address, else "admin" (a token). */
export const moderatorOf = (principal: AdminPrincipal) => (principal.kind === 'org' && principal.actor ? principal.actor.email : 'admin')

/** The organisation an admin acts for; the deployment token acts for none beyond bootstrapping. */
export function orgOf(principal: AdminPrincipal): string {
  if (principal.kind !== 'org')
    throw new ApiError('org_credential_required', "Use one of the organisation's admin tokens; the deployment token only sets up organisations.")
  return principal.orgId
}

/** Whether this principal may act on the organisation at all; another organisation's is not there for it. */
export function assertOrg(principal: AdminPrincipal, orgId: string): void {
  if (principal.kind === 'org' && principal.orgId !== orgId) throw new ApiError('org_not_found', 'There is no such organisation.')
}

/** A new admin credential for an organisation, returned once; only its hash is kept. */
export async function issueOrgToken(deps: Deps, p: { principal: AdminPrincipal; orgId: string; label: string }): Promise<string> {
  assertOrg(p.principal, p.orgId)
  if (!(await orgExists(deps.env.DB, p.orgId))) throw new ApiError('org_not_found', 'There is no such organisation.')
  // Prefixed so a leaked one is recognisable (secret scanners, logs).
  const token = `byl_${newToken()}${newToken()}`
  await commit(deps, [insertAdminTokenStatement(deps.env.DB, { hash: await sha256Hex(token), orgId: p.orgId, label: p.label }, deps.now)], {
    kind: 'admin_token.issued',
    payload: { orgId: p.orgId, label: p.label },
  })
  return token
}
