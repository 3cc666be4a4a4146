import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers'
import { playwright } from '@vitest/browser-playwright'
import { defineConfig } from 'vitest/config'
import { chromiumArgs, chromiumPath } from './tests/chromium.ts'

export default defineConfig({
  test: {
    projects: [
      {
        // Worker code inside workerd, against a real local D1 migrated from schema/migrations.
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                ENVIRONMENT: 'development',
                ADMIN_API_TOKEN: 'test-admin-token',
                PUBLIC_URL: 'https://byline.test',
                INBOUND_DOMAIN: 'inbound.byline.test',
                HMAC_SECRET: 'test-hmac-secret',
                TURNSTILE_SECRET: 'test-turnstile-secret',
                TURNSTILE_VERIFY_URL: 'https://turnstile.test/siteverify',
                TEST_MIGRATIONS: await readD1Migrations('./schema/migrations'),
              },
            },
          })),
        ],
        test: {
          name: 'worker',
          include: ['tests/worker/**/*.test.ts'],
          setupFiles: ['tests/worker/setup.ts'],
        },
      },
      {
        // The widget in real Chromium.
        // The markdown parser (imported by the hostile-corpus test) is prebundled up front, or Vite reloads mid-run.
        optimizeDeps: { include: ['mdast-util-from-markdown', 'mdast-util-gfm-autolink-literal'] },
        test: {
          name: 'widget',
          include: ['tests/widget/**/*.test.ts'],
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs } }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      {
        // What the build produced (npm test builds dist-test/ first), and the production bundle.
        test: { name: 'build', include: ['tests/build/**/*.test.ts'], environment: 'node' },
      },
      {
        // The whole product: wrangler's worker on a local port, driven by Chromium.
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
})
