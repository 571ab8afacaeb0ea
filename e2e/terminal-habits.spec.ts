/**
 * The habits PuTTY, Tera Term and OpenSSH users bring, in Chromium against the browser host: console settings
 * that outlive the host (kept in the data folder, not in the page's origin), copy on select and right-click paste,
 * a question before a paste of several lines reaches lunash, the tab shortcuts, find, and closing a tab.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { bufferText, connect, expect, startWebHost, stopWebHost, test, typeDemoFirstLogin } from './fixtures'

const PASSWORD = 'Hab1ts-Rack7'
const pane = (page: Page) => page.locator('.console-pane:not([hidden])')
const settings = (page: Page) => page.getByRole('region', { name: 'Console settings' })

async function loginToDemo(page: Page): Promise<void> {
  await typeDemoFirstLogin(page, PASSWORD)
}

async function saveSetting(page: Page, change: () => Promise<unknown>): Promise<void> {
  await change()
  await expect(settings(page).getByRole('status', { name: 'Console settings saved' })).toBeVisible()
}

test('font size and colour scheme outlive a restart of the browser host on another port', async ({
  page,
}) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rackside-habits-'))
  try {
    const first = await startWebHost([], { RACKSIDE_DATA_DIR: dataDir })
    try {
      await page.goto(`${first.url}&e2e=1`)
      const size = settings(page).getByRole('spinbutton', { name: 'Font size' })
      await expect(size).toHaveValue('14')
      await saveSetting(page, async () => {
        await size.fill('19')
        await size.press('Enter')
      })
      await saveSetting(page, () =>
        settings(page).getByRole('combobox', { name: 'Colour scheme' }).selectOption({ label: 'Light' }),
      )
      // A value out of range is refused with a reason, and the field shows what is kept.
      await size.fill('90')
      await size.press('Enter')
      await expect(settings(page).getByRole('alert')).toContainText('fontSize')
      await expect(size).toHaveValue('19')
    } finally {
      await stopWebHost(first)
    }

    const second = await startWebHost([], { RACKSIDE_DATA_DIR: dataDir })
    try {
      // Another port, so another origin: nothing could come from the page's own storage.
      expect(new URL(second.url).origin).not.toBe(new URL(first.url).origin)
      await page.goto(`${second.url}&e2e=1`)
      await expect(settings(page).getByRole('spinbutton', { name: 'Font size' })).toHaveValue('19')
      await expect(settings(page).getByRole('combobox', { name: 'Colour scheme' })).toHaveValue('light')
      await connect(page, 'Local terminal')
      await expect(page.getByLabel('Connection state')).toHaveText('Connected · Local terminal')
      // The console is drawn light (the page around it stays dark) in the larger font.
      await expect
        .poll(() =>
          pane(page)
            .locator('.xterm-viewport')
            .evaluate((e) => getComputedStyle(e).backgroundColor),
        )
        .toBe('rgb(251, 251, 248)')
      expect(await page.evaluate(() => window.__racksideTerm!.options.fontSize)).toBe(19)
    } finally {
      await stopWebHost(second)
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
})

test('copy on select, right-click paste, and a multi-line paste that asks first', async ({
  page,
  context,
  webHost,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await page.goto(`${webHost.url}&e2e=1`)
  await saveSetting(page, () => settings(page).getByRole('checkbox', { name: 'Copy on select' }).check())
  await saveSetting(page, () => settings(page).getByRole('checkbox', { name: 'Right-click pastes' }).check())
  await loginToDemo(page)
  await page.keyboard.type('hsm show')
  await page.keyboard.press('Enter')
  await expect.poll(() => bufferText(page)).toMatch(/Serial #:\s+\d+[\s\S]*lunash:>\s*$/)

  // Selecting a line (a triple click on the prompt) puts it on the clipboard, with no key pressed.
  await page.evaluate(() => navigator.clipboard.writeText('nothing copied yet'))
  const prompt = pane(page)
    .locator('.xterm-rows > div', { hasText: /lunash:>/ })
    .last()
  const box = (await prompt.boundingBox())!
  await page.mouse.click(box.x + 30, box.y + box.height / 2, { clickCount: 3 })
  const selected = await page.evaluate(() => window.__racksideTerm!.getSelection())
  expect(selected).toMatch(/lunash:>/)
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(selected)

  // Several lines on the clipboard: Ctrl+Shift+V shows them and asks; Cancel sends nothing.
  const lines = 'hsm show\nsysconf show'
  await page.evaluate((text) => navigator.clipboard.writeText(text), lines)
  await pane(page).locator('.xterm-helper-textarea').focus()
  await page.keyboard.press('Control+Shift+V')
  const ask = page.getByRole('dialog', { name: 'Paste 2 lines?' })
  await expect(ask.getByLabel('Lines to paste')).toHaveText(lines)
  await expect(ask.getByRole('button', { name: 'Cancel' })).toBeFocused()
  await ask.getByRole('button', { name: 'Cancel' }).click()
  await expect(ask).toBeHidden()
  // Had anything been sent, the appliance would have echoed it after the prompt within a moment.
  await page.waitForTimeout(1500)
  expect(await bufferText(page)).toMatch(/lunash:>\s*$/)
  expect(await bufferText(page)).not.toMatch(/sysconf show/)

  // Escape cancels too; Paste sends both lines.
  await pane(page).locator('.xterm-helper-textarea').focus()
  await page.keyboard.press('Control+Shift+V')
  await expect(ask).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(ask).toBeHidden()
  await pane(page).locator('.xterm-helper-textarea').focus()
  await page.keyboard.press('Control+Shift+V')
  await ask.getByRole('button', { name: 'Paste' }).click()
  await expect.poll(() => bufferText(page)).toMatch(/lunash:>sysconf show/)
  await expect.poll(async () => (await bufferText(page)).match(/lunash:>hsm show/g)?.length).toBe(2)

  // The last line has no line break of its own: it waits at the prompt, as typed.
  await page.keyboard.press('Enter')
  await expect.poll(() => bufferText(page)).toMatch(/Command Result[^\n]*\n[^\n]*lunash:>\s*$/)

  // A right click pastes a single line at once.
  await page.evaluate(() => navigator.clipboard.writeText('hsm show'))
  await pane(page).locator('.terminal-host').click({ button: 'right' })
  await expect.poll(() => bufferText(page)).toMatch(/lunash:>hsm show$/)
})

test('tab shortcuts, arrow keys, find, and the close button', async ({ page, webHost }) => {
  await page.goto(`${webHost.url}&e2e=1`)
  await loginToDemo(page)
  const demoTab = page.getByRole('tab').last()
  const home = page.getByRole('tab', { name: 'Connections' })
  await expect(demoTab).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByRole('tabpanel', { name: await demoTab.innerText() })).toBeVisible()

  // Ctrl+Tab from the console: the next tab (wrapping to Connections); Ctrl+Shift+Tab back.
  await page.keyboard.press('Control+Tab')
  await expect(home).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByRole('tabpanel', { name: 'Connections' })).toBeVisible()
  await page.keyboard.press('Control+Shift+Tab')
  await expect(demoTab).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('Control+PageDown')
  await expect(home).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('Control+PageUp')
  await expect(demoTab).toHaveAttribute('aria-selected', 'true')
  // Nothing of those keys reached the appliance.
  expect(await bufferText(page)).toMatch(/lunash:>\s*$/)

  // In the tab strip, arrow keys move between the tabs; Enter opens the one with the focus.
  await demoTab.focus()
  await page.keyboard.press('Home')
  await expect(home).toBeFocused()
  await page.keyboard.press('End')
  await expect(demoTab).toBeFocused()
  await page.keyboard.press('ArrowRight')
  await expect(home).toBeFocused()
  await page.keyboard.press('ArrowLeft')
  await page.keyboard.press('ArrowLeft')
  const client = page.getByRole('tab', { name: 'Client side (CMS)' })
  await expect(client).toBeFocused()
  await expect(demoTab).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('ArrowRight')
  await page.keyboard.press('ArrowRight')
  await expect(home).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(home).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByRole('tabpanel', { name: 'Connections' })).toBeVisible()
  await demoTab.click()

  // Find: Ctrl+Shift+F goes to the find box; the match is selected and counted.
  await pane(page).locator('.terminal-host').click()
  await page.keyboard.type('hsm show')
  await page.keyboard.press('Enter')
  await expect.poll(() => bufferText(page)).toMatch(/Serial #:\s+\d+/)
  await page.keyboard.press('Control+Shift+F')
  const findBox = pane(page).getByRole('searchbox', { name: 'Find in console' })
  await expect(findBox).toBeFocused()
  await findBox.fill('Serial #')
  await findBox.press('Enter')
  await expect(pane(page).getByRole('status', { name: 'Find results' })).toHaveText(/^1 of \d+$/)
  await expect.poll(() => page.evaluate(() => window.__racksideTerm!.getSelection())).toBe('Serial #')
  // Every match is highlighted, not only the selected one.
  await expect(pane(page).locator('.xterm-find-result-decoration').first()).toBeVisible()
  await findBox.fill('no such text anywhere')
  await findBox.press('Enter')
  await expect(pane(page).getByRole('status', { name: 'Find results' })).toHaveText('No match')
  await expect(pane(page).locator('.xterm-find-result-decoration')).toHaveCount(0)

  // The close button on a live console's tab asks first; Cancel keeps it, Disconnect and close closes it.
  const label = await demoTab.innerText()
  await page.getByRole('button', { name: `Close ${label}` }).click()
  const ask = page.getByRole('dialog', { name: `Close ${label}?` })
  await ask.getByRole('button', { name: 'Cancel' }).click()
  await expect(demoTab).toBeVisible()
  await page.getByRole('button', { name: `Close ${label}` }).click()
  await ask.getByRole('button', { name: 'Disconnect and close' }).click()
  await expect(page.getByRole('tab', { name: label })).toHaveCount(0)
  await expect(home).toHaveAttribute('aria-selected', 'true')

  // Ctrl+Shift+W closes a console's tab, asking while it is connected.
  await connect(page, 'Local terminal')
  await expect(page.getByLabel('Connection state')).toHaveText('Connected · Local terminal')
  await page.keyboard.press('Control+Shift+W')
  await page
    .getByRole('dialog', { name: 'Close Local terminal?' })
    .getByRole('button', { name: 'Disconnect and close' })
    .click()
  await expect(page.getByRole('tab', { name: 'Local terminal' })).toHaveCount(0)
})

test('a scrollback kept by an earlier version moves to the data folder; screen reader support', async ({
  page,
}) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rackside-habits-'))
  const host = await startWebHost([], { RACKSIDE_DATA_DIR: dataDir })
  try {
    // Earlier versions kept the scrollback length in the page's localStorage.
    await page.goto(`${host.url}&e2e=1`)
    await page.evaluate(() => localStorage.setItem('rackside.scrollback', '2500'))
    await page.reload()
    await expect(settings(page).getByRole('spinbutton', { name: 'Scrollback lines' })).toHaveValue('2500')
    expect(await page.evaluate(() => localStorage.getItem('rackside.scrollback'))).toBeNull()
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'))).toMatchObject({
      scrollback: 2500,
    })

    // With screen reader support on, the console's text is in an accessible tree a screen reader reads.
    await saveSetting(page, () =>
      settings(page).getByRole('checkbox', { name: 'Screen reader support' }).check(),
    )
    await connect(page, 'Local terminal')
    await expect(page.getByLabel('Connection state')).toHaveText('Connected · Local terminal')
    await pane(page).locator('.terminal-host').click()
    await page.keyboard.type('echo read-aloud-$((6*7))')
    await page.keyboard.press('Enter')
    await expect(pane(page).locator('.xterm-accessibility-tree')).toContainText('read-aloud-42')
  } finally {
    await stopWebHost(host)
    rmSync(dataDir, { recursive: true, force: true })
  }
})
