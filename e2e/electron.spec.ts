import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'

const require = createRequire(import.meta.url)

function electronBinary(): string | undefined {
  // Electron 42+ has no install script: require('electron') downloads the runtime on first use. Without
  // path.txt it was never fetched, so skip rather than wait on a download that cannot reach GitHub here.
  if (!existsSync(join(dirname(require.resolve('electron/package.json')), 'path.txt'))) return undefined
  try {
    const path: unknown = require('electron')
    return typeof path === 'string' && existsSync(path) ? path : undefined
  } catch {
    return undefined
  }
}

const binary = electronBinary()

test.describe('The desktop app (Electron runtime)', () => {
  test.skip(
    !binary,
    'The Electron runtime is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD); the browser-host spec covers the same steps.',
  )

  test('connects to the demo appliance and reads hsm show', async ({}, testInfo) => {
    const app = await electron.launch({
      executablePath: binary,
      args: ['.'],
      // The DOM renderer, so the console's rows can be read as text.
      env: { ...process.env, RACKSIDE_RENDERER: 'dom' },
    })
    const page = await app.firstWindow()
    await page
      .getByRole('listitem')
      .filter({ hasText: 'Demo appliance (built-in simulator)' })
      .getByRole('button', { name: 'Connect' })
      .click()
    const rows = page
      .getByRole('region', { name: /console/i })
      .first()
      .locator('.xterm-rows')
    await expect(rows).toContainText('(current) UNIX password:', { timeout: 15_000 })
    await page
      .getByRole('region', { name: /console/i })
      .first()
      .click()
    for (const answer of ['PASSWORD', 'Rack$ide2026', 'Rack$ide2026']) {
      await page.keyboard.type(answer)
      await page.keyboard.press('Enter')
      await page.waitForTimeout(150)
    }
    await expect(rows).toContainText('lunash:>')
    await page.keyboard.type('hsm show')
    await page.keyboard.press('Enter')
    await expect(rows).toContainText('HSM Label:')
    await page.screenshot({ path: testInfo.outputPath('electron-demo-console.png') })
    await app.close()
  })
})
