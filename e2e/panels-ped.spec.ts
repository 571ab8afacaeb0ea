/**
 * A PED-authenticated HSM through the panels: the second demo profile's simulator asks for PED keys (and its PED
 * answers after a short delay). While the runner waits, the panel shows the PED notice with the key colour and
 * role; the step then ends done with its read-back.
 */
import type { Locator, Page } from '@playwright/test'
import { expect, firstLogin, openDemo, openProcedure, test } from './fixtures'

const ADMIN = 'Rack$ide-2026'

const dock = (page: Page) => page.getByRole('complementary', { name: 'Guided procedures' })
const result = (form: Locator) => form.getByRole('region', { name: /^Result:/ })
const pedNotice = (page: Page) => dock(page).getByRole('alertdialog', { name: 'PED operation' })

/** Answers the appliance's confirmation (typing what it asks for), skipping PED notices. */
async function confirm(page: Page, typed: string) {
  const ask = dock(page)
    .getByRole('alertdialog')
    .filter({ has: page.getByRole('button', { name: 'Go ahead (proceed)' }) })
  await expect(ask).toBeVisible({ timeout: 20_000 })
  if (await ask.getByRole('textbox').count()) await ask.getByRole('textbox').fill(typed)
  await ask.getByRole('button', { name: 'Go ahead (proceed)' }).click()
}

test('PED HSM: initialise and create a partition; the PED notice names the key colour and role while the runner waits', async ({
  page,
  webHost,
}, info) => {
  test.setTimeout(150_000)
  await openDemo(page, webHost.url, 'Demo appliance — PED HSM (built-in simulator)')
  await firstLogin(page, ADMIN)

  // hsm init: no passwords on a PED HSM; the PED asks for the gray and blue keys.
  const p = await openProcedure(page, 'HSM initialise')
  const init = p.getByRole('form', { name: 'Initialise the HSM' })
  await init.getByLabel('HSM label', { exact: true }).fill('ped-hsm-1')
  await init.getByLabel('HSM label again').fill('ped-hsm-1')
  await init.getByRole('button', { name: 'Initialise the HSM' }).click()
  await confirm(page, 'ped-hsm-1')
  const initPed = pedNotice(page)
  await expect(initPed).toBeVisible({ timeout: 20_000 })
  await expect(initPed.getByRole('heading')).toContainText('initialize HSM')
  await expect(initPed).toContainText('blue key — HSM Security Officer')
  await expect(initPed).toContainText('Rackside waits')
  await expect(page.getByRole('status', { name: 'Automation running' })).toContainText('hsm init')
  await page.screenshot({ path: info.outputPath('ped-init-notice.png') })
  await expect(result(init).getByRole('status')).toContainText('Done', { timeout: 30_000 })
  await expect(result(init).getByLabel('Read-back evidence')).toContainText('ped-hsm-1')
  await expect(initPed).toHaveCount(0)

  // hsm login: the blue key.
  const so = p.getByRole('form', { name: 'Log in as HSM Administrator' })
  await so.getByRole('button', { name: 'Log in as HSM Administrator' }).click()
  const loginPed = pedNotice(page)
  await expect(loginPed).toBeVisible({ timeout: 20_000 })
  await expect(loginPed).toContainText('blue key — HSM Security Officer (or Partition SO)')
  await expect(result(so).getByRole('status')).toContainText('Done', { timeout: 30_000 })

  // partition create: the black key (Partition Owner / Crypto Officer).
  const parts = await openProcedure(page, 'Partitions')
  const create = parts.getByRole('form', { name: 'Create the partition' })
  await create.getByLabel('Partition name').fill('cms_ped')
  await create.getByRole('button', { name: 'Create the partition' }).click()
  const partPed = pedNotice(page)
  const asked = dock(page)
    .getByRole('alertdialog')
    .filter({ has: page.getByRole('button', { name: 'Go ahead (proceed)' }) })
  await expect(asked.or(partPed).first()).toBeVisible({ timeout: 20_000 })
  if (await asked.isVisible()) await confirm(page, 'proceed')
  await expect(partPed).toBeVisible({ timeout: 20_000 })
  await expect(partPed.getByRole('heading')).toContainText('create a partition')
  await expect(partPed).toContainText('black key — Partition Owner / Crypto Officer')
  await page.screenshot({ path: info.outputPath('ped-partition-notice.png') })
  await expect(result(create).getByRole('status')).toContainText('Done', { timeout: 30_000 })
  await expect(result(create).getByLabel('Read-back evidence')).toContainText('cms_ped')
  await expect(partPed).toHaveCount(0)
})
