import { defineConfig } from '@playwright/test'

/** Debian's Chromium by default; RACKSIDE_CHROMIUM points elsewhere. Playwright's own browser download cannot run here. */
const executablePath = process.env.RACKSIDE_CHROMIUM || '/usr/bin/chromium'

export default defineConfig({
  testDir: './e2e',
  testMatch: /.*\.spec\.ts/,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
})
