/**
 * A serial cable made of a socat pty pair, for tests that need the wire itself: the console's end (`near`) and
 * the appliance's end (`far`), where the test can listen byte for byte. The pty there stays as socat made it
 * (raw), so what arrives is exactly what the console sent.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { SerialPort } from 'serialport'

export interface PtyCable {
  /** The console's end: the path a serial profile or session opens. */
  near: string
  /** The appliance's end. */
  far: string
  /** socat, which holds both ends: killing it unplugs the cable (both links vanish). */
  socat: ChildProcess
  /** Opens the far end and records what arrives there (see `received`). */
  listen(): Promise<SerialPort>
  /** What arrived at the far end since `listen`, byte for byte. */
  received(): Buffer
  /** Resolves once at least `bytes` have arrived at the far end; rejects, saying what did, after the timeout. */
  receivedAtLeast(bytes: number, timeoutMs?: number): Promise<void>
  /** Closes the far end and unplugs the cable. */
  close(): Promise<void>
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Plugs a cable in `dir`: `<dir>/<near>` and `<dir>/<far>` exist when this resolves. */
export async function ptyCable(
  dir: string,
  names: { near: string; far: string } = { near: 'ttyConsole', far: 'ttyAppliance' },
): Promise<PtyCable> {
  const near = join(dir, names.near)
  const far = join(dir, names.far)
  const socat = spawn('socat', [`pty,raw,echo=0,link=${near}`, `pty,raw,echo=0,link=${far}`], {
    stdio: 'ignore',
  })
  for (const until = Date.now() + 10_000; !existsSync(near) || !existsSync(far); await sleep(20))
    if (Date.now() > until) throw new Error('socat made no pty pair in 10 s')
  let peer: SerialPort | undefined
  let received = Buffer.alloc(0)
  return {
    near,
    far,
    socat,
    async listen() {
      peer = await new Promise<SerialPort>((resolve, reject) => {
        const p = new SerialPort({ path: far, baudRate: 115200 }, (e) => (e ? reject(e) : resolve(p)))
      })
      peer.on('data', (d: Buffer) => (received = Buffer.concat([received, d])))
      return peer
    },
    received: () => received,
    async receivedAtLeast(bytes, timeoutMs = 5000) {
      for (const until = Date.now() + timeoutMs; received.length < bytes; await sleep(10))
        if (Date.now() > until)
          throw new Error(
            `only ${received.length} of ${bytes} bytes arrived: ${JSON.stringify(String(received))}`,
          )
    },
    async close() {
      if (peer?.isOpen) await new Promise<void>((r) => peer!.close(() => r()))
      if (socat.exitCode !== null || socat.signalCode !== null) return
      const exited = new Promise((r) => socat.once('exit', r))
      socat.kill('SIGTERM')
      await exited
    },
  }
}
