import type { TestProject } from 'vitest/node'
import { startLocalWorker } from '../../scripts/local-worker.mjs'

export const E2E_ADMIN_TOKEN = 'e2e-admin-token'

declare module 'vitest' {
  export interface ProvidedContext {
    bylineUrl: string
  }
}

/** One real worker (wrangler's, with its own migrated D1 and the demo organisation) for every end-to-end test. */
export default async function setup(project: TestProject) {
  const worker = await startLocalWorker({ name: 'e2e', adminToken: E2E_ADMIN_TOKEN })
  project.provide('bylineUrl', worker.url)
  return () => worker.dispose()
}
