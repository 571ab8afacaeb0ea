/**
 * The browser's own share of the keystroke path, for reading figure (b): a character from a page's main thread
 * to a dedicated worker, over the worker's WebSocket to an echo server in this process (where the host runs),
 * and back the same way, as binary, to the main thread. The app's echo takes this path too (the socket lives
 * in renderer/bridge/socket-worker.ts), plus the host, SSH and xterm.js; none of this lane is app code.
 *
 * It runs in a second page of the same Chromium (about:blank, so no content security policy stands in the way
 * of a blob worker or the echo server's port), with an idle main thread: a floor, not the app's exact cost.
 */
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import type { DevtoolsChromium } from './devtools-chromium'

export interface BrowserFloor {
  /** ms from the page's post to the worker until the echo is back on the page's main thread. */
  roundTrip(ch: string): Promise<number>
  close(): Promise<void>
}

declare global {
  interface Window {
    __floorRoundTrip?: (ch: string) => Promise<number>
  }
}

export async function startBrowserFloor(browser: DevtoolsChromium): Promise<BrowserFloor> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await new Promise<void>((resolve) => server.once('listening', resolve))
  server.on('connection', (socket) =>
    socket.on('message', (data) => socket.send(Buffer.from(String(data)), { binary: true })),
  )
  const page = await browser.newPage()
  await page.evaluate(
    (url) =>
      new Promise<void>((resolve, reject) => {
        const source = `
          let socket
          onmessage = ({ data }) => {
            if (socket) return socket.send(data)
            socket = new WebSocket(data)
            socket.binaryType = 'arraybuffer'
            socket.onopen = () => postMessage({ open: true })
            socket.onmessage = ({ data }) => postMessage({ echo: new TextDecoder().decode(data) })
          }`
        const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })))
        let waiting: ((echo: string) => void) | undefined
        worker.onmessage = ({ data }: MessageEvent<{ open?: true; echo?: string }>) => {
          if (data.open) resolve()
          else if (data.echo !== undefined) waiting?.(data.echo)
        }
        worker.onerror = () => reject(new Error('the floor worker failed'))
        worker.postMessage(url)
        window.__floorRoundTrip = (ch) =>
          new Promise<number>((done) => {
            const t0 = performance.now()
            waiting = (echo) => {
              if (echo === ch) done(performance.now() - t0)
            }
            worker.postMessage(ch)
          })
      }),
    `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
  )
  return {
    roundTrip: (ch) => page.evaluate((c) => window.__floorRoundTrip!(c), ch),
    async close() {
      await page.close()
      for (const client of server.clients) client.terminate()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
