import { spawn, type ChildProcess } from 'node:child_process'
import { constants, existsSync, lstatSync, mkdtempSync, openSync, rmSync, unlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { StringDecoder } from 'node:string_decoder'
import tty from 'node:tty'
import type { ApplianceContract, Shell } from '../appliance/contract'
import { OutputPacer, toCrlf } from './output-pacer'

/** 115200 baud, 8 data bits, no parity, 1 stop bit: 10 bits on the wire per byte. */
export const SERIAL_BYTES_PER_SECOND = 115200 / 10

export interface SerialConsole {
  /** The end the app opens (a symlink to a /dev/pts/N). */
  readonly path: string
  close(): Promise<void>
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms))

async function waitForLinks(paths: string[], child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!paths.every((path) => existsSync(path))) {
    if (child.exitCode !== null)
      throw new Error(`socat exited (${child.exitCode}) before creating the pty pair`)
    if (Date.now() > deadline) throw new Error('socat did not create the pty pair within 5 s')
    await sleep(20)
  }
}

function removeStaleLink(path: string): void {
  try {
    if (lstatSync(path).isSymbolicLink()) unlinkSync(path)
    else throw new Error(`${path} exists and is not a symlink; pick another serial path.`)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
}

/**
 * The appliance's serial console on a socat pty pair: the simulator holds one end, the app opens `path`.
 * socat keeps the pair when the app closes and reopens its end; if socat itself dies the pair is rebuilt on the
 * same path. Like a real console, the login session survives the terminal program going away; `exit` brings
 * back a fresh `login:`.
 */
export async function startSerialConsole(
  appliance: ApplianceContract,
  options: { path: string; lineRate?: boolean },
): Promise<SerialConsole> {
  const peerPath = resolve(options.path)
  if (!existsSync(dirname(peerPath)))
    throw new Error(`Serial path folder ${dirname(peerPath)} does not exist.`)
  removeStaleLink(peerPath)
  const workDir = mkdtempSync(join(tmpdir(), 'luna-serial-'))
  const ownPath = join(workDir, 'console')
  let stopped = false
  let socat: ChildProcess | undefined
  let port: tty.ReadStream | undefined
  let shell: Shell | undefined
  let pacer: OutputPacer | undefined
  let restarting = false

  const openShell = () => {
    shell?.close()
    pacer?.stop()
    const currentPacer = new OutputPacer({
      write: (chunk) => port?.write(chunk),
      faults: () => appliance.faults(),
      // A dropped serial line ends the session; the console comes back with `login:`.
      onByteLimit: () => setImmediate(openShell),
      bytesPerSecond: options.lineRate ? SERIAL_BYTES_PER_SECOND : undefined,
    })
    pacer = currentPacer
    let hungUp = false
    shell = appliance.openShell(
      {
        write: (text) => {
          if (!hungUp) currentPacer.push(toCrlf(text))
        },
        hangup: () => {
          if (hungUp) return
          hungUp = true
          void currentPacer.flushed().then(() => {
            if (!stopped && pacer === currentPacer) openShell()
          })
        },
      },
      { transport: 'serial', remoteAddress: 'ttyS0' },
    )
  }

  const startPair = async () => {
    removeStaleLink(peerPath)
    removeStaleLink(ownPath)
    const child = spawn('socat', [`pty,raw,echo=0,link=${ownPath}`, `pty,raw,echo=0,link=${peerPath}`], {
      stdio: 'ignore',
    })
    socat = child
    await new Promise<void>((resolveSpawn, rejectSpawn) => {
      child.once('spawn', resolveSpawn)
      child.once('error', (error) =>
        rejectSpawn(
          (error as NodeJS.ErrnoException).code === 'ENOENT'
            ? new Error('The serial console needs socat (apt-get install socat).')
            : error,
        ),
      )
    })
    child.once('exit', () => {
      if (stopped || socat !== child) return
      restart().catch((error: unknown) => {
        process.stderr.write(`simulator: the serial console on ${peerPath} is gone: ${String(error)}\n`)
      })
    })
    await waitForLinks([ownPath, peerPath], child, 5000)
    const fd = openSync(ownPath, constants.O_RDWR | constants.O_NOCTTY)
    const stream = new tty.ReadStream(fd)
    const decoder = new StringDecoder('utf8')
    stream.on('data', (data: Buffer) => shell?.input(decoder.write(data)))
    stream.on('error', () => {})
    port = stream
  }

  const restart = async () => {
    if (restarting || stopped) return
    restarting = true
    port?.destroy()
    port = undefined
    try {
      await sleep(100)
      if (!stopped) await startPair()
    } finally {
      restarting = false
    }
  }

  await startPair()
  openShell()

  return {
    path: peerPath,
    async close() {
      stopped = true
      pacer?.stop()
      shell?.close()
      port?.destroy()
      const child = socat
      if (child && child.exitCode === null) {
        const exited = new Promise<void>((done) => child.once('exit', () => done()))
        child.kill('SIGTERM')
        await Promise.race([exited, sleep(1000)])
      }
      for (const path of [peerPath, ownPath]) {
        try {
          if (lstatSync(path).isSymbolicLink()) unlinkSync(path)
        } catch {
          // already gone
        }
      }
      rmSync(workDir, { recursive: true, force: true })
    },
  }
}
