/**
 * The app's modal dialogs, driven from the keyboard in Chromium against the browser host, the way someone who
 * does not use a mouse meets them: focus starts on the safe choice, Tab and Shift+Tab stay inside the dialog,
 * Escape takes the safe way out (the host key is not trusted, nothing is signed, the appliance is told "quit"),
 * and focus goes back to where it was.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import {
  connect,
  expect,
  expectConsole,
  fillHsmInit,
  firstLogin,
  startSshSimulator,
  stopSshSimulator,
  test,
  type SshSimulator,
  visibleConsole,
} from './fixtures'

const ADMIN = 'Dialog$-2026-rack'

// Profiles, known hosts and transcripts of this run go to a throwaway data folder (the web host inherits it).
const dataDir = mkdtempSync(join(tmpdir(), 'rackside-e2e-dialogs-'))
process.env.RACKSIDE_DATA_DIR = dataDir

let simulator: SshSimulator | undefined

/** A simulated appliance the app has never met, as its own program, on a random loopback port. */
test.beforeAll(async () => {
  simulator = await startSshSimulator()
})

test.afterAll(async () => {
  await stopSshSimulator(simulator)
  rmSync(dataDir, { recursive: true, force: true })
})

/** Presses Tab (or Shift+Tab) `times` times and names the button or field that has focus after each press. */
async function tabThrough(page: Page, times: number, shift = false): Promise<string[]> {
  const seen: string[] = []
  for (let i = 0; i < times; i++) {
    await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab')
    seen.push(
      await page.evaluate(() => {
        const el = document.activeElement as HTMLInputElement | null
        if (!el?.closest('dialog[open]')) return `(outside) ${el?.tagName ?? 'nothing'}`
        const label = el.labels?.[0]?.childNodes[0]?.textContent
        return el.getAttribute('aria-label') || label?.trim() || el.textContent?.trim() || ''
      }),
    )
  }
  return seen
}

async function expectModal(dialog: Locator, description: RegExp) {
  await expect(dialog).toHaveAttribute('aria-modal', 'true')
  await expect(dialog).toHaveAccessibleDescription(description)
}

const dock = (page: Page) => page.getByRole('complementary', { name: 'Guided procedures' })

test('an unknown host key: Cancel has the focus, Tab stays inside, Escape trusts nothing', async ({
  page,
  webHost,
}) => {
  await page.goto(webHost.url)
  await page.getByRole('button', { name: 'New SSH profile' }).click()
  await page.getByRole('textbox', { name: 'Name' }).fill('Rack 9 HSM')
  await page.getByRole('textbox', { name: 'Host' }).fill('127.0.0.1')
  await page.getByRole('spinbutton', { name: 'Port' }).fill(String(simulator!.port))
  await page.getByRole('button', { name: 'Save profile' }).click()
  await connect(page, 'Rack 9 HSM')

  const dialog = page.getByRole('dialog', { name: 'Unknown host key' })
  await expect(dialog).toBeVisible()
  await expect(dialog).toHaveAccessibleName(
    `Unknown host key First connection to 127.0.0.1:${simulator!.port}`,
  )
  await expectModal(dialog, /Compare it with what sysconf fingerprint ssh prints/)
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused()
  // The rest of the window cannot be reached while the question is open.
  expect(await tabThrough(page, 4)).toEqual(['Accept once', 'Accept and remember', 'Cancel', 'Accept once'])
  expect(await tabThrough(page, 2, true)).toEqual(['Cancel', 'Accept and remember'])

  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
  await expect(page.getByRole('status', { name: 'Connection status' })).toContainText(
    'Not connected: the host key SHA256:',
  )
  // Focus is back in the console it was in when the question came up.
  await expect(visibleConsole(page).locator('textarea')).toBeFocused()
  // Nothing was remembered: the Connections page lists no key.
  await page.getByRole('tab', { name: 'Connections' }).click()
  await expect(page.getByRole('region', { name: 'Known SSH host keys' })).toContainText(
    'Rackside remembers no host keys yet.',
  )
})

test('sign-off and a destructive confirmation: focus, Tab, Escape, and nothing signed or done', async ({
  page,
  webHost,
}) => {
  test.setTimeout(120_000)
  await page.setViewportSize({ width: 1500, height: 950 })
  await page.goto(webHost.url)
  await connect(page, 'Demo appliance (built-in simulator)')
  await expectConsole(page, '(current) UNIX password:')

  // Sign-off: the Operator field first; Escape closes it with nothing written.
  const opener = page.getByRole('button', { name: 'Sign off…' })
  await opener.click()
  const signOff = page.getByRole('dialog', { name: 'Sign off this console' })
  await expectModal(signOff, /written into the transcript and sealed/)
  await expect(signOff.getByLabel('Operator')).toBeFocused()
  await page.keyboard.type('Jane Roe')
  expect(await tabThrough(page, 5)).toEqual([
    'Witness (optional)',
    'Deviations from the procedure, one a line (optional)',
    'Sign off',
    'Cancel',
    'Operator',
  ])
  await expect(signOff.getByLabel('Operator')).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(signOff).toHaveCount(0)
  await expect(opener).toBeFocused()

  await firstLogin(page, ADMIN)

  // hsm init asks to type the label; focus is on Stop (quit), and Escape is Stop.
  const init = await fillHsmInit(page)
  const run = init.getByRole('button', { name: 'Initialise the HSM' })
  await run.click()
  const ask = dock(page).getByRole('alertdialog', { name: 'Destructive command: confirm' })
  await expect(ask).toBeVisible({ timeout: 15_000 })
  await expectModal(ask, /hsm init -label luna-sa-1/)
  await expect(ask.getByRole('button', { name: 'Stop (quit)' })).toBeFocused()
  // "Go ahead" is disabled until the label is typed, so Tab goes between the field and Stop only.
  expect(await tabThrough(page, 3)).toEqual([
    'Type luna-sa-1 to go ahead',
    'Stop (quit)',
    'Type luna-sa-1 to go ahead',
  ])
  expect(await tabThrough(page, 1, true)).toEqual(['Stop (quit)'])
  await page.keyboard.press('Escape')
  await expect(ask).toHaveCount(0)
  const result = init.getByRole('region', { name: /^Result:/ })
  await expect(result.getByRole('status')).toContainText('declined', { timeout: 20_000 })
  await expectConsole(page, /\bquit\b/)
  // Focus returns to the button that started the command, once the command has ended.
  await expect(run).toBeFocused()

  // The transcript holds no sign-off.
  const transcripts = join(dataDir, 'transcripts')
  const text = readdirSync(transcripts)
    .map((f) => readFileSync(join(transcripts, f), 'utf8'))
    .join('\n')
  expect(text).toContain('hsm init -label luna-sa-1')
  expect(text).not.toContain('Jane Roe')
})
