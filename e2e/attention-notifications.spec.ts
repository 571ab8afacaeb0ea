/**
 * An operator starts a step and goes to another window while it runs: when the appliance asks for a confirmation,
 * a system notification names the step. While Rackside's window has the focus, the dialog on screen is enough and
 * no notification is shown.
 */
import type { CDPSession, Page } from '@playwright/test'
import { connect, expect, expectConsole, fillHsmInit, firstLogin, test } from './fixtures'

const ADMIN = 'Attention$-2026'

interface Shown {
  title: string
  body?: string
  tag?: string
}

declare global {
  interface Window {
    __notificationsShown?: Shown[]
  }
}

const dock = (page: Page) => page.getByRole('complementary', { name: 'Guided procedures' })
const shown = (page: Page) => page.evaluate(() => window.__notificationsShown ?? [])

const question = (page: Page) => dock(page).getByRole('alertdialog', { name: 'Destructive command: confirm' })

test('a confirmation waiting while the window is in the background raises one notification naming the step', async ({
  context,
  page,
  webHost,
}) => {
  test.setTimeout(120_000)
  const origin = new URL(webHost.url).origin
  await context.grantPermissions(['notifications'], { origin })
  // The only stand-in: headless Chromium shows no notifications, so the page's Notification records what it
  // is asked to show, and otherwise defers to the real one (its permission is the one granted above).
  await page.addInitScript(() => {
    const Real = window.Notification
    window.__notificationsShown = []
    class Recorded {
      static get permission() {
        return Real.permission
      }
      static requestPermission() {
        return Real.requestPermission()
      }
      onclick: (() => void) | null = null
      constructor(title: string, options: NotificationOptions = {}) {
        window.__notificationsShown!.push({ title, body: options.body, tag: options.tag })
      }
      close() {}
    }
    Object.defineProperty(window, 'Notification', { value: Recorded, configurable: true })
  })

  await page.setViewportSize({ width: 1500, height: 950 })
  await page.goto(webHost.url)
  expect(await page.evaluate(() => Notification.permission)).toBe('granted')
  await connect(page, 'Demo appliance (built-in simulator)')
  await expectConsole(page, '(current) UNIX password:')
  await firstLogin(page, ADMIN)

  // In front: the question is on screen, nothing else is raised.
  let init = await fillHsmInit(page)
  await init.getByRole('button', { name: 'Initialise the HSM' }).click()
  const ask = question(page)
  await expect(ask).toBeVisible({ timeout: 15_000 })
  await page.waitForTimeout(500)
  expect(await shown(page)).toEqual([])
  await ask.getByRole('button', { name: 'Stop (quit)' }).click()
  await expect(init.getByRole('region', { name: /^Result:/ }).getByRole('status')).toContainText('declined', {
    timeout: 20_000,
  })

  // The operator fills the form, presses Run and goes to another window.
  init = await fillHsmInit(page)
  // Playwright tells every page it has the focus; with that turned off, the browser's own focus decides, as on a
  // desktop, and another page in front takes it.
  const cdp: CDPSession = await context.newCDPSession(page)
  await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false })
  const elsewhere = await context.newPage()
  await elsewhere.setContent('<title>Another program</title><p>The operator reads the HID guide here.</p>')
  await elsewhere.bringToFront()
  expect(await page.evaluate(() => document.hasFocus())).toBe(false)

  // Playwright's click would give the page the focus back (a real click comes before the switch, which Playwright
  // cannot order): the same click event, dispatched, starts the step without it.
  await init.getByRole('button', { name: 'Initialise the HSM' }).dispatchEvent('click')
  await expect(ask).toBeVisible({ timeout: 15_000 })
  expect(await page.evaluate(() => document.hasFocus())).toBe(false)
  await expect.poll(() => shown(page), { timeout: 10_000 }).toHaveLength(1)
  const [note] = await shown(page)
  expect(note!.title).toBe('Initialise the HSM')
  expect(note!.body).toContain('hsm init -label luna-sa-1')
  // Still one: the question raised one notification, not one per screen update.
  await page.waitForTimeout(1000)
  expect(await shown(page)).toHaveLength(1)

  await page.bringToFront()
  await ask.getByRole('button', { name: 'Stop (quit)' }).click()
  await expect(init.getByRole('region', { name: /^Result:/ }).getByRole('status')).toContainText('declined', {
    timeout: 20_000,
  })
  expect(await shown(page)).toHaveLength(1)
})
