/**
 * (b) Keystroke-to-echo latency at the simulator's lunash prompt, as the operator feels it: a key pressed in
 * the app's console page until its echo is in xterm.js's buffer, against a raw ssh2 shell round trip to the same
 * simulator. Goal: median added < 5 ms.
 *
 * Four lanes to one simulated appliance, interleaved sample by sample (each lane takes each place in the order
 * equally often, so none always runs first on a busy machine); each keystroke is rubbed out with DEL at once:
 *
 * - key (the figure): Debian's Chromium on the browser host (the same host and renderer as the desktop app,
 *   and the Chromium features the app turns off turned off: electron/chromium-switches.ts), logged in to the
 *   demo appliance, driven over the DevTools protocol (devtools-chromium.ts). Node presses a key (CDP Input.dispatchKeyEvent: a trusted keydown into
 *   xterm's textarea); the page takes both timestamps with performance.now(): t0 is the keydown event's
 *   timeStamp (when the browser took the key), t1 the first onWriteParsed after which the cursor line holds the
 *   character, i.e. the echo is in xterm's buffer. Between them: xterm's key handling → the console's write
 *   request → the socket worker (renderer/bridge/socket-worker.ts) → WebSocket → host → SSH session →
 *   simulator, and back through the output stages → a binary WebSocket frame → the worker, which decodes it and
 *   posts it to the page → the write coalescer → xterm's parser (synchronous here: xterm parses the first write
 *   after user input at once, not on a timer). Drawing is not in t1: xterm renders on the next animation frame,
 *   so the time to the first requestAnimationFrame callback after t1 (it runs after xterm's own, which the
 *   parse scheduled, so the DOM rows hold the echo; paint follows) is reported too, for information.
 * - input: the same page, the character handed to xterm.js as user input (term.input) with no DOM event: the
 *   same pipeline without Chromium's delivery of the key. With Chromium's default DeferRendererTasksAfterInput
 *   the page's tasks after a key press (the echo's message among them) wait for the next frame, which added
 *   ~5.5 ms here and put the echo on screen a frame late; the desktop app turns that feature off.
 * - host: the same host without the page (sessions.write request → SSH session → simulator → output stages →
 *   session.data event), timed in Node.
 * - raw: an ssh2 shell to the same appliance, channel.write until the echo's data event, timed in Node.
 *
 * Each figure is the median of per-sample differences (lane − raw of the same sample), so drift in the machine's
 * load between samples cancels; each lane's median is logged too. The simulator, the host and the DevTools
 * client share this process's event loop (the raw lane shares it too), so while the echo travels the client is
 * given as little to do as possible (the keyup goes after the echo).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ssh2 from 'ssh2'
import type { ClientChannel } from 'ssh2'
import type { Terminal } from '@xterm/xterm'
import { startBrowserFloor, type BrowserFloor } from './browser-floor'
import { connectProfile } from './connect-profile'
import { stealMeter } from './cpu-steal'
import { launchDevtoolsChromium, type DevtoolsPage } from './devtools-chromium'
import { createHost, type HostEvent } from '../electron/host/host'
import { startWebHost } from '../electron/web/server'
import { startSimulator } from '../simulator/index'
import type { BenchEntry } from './console'

const { Client } = ssh2

/** The appliance's first-login password change, done once in the page; the other lanes log in with the new one. */
const newPassword = 'B3nch-Latency'
const letters = 'abcdefghijklmnopqrstuvwxyz'

const log = (text: string) => process.stderr.write(`${text}\n`)
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}
const ms = (x: number) => `${x.toFixed(2)} ms`

/** In-page timestamps of one keystroke (performance.now() of the page). */
interface EchoTimes {
  /** The keydown event's timeStamp: when the browser received the key. */
  key: number
  /** The keydown reached the page's first listener. */
  keydown: number
  /** xterm emitted the character as input (the console sends it to the host from here). */
  input: number
  /** The echo is in xterm's buffer. */
  parsed: number
  /** The first animation frame callback after that. */
  frame: number
}

declare global {
  interface Window {
    __racksideTerm?: Terminal
    __benchEcho?: Promise<EchoTimes>
    __benchInput?: () => void
  }
}

/**
 * Console output collected in Node, with a waiter that resolves, with performance.now() taken as the data
 * arrives, once the text matches.
 */
class Tail {
  private text = ''
  private waiter: { match: (text: string) => boolean; resolve: (at: number) => void } | undefined

  push(data: string): void {
    this.text += data
    if (this.waiter?.match(this.text)) {
      const { resolve } = this.waiter
      this.waiter = undefined
      resolve(performance.now())
    }
  }

  clear(): void {
    this.text = ''
  }

  until(pattern: string | RegExp, what: string): Promise<number> {
    const match = (text: string) =>
      typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text)
    if (match(this.text)) return Promise.resolve(performance.now())
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined
        reject(new Error(`${what} never showed ${String(pattern)}: ${JSON.stringify(this.text.slice(-300))}`))
      }, 10_000)
      this.waiter = {
        match,
        resolve: (at) => {
          clearTimeout(timer)
          resolve(at)
        },
      }
    })
  }
}

/** Resolves once the line under the page console's cursor matches. */
async function pageShows(page: DevtoolsPage, pattern: RegExp): Promise<void> {
  await page.waitFor(
    ({ source, flags }) => {
      const b = window.__racksideTerm?.buffer.active
      return (
        !!b && new RegExp(source, flags).test(b.getLine(b.baseY + b.cursorY)?.translateToString(true) ?? '')
      )
    },
    { source: pattern.source, flags: pattern.flags },
  )
}

/**
 * A key pressed or released as Chromium receives it from the keyboard (CDP Input.dispatchKeyEvent, a trusted
 * event into the focused element): a lowercase letter, Backspace or Enter.
 */
async function keyEvent(page: DevtoolsPage, type: 'keyDown' | 'keyUp', key: string): Promise<void> {
  const named: Record<string, { code: string; keyCode: number; text?: string }> = {
    Backspace: { code: 'Backspace', keyCode: 8 },
    Enter: { code: 'Enter', keyCode: 13, text: '\r' },
  }
  const { code, keyCode, text } = named[key] ?? {
    code: `Key${key.toUpperCase()}`,
    keyCode: key.toUpperCase().charCodeAt(0),
    text: key,
  }
  await page.cdp.Input.dispatchKeyEvent({
    type: type === 'keyDown' && !text ? 'rawKeyDown' : type,
    key,
    code,
    windowsVirtualKeyCode: keyCode,
    ...(type === 'keyDown' && text ? { text, unmodifiedText: text } : {}),
  })
}

/** Types text into the focused console as key presses (letters, digits and punctuation as text input). */
async function typeText(page: DevtoolsPage, text: string): Promise<void> {
  for (const ch of text) {
    if (ch === '\r') {
      await keyEvent(page, 'keyDown', 'Enter')
      await keyEvent(page, 'keyUp', 'Enter')
    } else await page.cdp.Input.insertText({ text: ch })
  }
}

/** Opens the demo appliance's console in the page and does the first-login password change there. */
async function openPageConsole(page: DevtoolsPage, url: string): Promise<void> {
  await page.goto(`${url}&e2e=1&renderer=dom`)
  const demo = 'Demo appliance (built-in simulator)'
  await connectProfile(page, demo)
  await pageShows(page, /\(current\) UNIX password:\s*$/)
  await page.evaluate(() => window.__racksideTerm!.focus())
  await typeText(page, 'PASSWORD\r')
  await pageShows(page, /Enter new password:\s*$/)
  await typeText(page, `${newPassword}\r`)
  await pageShows(page, /Re-type new password:\s*$/)
  await typeText(page, `${newPassword}\r`)
  await pageShows(page, /lunash:>\s*$/)
}

/**
 * Types `ch` into the page's console and returns the page's own timestamps of it and its echo. 'key' presses
 * the key (a trusted keydown into xterm's textarea); 'input' hands the character to xterm.js as user input
 * (term.input), with no DOM event, so Chromium's delivery of the key is left out.
 */
async function pageKeystroke(page: DevtoolsPage, ch: string, how: 'key' | 'input'): Promise<EchoTimes> {
  await page.evaluate(
    ({ ch, how }) => {
      const term = window.__racksideTerm!
      window.__benchEcho = new Promise<EchoTimes>((resolve, reject) => {
        const buffer = () => term.buffer.active
        const x0 = buffer().cursorX
        let key: number | undefined
        let keydown: number | undefined
        let input: number | undefined
        // Capture on window: before xterm's own listener on its textarea.
        const onKeydown = (e: KeyboardEvent) => {
          if (e.key !== ch || keydown !== undefined) return
          keydown = performance.now()
          key = e.timeStamp
        }
        if (how === 'key') window.addEventListener('keydown', onKeydown, true)
        else
          window.__benchInput = () => {
            key = keydown = performance.now()
            term.input(ch, true)
          }
        const onData = term.onData((data) => {
          if (data === ch && input === undefined) input = performance.now()
        })
        const done = () => {
          clearTimeout(timer)
          window.removeEventListener('keydown', onKeydown, true)
          delete window.__benchInput
          onData.dispose()
          onParsed.dispose()
        }
        const onParsed = term.onWriteParsed(() => {
          const b = buffer()
          if (
            b.cursorX !== x0 + 1 ||
            b
              .getLine(b.baseY + b.cursorY)
              ?.getCell(x0)
              ?.getChars() !== ch
          )
            return
          const parsed = performance.now()
          done()
          if (key === undefined || keydown === undefined || input === undefined) {
            reject(new Error(`the echo of ${ch} came without its keystroke`))
            return
          }
          const times = { key, keydown, input, parsed }
          requestAnimationFrame(() => resolve({ ...times, frame: performance.now() }))
        })
        const timer = setTimeout(() => {
          done()
          reject(new Error(`no echo of ${ch} in the page within 10 s`))
        }, 10_000)
      })
    },
    { ch, how },
  )
  // The DevTools client runs in this process, beside the host and the simulator: while the echo travels it
  // should have as little to do as possible. So the key goes down alone (its keyup after the echo), and the
  // request for the result is already waiting in the page.
  if (how === 'input')
    return page.evaluate(() => {
      window.__benchInput!()
      return window.__benchEcho!
    })
  const echo = page.evaluate(() => window.__benchEcho!)
  await keyEvent(page, 'keyDown', ch)
  const times = await echo
  await keyEvent(page, 'keyUp', ch)
  return times
}

export async function benchLatency(samples = 100): Promise<BenchEntry[]> {
  const warmUp = 10
  const data = mkdtempSync(join(tmpdir(), 'rackside-bench-lat-'))
  const sim = await startSimulator({ host: '127.0.0.1', sshPort: 0 })
  const { ssh } = sim.appliances[0]!
  const appHost = createHost({
    kind: 'web',
    dataDir: data,
    version: 'bench',
    demo: {
      start: async () => ({
        host: ssh.host,
        port: ssh.port,
        hostKeyFingerprint: ssh.hostKeyFingerprint,
        serial: sim.appliances[0]!.serial,
      }),
      stop: async () => undefined,
    },
  })
  // The host lane's session is opened by this process (client 'default'); the page's belong to its socket.
  const hostTail = new Tail()
  appHost.events.on('event', (e: HostEvent) => {
    if (e.name !== 'session.data' || e.client !== 'default') return
    const { sessionId, data } = e.payload as HostEvent<'session.data'>['payload']
    hostTail.push(data)
    void appHost.dispatch('sessions.ack', { sessionId, chars: data.length })
  })
  const web = await startWebHost({ appHost })
  const browser = await launchDevtoolsChromium()
  const raw = new Client()
  let floor: BrowserFloor | undefined
  try {
    // Opened first: the page opened last is the active one, and the console's page must be.
    floor = await startBrowserFloor(browser)
    const page = await browser.newPage()
    await openPageConsole(page, web.url)

    // The host lane: the demo tries the factory password first, the appliance refuses it, the console asks.
    const opened = await appHost.dispatch('sessions.open', { profileId: 'demo', cols: 120, rows: 40 })
    if (!opened.ok) throw new Error(opened.error.message)
    const { sessionId } = opened.value as { sessionId: string }
    const hostType = (d: string) => appHost.dispatch('sessions.write', { sessionId, data: d })
    await hostTail.until(/password:\s*$/, 'the host session')
    await hostType(`${newPassword}\r`)
    await hostTail.until(/lunash:>\s*$/, 'the host session')

    const rawTail = new Tail()
    const channel = await new Promise<ClientChannel>((resolve, reject) => {
      raw.on('ready', () =>
        raw.shell({ term: 'xterm-256color', cols: 120, rows: 40 }, (err, ch) =>
          err ? reject(err) : resolve(ch),
        ),
      )
      raw.on('error', reject)
      raw.connect({ host: ssh.host, port: ssh.port, username: 'admin', password: newPassword })
    })
    channel.on('data', (d: Buffer) => rawTail.push(d.toString('utf8')))
    await rawTail.until(/lunash:>\s*$/, 'the raw ssh2 shell')

    const hostRoundTrip = async (ch: string) => {
      hostTail.clear()
      const t0 = performance.now()
      const echoed = hostTail.until(ch, 'the host session')
      await hostType(ch)
      return (await echoed) - t0
    }
    const rawRoundTrip = async (ch: string) => {
      rawTail.clear()
      const t0 = performance.now()
      const echoed = rawTail.until(ch, 'the raw ssh2 shell')
      channel.write(ch)
      return (await echoed) - t0
    }
    /** DEL in the lane that just typed, until its echo (`\b \b`) is back. */
    const rubOut = async (lane: 'key' | 'input' | 'host' | 'raw') => {
      if (lane === 'host') {
        hostTail.clear()
        const gone = hostTail.until('\b \b', 'the host session')
        await hostType('\x7f')
        await gone
      } else if (lane === 'raw') {
        rawTail.clear()
        const gone = rawTail.until('\b \b', 'the raw ssh2 shell')
        channel.write('\x7f')
        await gone
      } else {
        await keyEvent(page, 'keyDown', 'Backspace')
        await keyEvent(page, 'keyUp', 'Backspace')
        await pageShows(page, /lunash:>\s*$/)
      }
    }

    const steal = stealMeter()
    const browserMs: number[] = []
    const frameMs: number[] = []
    const inputMs: number[] = []
    const hostMs: number[] = []
    const rawMs: number[] = []
    const floorMs: number[] = []
    const keyToHandler: number[] = []
    const keyToInput: number[] = []
    const parsedToFrame: number[] = []
    const lanes = ['key', 'input', 'host', 'raw', 'floor'] as const
    for (let i = 0; i < warmUp + samples; i++) {
      const ch = letters[i % letters.length]!
      let key: EchoTimes | undefined
      let input: EchoTimes | undefined
      let host = 0
      let rawRt = 0
      let floorRt = 0
      // Each lane takes each place in the order equally often.
      for (let j = 0; j < lanes.length; j++) {
        const lane = lanes[(i + j) % lanes.length]!
        if (lane === 'key') key = await pageKeystroke(page, ch, 'key')
        else if (lane === 'input') input = await pageKeystroke(page, ch, 'input')
        else if (lane === 'host') host = await hostRoundTrip(ch)
        else if (lane === 'raw') rawRt = await rawRoundTrip(ch)
        else floorRt = await floor.roundTrip(ch)
        if (lane !== 'floor') await rubOut(lane)
      }
      if (i < warmUp || !key || !input) continue
      browserMs.push(key.parsed - key.key)
      frameMs.push(key.frame - key.key)
      inputMs.push(input.parsed - input.key)
      keyToHandler.push(key.keydown - key.key)
      keyToInput.push(key.input - key.key)
      parsedToFrame.push(key.frame - key.parsed)
      hostMs.push(host)
      rawMs.push(rawRt)
      floorMs.push(floorRt)
    }

    const stolen = steal.share()
    const added = (lane: number[]) => median(lane.map((x, i) => x - rawMs[i]!))
    const browserAdded = added(browserMs)
    const frameAdded = added(frameMs)
    const inputAdded = added(inputMs)
    const hostAdded = added(hostMs)
    // What the app's own parts add (the host, SSH, the console's handling, xterm.js): beyond the raw round
    // trip and the browser's share of the same path.
    const appShare = median(inputMs.map((x, i) => x - rawMs[i]! - floorMs[i]!))
    log(
      `latency over ${samples} keystrokes (medians): raw ssh2 ${ms(median(rawMs))}, host ${ms(median(hostMs))}, ` +
        `page: key to xterm's buffer ${ms(median(browserMs))}, to the next frame ${ms(median(frameMs))}, ` +
        `term.input to xterm's buffer ${ms(median(inputMs))}; the browser's own worker + WebSocket round trip ${ms(median(floorMs))}`,
    )
    log(
      `latency in the page (medians): key → first keydown listener ${ms(median(keyToHandler))}, ` +
        `→ xterm input ${ms(median(keyToInput))}; buffer → frame ${ms(median(parsedToFrame))}`,
    )
    const goal = (x: number) => ({ goal: '< 5', pass: x < 5 })
    return [
      {
        name: 'console-keystroke-echo-added-latency',
        value: Number(browserAdded.toFixed(2)),
        unit:
          "ms (median per keystroke of: keydown in Chromium → echo in xterm.js's buffer via the browser host, " +
          'minus a raw ssh2 round trip to the same simulator lunash prompt; interleaved)',
        ...goal(browserAdded),
      },
      {
        name: 'console-keystroke-echo-added-latency-to-frame',
        value: Number(frameAdded.toFixed(2)),
        unit: 'ms (as above, to the first animation frame after the echo is in the buffer, DOM renderer)',
        goal: 'informational',
        pass: true,
      },
      {
        name: 'console-keystroke-echo-added-latency-no-input-event',
        value: Number(inputAdded.toFixed(2)),
        unit:
          "ms (as the first, the character handed to xterm.js with term.input instead of a key press: the app's " +
          "pipeline without Chromium's delivery of the key)",
        goal: 'informational',
        pass: true,
      },
      {
        name: 'console-keystroke-echo-added-latency-host-only',
        value: Number(hostAdded.toFixed(2)),
        unit: 'ms (median per keystroke of: sessions.write → session.data in the host, no page, minus raw ssh2)',
        goal: 'informational',
        pass: true,
      },
      {
        name: 'console-keystroke-echo-raw-ssh2-ms',
        value: Number(median(rawMs).toFixed(2)),
        unit: 'ms (median raw ssh2 shell round trip to the simulator lunash prompt: the reference)',
        goal: 'informational',
        pass: true,
      },
      {
        name: 'console-keystroke-echo-browser-floor-ms',
        value: Number(median(floorMs).toFixed(2)),
        unit:
          "ms (median round trip, in the same Chromium, of a character from a page through a worker's WebSocket " +
          "to an echo server in the host's process and back: the browser's own share of the console's path, no app code; bench/browser-floor.ts)",
        goal: 'informational',
        pass: true,
      },
      {
        name: 'console-keystroke-echo-app-share-ms',
        value: Number(appShare.toFixed(2)),
        unit:
          'ms (median per keystroke of the term.input lane minus the raw ssh2 round trip and the browser floor: ' +
          "what the host, the console's handling and xterm.js add)",
        goal: 'informational',
        pass: true,
      },
      ...(stolen === undefined
        ? []
        : [
            {
              name: 'console-keystroke-cpu-stolen-by-hypervisor',
              value: Number(stolen.toFixed(3)),
              unit: "share of the machine's CPU time stolen by the hypervisor while the keystrokes were measured (steal in /proc/stat over wall time × CPUs): a shared VM's neighbours, not the code",
              goal: 'informational',
              pass: true,
            },
          ]),
    ]
  } finally {
    raw.end()
    await floor?.close()
    await browser.close()
    await web.close()
    await appHost.close()
    await sim.stop()
    rmSync(data, { recursive: true, force: true })
    rmSync(sim.clientRoot, { recursive: true, force: true })
  }
}
