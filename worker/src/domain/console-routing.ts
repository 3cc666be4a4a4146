import type { RoutingInputs } from '../../../schema'
import { orgSitesStatement, orgTurnsStatement, readOrgSites, readOrgTurns } from '../store/console-routing'
import { listStaffStatement, readStaff } from '../store/staff'

/**
 * What the console's "who answers?" tester needs to call the worker's own pure `route()` in the browser: everyone's
 * routing state (active, away periods in their zone, delegate, open count) and each site's rules, default responder
 * and round-robin turns. Page facts come from the URL as the worker makes them (security/page-url.ts's
 * canonicalPageUrl with the site's pageQuery), and `now` is the moment the tester asks about. One batch.
 */
export async function routingInputs(db: D1Database, orgId: string, now: number): Promise<RoutingInputs> {
  const [staff, sites, turns] = await db.batch([listStaffStatement(db, orgId), orgSitesStatement(db, orgId), orgTurnsStatement(db, orgId)])
  const bySite = readOrgTurns(turns)
  return {
    generatedAt: new Date(now).toISOString(),
    staff: readStaff(staff).map((s) => ({
      handle: s.handle,
      name: s.name,
      active: s.active,
      timeZone: s.timeZone,
      away: s.away,
      delegate: s.delegate,
      openCount: s.openCount,
    })),
    sites: readOrgSites(sites).map((s) => ({
      id: s.id,
      name: s.name,
      origins: s.origins,
      pageQuery: s.settings.pageQuery,
      fallback: s.settings.defaultResponder,
      rules: s.rules,
      turns: bySite.get(s.id) ?? {},
    })),
  }
}
