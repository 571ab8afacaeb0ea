import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { SerialPort } from 'serialport'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../index'
import { removeDir, tempDir } from './openssh'
import { socatPidFor } from './socat'

/** The app's side of the console: a real serialport on the pty path the simulator printed. */
class Terminal {
  text = ''
  private constructor(readonly port: SerialPort) {
    port.on('data', (chunk: Buffer) => (this.text += chunk.toString('utf8')))
  }

  static open(path: string): Promise<Terminal> {
    return new Promise((resolve, reject) => {
      const port = new SerialPort(
        { path, baudRate: 115200, dataBits: 8, parity: 'none', stopBits: 1 },
        (error) => (error ? reject(error) : resolve(new Terminal(port))),
      )
    })
  }

  async waitFor(needle: string | RegExp, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs
    const found = () => (typeof needle === 'string' ? this.text.includes(needle) : needle.test(this.text))
    while (!found()) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${String(needle)}; got:\n${this.text}`)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    return this.text
  }

  type(line: string): void {
    this.port.write(`${line}\r`)
  }

  clear(): void {
    this.text = ''
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.port.close(() => resolve()))
  }
}

describe('serial console over a socat pty pair', () => {
  let sim: Simulator
  let dir: string

  beforeAll(async () => {
    dir = tempDir('rackside-serial-')
    sim = await startSimulator({ serialPath: join(dir, 'ttyLuna') })
  })

  afterAll(async () => {
    await sim?.stop()
    removeDir(dir)
    removeDir(sim.clientRoot)
  })

  it('asks login: itself, forces the password change, and runs commands', async () => {
    expect(sim.appliances[0]!.serialConsole?.path).toBe(join(dir, 'ttyLuna'))
    const term = await Terminal.open(sim.appliances[0]!.serialConsole!.path)
    try {
      term.type('')
      await term.waitFor('login: ')
      term.type('admin')
      await term.waitFor('Password: ')
      term.type('PASSWORD')
      await term.waitFor('(current) UNIX password:')
      term.type('PASSWORD')
      await term.waitFor('Enter new password:')
      term.type('Seri4l-Console')
      await term.waitFor('Re-type new password:')
      term.type('Seri4l-Console')
      await term.waitFor('lunash:>')
      term.clear()
      term.type('hsm show')
      await term.waitFor(/Command Result : 0 \(Success\)\r\n\[local_host\] lunash:>/)
      expect(term.text).toContain('\r\n')
      expect(term.text).not.toContain('Seri4l-Console')
    } finally {
      await term.close()
    }
  })

  it('keeps the session when the app closes and reopens the port, and gives login: again after exit', async () => {
    const term = await Terminal.open(sim.appliances[0]!.serialConsole!.path)
    try {
      term.type('')
      await term.waitFor('lunash:>')
      term.clear()
      term.type('exit')
      await term.waitFor('login: ')
    } finally {
      await term.close()
    }
  })
})

describe('serial console at the real line rate', () => {
  let sim: Simulator
  let dir: string

  beforeAll(async () => {
    dir = tempDir('rackside-serial-rate-')
    sim = await startSimulator({ serialPath: join(dir, 'ttyLuna'), serialLineRate: true })
  })

  afterAll(async () => {
    await sim?.stop()
    removeDir(dir)
    removeDir(sim.clientRoot)
  })

  it('paces output at 115200 baud 8N1 (11520 bytes/s)', async () => {
    const term = await Terminal.open(sim.appliances[0]!.serialConsole!.path)
    try {
      term.type('')
      await term.waitFor('login: ')
      term.clear()
      // The password-change explanation is a burst of several hundred bytes.
      term.type('admin')
      await term.waitFor('Password: ')
      term.type('PASSWORD')
      await term.waitFor('(current) UNIX password:')
      term.type('PASSWORD')
      const started = Date.now()
      term.clear()
      await term.waitFor('Enter new password:')
      const elapsed = Date.now() - started
      const bytes = Buffer.byteLength(term.text)
      expect(bytes).toBeGreaterThan(300)
      expect(elapsed).toBeGreaterThanOrEqual(((bytes - 120) / 11520) * 1000)
      expect(elapsed).toBeLessThan((bytes / 11520) * 1000 + 1000)
    } finally {
      await term.close()
    }
  })
})

describe('serial console when the pty pair dies', () => {
  let sim: Simulator
  let dir: string

  beforeAll(async () => {
    dir = tempDir('rackside-serial-socat-')
    sim = await startSimulator({ serialPath: join(dir, 'ttyLuna') })
  })

  afterAll(async () => {
    await sim?.stop()
    removeDir(dir)
    removeDir(sim.clientRoot)
  })

  it('rebuilds the pair on the same path and the console answers again', async () => {
    const path = sim.appliances[0]!.serialConsole!.path
    const pid = socatPidFor(path)
    expect(pid).toBeDefined()
    process.kill(pid!, 'SIGTERM')
    const deadline = Date.now() + 5000
    let next: number | undefined
    while (Date.now() < deadline) {
      next = socatPidFor(path)
      if (next !== undefined && next !== pid && existsSync(path)) break
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(next).not.toBe(pid)
    await new Promise((resolve) => setTimeout(resolve, 200))
    const term = await Terminal.open(path)
    try {
      term.type('')
      await term.waitFor('login: ')
    } finally {
      await term.close()
    }
  })
})
