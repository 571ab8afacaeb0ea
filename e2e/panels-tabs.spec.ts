/**
 * Two consoles on the same appliance: each tab's panels drive the console beside them, never the other one.
 */
import type { Page } from '@playwright/test'
import { expect, expectConsole, test } from './fixtures'

const ADMIN = 'Rack$ide-2026'

const visibleConsoleText = (page: Page) =>
  page
    .locator('.bringup:not([hidden])')
    .getByRole('region', { name: /console/i })
    .locator('.xterm-rows')
    .innerText()
const dock = (page: Page) =>
  page.locator('.bringup:not([hidden])').getByRole('complementary', { name: 'Guided procedures' })

async function connect(page: Page) {
  await page.getByRole('tab', { name: 'Connections' }).click()
  await page
    .getByRole('listitem')
    .filter({ hasText: 'Demo appliance (built-in simulator)' })
    .getByRole('button', { name: 'Connect' })
    .click()
}

async function runShowHsm(page: Page) {
  await dock(page)
    .getByRole('navigation', { name: 'Procedures' })
    .getByRole('button', { name: 'HSM status' })
    .click()
  const form = dock(page).getByRole('form', { name: 'Show the HSM' })
  await form.getByRole('button', { name: 'Show the HSM' }).click()
  await expect(form.getByRole('region', { name: /^Result:/ }).getByRole('status')).toContainText('Done', {
    timeout: 20_000,
  })
}

test('each tab’s panels drive their own console', async ({ page, webHost }) => {
  test.setTimeout(90_000)
  await page.setViewportSize({ width: 1500, height: 950 })
  await page.goto(webHost.url)
  await connect(page)
  await expectConsole(page, '(current) UNIX password:')
  await dock(page).getByRole('button', { name: 'First login', exact: true }).click()
  const first = dock(page).getByRole('form', { name: 'Change the factory password' })
  await first.getByLabel('Current (factory) password').fill('PASSWORD')
  await first.getByLabel('New admin password', { exact: true }).fill(ADMIN)
  await first.getByLabel('New admin password again').fill(ADMIN)
  await first.getByRole('button', { name: 'Change the factory password' }).click()
  await expect(first.getByRole('region', { name: /^Result:/ }).getByRole('status')).toContainText('Done', {
    timeout: 20_000,
  })

  // A second console on the same appliance: the password is asked in that console.
  await connect(page)
  await expect.poll(() => visibleConsoleText(page), { timeout: 20_000 }).toMatch(/password:\s*$/m)
  await page
    .locator('.bringup:not([hidden])')
    .getByRole('region', { name: /console/i })
    .click()
  await page.keyboard.type(ADMIN)
  await page.keyboard.press('Enter')
  await expect.poll(() => visibleConsoleText(page), { timeout: 20_000 }).toMatch(/lunash:>\s*$/m)
  await runShowHsm(page)
  await expect.poll(() => visibleConsoleText(page)).toMatch(/lunash:>hsm show/)

  // Back in the first tab: its console did not see that command; its panels still drive it.
  await page
    .getByRole('tab', { name: /Demo appliance/ })
    .first()
    .click()
  expect(await visibleConsoleText(page)).not.toMatch(/lunash:>hsm show/)
  await runShowHsm(page)
  await expect.poll(() => visibleConsoleText(page)).toMatch(/lunash:>hsm show/)
})
