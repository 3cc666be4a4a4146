import type { D1Migration } from '@cloudflare/vitest-pool-workers'
import type { Env } from '../../worker/src/env'

type TestEnv = Env & { TEST_MIGRATIONS: D1Migration[] }

declare global {
  namespace Cloudflare {
    interface Env extends TestEnv {}
  }
}
