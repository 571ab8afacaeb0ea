/**
 * Chromium driven over the DevTools protocol (chrome-remote-interface) with only the domains a benchmark uses:
 * Runtime, Page, Input, HeapProfiler and Tracing, never Network.
 *
 * Why not Playwright here: Playwright enables the Network domain on every page and worker it attaches to, so
 * Chromium reports each WebSocket frame to the driver, base64-encoded when binary. In a 20 MiB console flood
 * that cost about 850 ms of CPU per run (the socket worker ~270 ms, the browser process ~320 ms, Playwright's
 * client in the host's process ~90 ms): work the desktop app, with no debugger attached, never does, and on two
 * cores it took a core away from the page being measured. The e2e specs still use Playwright.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import CDP from 'chrome-remote-interface'
import { disableFeaturesValue } from '../electron/chromium-switches'
import { chromiumArgs, chromiumPath } from '../tests/support/chromium'

export interface DevtoolsPage {
  /** The page's own DevTools client: send any command, e.g. `page.cdp.Input.dispatchKeyEvent(...)`. */
  readonly cdp: CDP.Client
  /** Runs `fn(arg)` in the page (a serialisable function: no closures) and resolves with its result. */
  evaluate<A, T>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T>
  evaluate<T>(fn: () => T | Promise<T>): Promise<T>
  /** Polls `fn(arg)` in the page until it is truthy. */
  waitFor<A>(fn: (arg: A) => unknown, arg: A, timeoutMs?: number): Promise<void>
  waitFor(fn: () => unknown): Promise<void>
  /** Navigates and waits for the load event. */
  goto(url: string): Promise<void>
  close(): Promise<void>
}

export interface DevtoolsChromium {
  newPage(): Promise<DevtoolsPage>
  close(): Promise<void>
}

const viewport = { width: 1280, height: 800 }

async function devtoolsPort(userDataDir: string, browser: ChildProcess): Promise<number> {
  for (let i = 0; i < 300; i++) {
    if (browser.exitCode !== null) throw new Error(`Chromium exited (${browser.exitCode}) before it listened`)
    try {
      const port = Number(readFileSync(join(userDataDir, 'DevToolsActivePort'), 'utf8').split('\n')[0])
      if (port > 0) return port
    } catch {
      // not written yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('Chromium did not open its DevTools port within 15 s')
}

export async function launchDevtoolsChromium(): Promise<DevtoolsChromium> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'rackside-bench-chromium-'))
  const browser = spawn(
    chromiumPath(),
    [
      ...chromiumArgs,
      // As Playwright launches it for the e2e specs: a page is never throttled as a background tab.
      '--disable-background-timer-throttling',
      '--disable-backgrounding-occluded-windows',
      '--disable-renderer-backgrounding',
      '--disable-field-trial-config',
      '--disable-dev-shm-usage',
      '--disable-extensions',
      // The Chromium features the desktop app turns off, so the page runs as it does in the app.
      `--disable-features=${disableFeaturesValue(undefined)}`,
      '--headless',
      '--remote-debugging-port=0',
      `--user-data-dir=${userDataDir}`,
      `--window-size=${viewport.width},${viewport.height}`,
      'about:blank',
    ],
    { stdio: 'ignore' },
  )
  const port = await devtoolsPort(userDataDir, browser)
  const pages: DevtoolsPage[] = []

  return {
    async newPage() {
      const target = await CDP.New({ port })
      await CDP.Activate({ port, id: target.id })
      const cdp = await CDP({ port, target, local: true })
      // tsx keeps function names with a __name() helper that does not exist inside the page: defined in every
      // document the page loads, and in the blank one it has now (a page that is never navigated needs it too).
      const nameHelper = 'globalThis.__name = (f) => f'
      await cdp.Page.addScriptToEvaluateOnNewDocument({ source: nameHelper })
      await cdp.Runtime.evaluate({ expression: nameHelper })
      await cdp.Page.enable()
      await cdp.Emulation.setDeviceMetricsOverride({ ...viewport, deviceScaleFactor: 1, mobile: false })

      const run = async (source: string): Promise<unknown> => {
        const { result, exceptionDetails } = await cdp.Runtime.evaluate({
          expression: source,
          awaitPromise: true,
          returnByValue: true,
        })
        if (exceptionDetails)
          throw new Error(`in the page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`)
        return result.value
      }
      const call = (fn: (arg: never) => unknown, arg: unknown): string =>
        `(${fn.toString()})(${arg === undefined ? '' : JSON.stringify(arg)})`

      const page: DevtoolsPage = {
        cdp,
        evaluate: (fn: (arg: never) => unknown, arg?: unknown) => run(call(fn, arg)) as Promise<never>,
        async waitFor(fn: (arg: never) => unknown, arg?: unknown, timeoutMs = 10_000) {
          const deadline = performance.now() + timeoutMs
          while (!(await run(call(fn, arg)))) {
            if (performance.now() > deadline)
              throw new Error(`the page never satisfied ${fn.toString().slice(0, 200)}`)
            await new Promise((resolve) => setTimeout(resolve, 20))
          }
        },
        async goto(url) {
          const loaded = cdp.Page.loadEventFired()
          await cdp.Page.navigate({ url })
          await loaded
        },
        async close() {
          await cdp.close()
          await CDP.Close({ port, id: target.id })
        },
      }
      pages.push(page)
      return page
    },
    async close() {
      for (const page of pages) await page.close().catch(() => undefined)
      const exited = new Promise((resolve) => browser.once('exit', resolve))
      // Browser.close lets Chromium shut down its helper processes and finish its profile writes, so the
      // profile folder can be removed; a signal leaves helpers writing into it for a while.
      if (browser.exitCode === null) {
        const { webSocketDebuggerUrl } = await CDP.Version({ port })
        const control = await CDP({ target: webSocketDebuggerUrl, local: true })
        await control.Browser.close().catch(() => undefined)
        await control.close().catch(() => undefined)
        const killer = setTimeout(() => browser.kill('SIGKILL'), 10_000)
        await exited
        clearTimeout(killer)
      }
      try {
        rmSync(userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 })
      } catch (error) {
        // A leftover temporary profile must not cost the run its figures.
        process.stderr.write(`could not remove ${userDataDir}: ${(error as Error).message}\n`)
      }
    },
  }
}
