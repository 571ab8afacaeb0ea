/**
 * What makes the console pleasant to work in, against the demo appliance in Chromium: find in the scrollback,
 * copy and paste with Ctrl+Shift+C / Ctrl+Shift+V, a web link that opens, the terminal following the window's
 * size, the Transcript button, and the WebGL renderer falling back to the DOM renderer when its context is lost
 * or the machine has no WebGL at all (emulated by hiding WebGL from the page: it cannot be unplugged here), and
 * a console whose transcript cannot be written saying so.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import {
  bufferText,
  connect,
  expect,
  expectConsole,
  startWebHost,
  stopWebHost,
  test,
  typeDemoFirstLogin,
} from './fixtures'

const PASSWORD = 'Qual1ty-Rack7'
const pane = (page: Page) => page.locator('.console-pane:not([hidden])')
/** The active terminal's width in columns. */
const columns = (page: Page) => page.evaluate(() => window.__racksideTerm!.cols)

async function loginToDemo(page: Page, url: string, query = ''): Promise<void> {
  await page.goto(`${url}&e2e=1${query}`)
  await typeDemoFirstLogin(page, PASSWORD)
}

test('find, copy, paste, a web link, fitting the window and the transcript', async ({
  page,
  context,
  webHost,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await loginToDemo(page, webHost.url)
  await page.keyboard.type('hsm show')
  await page.keyboard.press('Enter')
  await expectConsole(page, /Serial #:\s+\d+/)

  // Find: the match is selected in the terminal.
  await pane(page).getByRole('searchbox', { name: 'Find in console' }).fill('Serial #')
  await pane(page).getByRole('button', { name: 'Find' }).click()
  await expect.poll(() => page.evaluate(() => window.__racksideTerm!.getSelection())).toBe('Serial #')

  // Copy the selection with Ctrl+Shift+C.
  await page.evaluate(() => navigator.clipboard.writeText('nothing copied yet'))
  await pane(page).locator('.xterm-helper-textarea').focus()
  await page.keyboard.press('Control+Shift+C')
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('Serial #')

  // Paste with Ctrl+Shift+V: the text goes to the appliance, as typed.
  await page.evaluate(() => navigator.clipboard.writeText('hsm show'))
  await page.keyboard.press('Control+Shift+V')
  await expectConsole(page, /lunash:>hsm show\s*$/m) // once: not pasted twice
  await page.keyboard.press('Enter')
  await expect.poll(async () => (await bufferText(page)).match(/Serial #:/g)?.length).toBe(2)

  // A web address in the console opens when clicked (in the browser host: a new tab).
  const link = 'https://thalesdocs.com/gphsm/luna/7/'
  await context.route('https://thalesdocs.com/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<title>Luna docs</title>' }),
  )
  await page.keyboard.type(link)
  await expectConsole(page, link)
  const onScreen = pane(page).locator('.xterm-rows span', { hasText: 'thalesdocs' }).last()
  // A blinking cursor redraws the row, so a span found a moment ago may be gone: measure until one holds still.
  const measure = async () => {
    for (let i = 0; i < 50; i++) {
      const b = await onScreen.boundingBox()
      if (b) return b
      await page.waitForTimeout(50)
    }
    throw new Error('the link never held still on screen')
  }
  const box = await measure()
  const opened = context.waitForEvent('page')
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  await page.mouse.move(box.x + box.width / 2 + 2, box.y + box.height / 2)
  await page.mouse.click(box.x + box.width / 2 + 2, box.y + box.height / 2)
  const tab = await opened
  await tab.waitForLoadState()
  expect(tab.url()).toBe(link)
  await tab.close()
  await pane(page).locator('.terminal-host').click()
  await page.keyboard.press('Control+U')

  // The terminal follows the window: wider window, more columns (and the appliance is told).
  const cols = await columns(page)
  const size = page.viewportSize()!
  await page.setViewportSize({ width: size.width + 300, height: size.height })
  await expect.poll(() => columns(page)).toBeGreaterThan(cols + 20)

  // The browser host cannot open a folder: the button says where the transcript is.
  await pane(page).getByRole('button', { name: 'Transcript' }).click()
  await expect(pane(page).getByRole('status', { name: 'Console notice' })).toContainText(
    /This session's transcript: .*transcripts\/\S+\.log/,
  )
})

test.describe('the WebGL renderer', () => {
  test('falls back to the DOM renderer when its context is lost, and the console goes on', async ({
    page,
    webHost,
  }) => {
    await loginToDemo(page, webHost.url, '&renderer=webgl')
    const host = pane(page).locator('.terminal-host')
    await expect(host).toHaveAttribute('data-renderer', 'webgl')
    await expect(pane(page).locator('.xterm-screen canvas').first()).toBeVisible()

    await page.evaluate(() => {
      for (const canvas of document.querySelectorAll('.console-pane:not([hidden]) canvas'))
        (canvas as HTMLCanvasElement).getContext('webgl2')?.getExtension('WEBGL_lose_context')?.loseContext()
    })
    await expect(host).toHaveAttribute('data-renderer', 'dom')
    await page.keyboard.type('hsm show')
    await page.keyboard.press('Enter')
    await expectConsole(page, /Serial #:\s+\d+/)
  })

  test('is not used on a machine without WebGL: the DOM renderer draws from the start', async ({
    page,
    webHost,
  }) => {
    await page.addInitScript(() => {
      const getContext = HTMLCanvasElement.prototype.getContext
      HTMLCanvasElement.prototype.getContext = function (
        this: HTMLCanvasElement,
        kind: string,
        ...rest: unknown[]
      ) {
        if (kind === 'webgl' || kind === 'webgl2' || kind === 'experimental-webgl') return null
        return (getContext as (...a: unknown[]) => RenderingContext | null).call(this, kind, ...rest)
      } as typeof getContext
    })
    await loginToDemo(page, webHost.url, '&renderer=webgl')
    await expect(pane(page).locator('.terminal-host')).toHaveAttribute('data-renderer', 'dom')
    await expectConsole(page, /lunash:>\s*$/m)
  })
})

test('a console whose transcript cannot be kept works, and says so in the scrollback and the toolbar', async ({
  page,
}) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rackside-e2e-no-transcript-'))
  writeFileSync(join(dataDir, 'transcripts'), 'a file where the folder should be')
  const host = await startWebHost([], { RACKSIDE_DATA_DIR: dataDir })
  try {
    await page.goto(host.url)
    await connect(page, 'Demo appliance (built-in simulator)')
    await expectConsole(page, /No transcript for this console: a file stands where the folder should be/)
    await expectConsole(page, '(current) UNIX password:')
    const stopped = pane(page).getByRole('status').filter({ hasText: 'No transcript' })
    await expect(stopped).toHaveAttribute('title', /nothing of it is recorded/)
    await expect(pane(page).getByRole('button', { name: 'Transcript' })).toHaveCount(0)
  } finally {
    await stopWebHost(host)
    rmSync(dataDir, { recursive: true, force: true })
  }
})
