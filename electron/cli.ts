/**
 * `npx rackside transcript verify …`: checks transcripts' seals (cli-transcript.ts).
 * `npx rackside status --json <target>`: the overview's read-back for scripts. Connects over SSH (host key
 * pinned with --host-key or a known_hosts entry, never trusted blindly) or a serial console, reads hsm show, the
 * network, NTLS, partitions, clients and the time with the same runner and parsers as the app, and prints JSON.
 * The password comes from --password-stdin or the OS keychain, never from the command line.
 * Exit codes: 0 read; 1 the appliance could not be read (one line on stderr); 2 usage; 3 read with problems.
 */
import { createHash, createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { Client, type ClientChannel } from 'ssh2'
import { streamChannel, type Channel } from './runner/channel'
import { CommandRunner } from './runner/runner'
import { readOverview } from './host/procedure-status'
import { transcriptCommand } from './cli-transcript'

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message)
    this.name = 'CliError'
  }
}

export type Target =
  | { kind: 'ssh'; user: string; host: string; port: number }
  | { kind: 'serial'; path: string; baudRate: number }

export function parseTarget(text: string): Target {
  const ssh = /^ssh:\/\/([A-Za-z0-9._-]+)@([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\])(?::(\d{1,5}))?\/?$/.exec(text)
  if (ssh) {
    const port = ssh[3] === undefined ? 22 : Number(ssh[3])
    if (port < 1 || port > 65535) throw new CliError(`Port ${port} in ${text} is not a port number.`, 2)
    return { kind: 'ssh', user: ssh[1] ?? 'admin', host: (ssh[2] ?? '').replace(/^\[|\]$/g, ''), port }
  }
  const serial = /^serial:(\/[^@\s]+|COM\d+)(?:@(\d{3,7}))?$/.exec(text)
  if (serial) return { kind: 'serial', path: serial[1] ?? '', baudRate: Number(serial[2] ?? 115200) }
  throw new CliError(
    `"${text}" is not a target. Use ssh://admin@host[:port] or serial:/dev/ttyUSB0[@baud].`,
    2,
  )
}

interface Options {
  json: boolean
  target?: string
  hostKey?: string
  knownHosts?: string
  passwordStdin: boolean
  keychainId?: string
  timeoutMs: number
}

export function parseArgs(argv: string[]): { command: string; options: Options } {
  const [command, ...rest] = argv
  if (command !== 'status')
    throw new CliError(
      'Usage: rackside status --json <ssh://admin@host[:port] | serial:/dev/ttyUSB0[@baud]> [--host-key SHA256:...] [--known-hosts FILE] [--password-stdin] [--keychain-id ID]; or: rackside transcript verify [--json] [FILE|FOLDER…]',
      2,
    )
  const options: Options = { json: false, passwordStdin: false, timeoutMs: 20_000 }
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? ''
    const value = (): string => {
      const v = rest[++i]
      if (v === undefined) throw new CliError(`${arg} needs a value.`, 2)
      return v
    }
    if (arg === '--password' || arg.startsWith('--password='))
      throw new CliError(
        '--password is refused: a password on the command line is visible to every user of this computer. Use --password-stdin or the keychain.',
        2,
      )
    else if (arg === '--json') options.json = true
    else if (arg === '--password-stdin') options.passwordStdin = true
    else if (arg === '--host-key') options.hostKey = value()
    else if (arg === '--known-hosts') options.knownHosts = value()
    else if (arg === '--keychain-id') options.keychainId = value()
    else if (arg === '--timeout') options.timeoutMs = Number(value()) * 1000
    else if (arg.startsWith('-')) throw new CliError(`Unknown option ${arg}.`, 2)
    else if (options.target === undefined) options.target = arg
    else throw new CliError(`Unexpected argument ${arg}: give one target.`, 2)
  }
  if (!options.target)
    throw new CliError('Give the target: ssh://admin@host[:port] or serial:/dev/ttyUSB0[@baud].', 2)
  if (!options.json) throw new CliError('Only --json output exists for now: add --json.', 2)
  return { command, options }
}

/** SHA256 fingerprints known for host:port in an OpenSSH known_hosts file (plain and hashed entries). */
export function knownHostFingerprints(text: string, host: string, port: number): string[] {
  const name = port === 22 ? host : `[${host}]:${port}`
  const out: string[] = []
  for (const line of text.split('\n')) {
    const [hosts = '', , key] = line.trim().split(/\s+/)
    if (!key || hosts.startsWith('#') || hosts.startsWith('@')) continue
    const matches = hosts.split(',').some((h) => {
      if (h.startsWith('|1|')) {
        const [, , salt = '', hash = ''] = h.split('|')
        return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash
      }
      return h === name
    })
    if (matches)
      out.push(
        `SHA256:${createHash('sha256').update(Buffer.from(key, 'base64')).digest('base64').replace(/=+$/, '')}`,
      )
  }
  return out
}

async function readPassword(options: Options, target: Target): Promise<string> {
  if (options.passwordStdin) {
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? ''
    if (line === '') throw new CliError('--password-stdin: the first line of standard input is empty.')
    return line
  }
  const id =
    options.keychainId ??
    (target.kind === 'ssh' ? target.host : target.path)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
  try {
    const { openVault } = await import('./vault')
    const pw = await openVault().get({ kind: 'appliance-admin', applianceId: id })
    if (pw) return pw
  } catch (error) {
    throw new CliError(
      `No password: --password-stdin was not given and the keychain could not be read (${error instanceof Error ? error.message : String(error)}).`,
    )
  }
  throw new CliError(
    `No password: --password-stdin was not given and the keychain has no admin password for "${id}" (use --keychain-id).`,
  )
}

function connectSsh(
  target: Extract<Target, { kind: 'ssh' }>,
  password: string,
  accepted: string[],
  timeoutMs: number,
): Promise<{ channel: Channel; close(): void; first: () => string }> {
  return new Promise((resolve, reject) => {
    const client = new Client()
    let presented: string | undefined
    const where = `${target.host}:${target.port}`
    client.on('error', (error: Error & { code?: string; level?: string }) => {
      client.end()
      if (presented && !accepted.includes(presented))
        return reject(
          new CliError(
            `The host key of ${where} (${presented}) is not the one pinned (${accepted.join(', ')}); nothing was sent.`,
          ),
        )
      if (error.code === 'ECONNREFUSED')
        return reject(new CliError(`${where} refused the connection (is SSH on?).`))
      if (error.level === 'client-authentication')
        return reject(new CliError(`${where} refused the password for ${target.user}.`))
      reject(new CliError(`Cannot reach ${where}: ${error.message}`))
    })
    client.on('ready', () => {
      client.shell({ term: 'vt100', cols: 200, rows: 50 }, (error, stream: ClientChannel) => {
        if (error) {
          client.end()
          return reject(new CliError(`${where} did not open a shell: ${error.message}`))
        }
        const channel = streamChannel(stream)
        // What the console shows when the runner starts: the runner types only once it sees the lunash prompt.
        let seen = ''
        channel.onData((t) => {
          seen = (seen + t).slice(-8192)
        })
        resolve({ channel, close: () => client.end(), first: () => seen })
      })
    })
    client.connect({
      host: target.host,
      port: target.port,
      username: target.user,
      password,
      readyTimeout: timeoutMs,
      hostVerifier: (key: Buffer) => {
        presented = `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`
        return accepted.includes(presented)
      },
    })
  })
}

async function connectSerial(
  target: Extract<Target, { kind: 'serial' }>,
  password: string,
  timeoutMs: number,
): Promise<{ channel: Channel; close(): void; first: () => string }> {
  const { SerialPort } = await import('serialport')
  const port = new SerialPort({ path: target.path, baudRate: target.baudRate, autoOpen: false })
  await new Promise<void>((resolve, reject) =>
    port.open((error) =>
      error ? reject(new CliError(`Cannot open ${target.path}: ${error.message}`)) : resolve(),
    ),
  )
  const decoder = new TextDecoder()
  const data = new Set<(t: string) => void>()
  const closed = new Set<(r: string) => void>()
  let text = ''
  port.on('data', (b: Buffer) => {
    const t = decoder.decode(b, { stream: true })
    text += t
    for (const l of [...data]) l(t)
  })
  port.on('close', () => {
    for (const l of [...closed]) l('The serial port closed.')
  })
  const channel: Channel = {
    write: (t) => void port.write(t),
    onData: (l) => (data.add(l), () => data.delete(l)),
    onClose: (l) => (closed.add(l), () => closed.delete(l)),
  }
  // Log in on the console if it asks (`login:` / `Password:`); an open lunash session is used as it is.
  const waitFor = async (pattern: RegExp): Promise<boolean> => {
    const start = Date.now()
    while (Date.now() - start < timeoutMs) {
      if (pattern.test(text)) return true
      await new Promise((r) => setTimeout(r, 50))
    }
    return false
  }
  channel.write('\r')
  if (!(await waitFor(/login:\s*$|lunash:>\s*$/))) {
    port.close()
    throw new CliError(
      `${target.path} @ ${target.baudRate}: no login prompt (check the cable and the baud rate).`,
    )
  }
  if (/login:\s*$/.test(text)) {
    text = ''
    channel.write('admin\r')
    if (!(await waitFor(/Password:\s*$/i))) {
      port.close()
      throw new CliError(`${target.path}: the console did not ask for the password.`)
    }
    text = ''
    channel.write(`${password}\r`)
    if (!(await waitFor(/lunash:>\s*$|incorrect|denied|UNIX password/i)) || !/lunash:>\s*$/.test(text)) {
      port.close()
      throw new CliError(`${target.path}: the password was refused (or the first-login change is pending).`)
    }
  }
  return {
    channel,
    // A serial console stays logged in after the cable goes: log out before letting go of the port.
    close: () => port.write('exit\r', () => port.drain(() => port.close())),
    first: () => text,
  }
}

export async function status(argv: string[]): Promise<{ json: unknown; exitCode: number }> {
  const { options } = parseArgs(argv)
  const target = parseTarget(options.target ?? '')
  let accepted: string[] = []
  if (target.kind === 'ssh') {
    if (options.hostKey) {
      if (!/^SHA256:[A-Za-z0-9+/]{43}$/.test(options.hostKey))
        throw new CliError(
          `--host-key ${options.hostKey} is not a SHA256:... fingerprint (43 base64 characters).`,
          2,
        )
      accepted = [options.hostKey]
    } else {
      const file = options.knownHosts ?? join(homedir(), '.ssh', 'known_hosts')
      let text = ''
      try {
        text = readFileSync(file, 'utf8')
      } catch {
        // no file: no entry
      }
      accepted = knownHostFingerprints(text, target.host, target.port)
      if (accepted.length === 0)
        throw new CliError(
          `The host key of ${target.host}:${target.port} is unknown: give --host-key SHA256:... (read it over the serial console with sysconf fingerprint ssh) or add it to ${file}.`,
        )
    }
  }
  const password = await readPassword(options, target)
  const link =
    target.kind === 'ssh'
      ? await connectSsh(target, password, accepted, options.timeoutMs)
      : await connectSerial(target, password, options.timeoutMs)
  try {
    const runner = new CommandRunner(link.channel, { screen: link.first() })
    // The forced first-login password change: nothing can be read until it is done.
    await new Promise((r) => setTimeout(r, 300))
    if (/\(current\) UNIX password|required to change your password/i.test(link.first()))
      throw new CliError(
        'The appliance still has its factory password: complete the first login, then read it.',
      )
    const overview = await readOverview((spec, fields) => runner.run(spec, fields, refuseEverything), [])
    const where =
      target.kind === 'ssh'
        ? `ssh://${target.user}@${target.host}:${target.port}`
        : `serial:${target.path}@${target.baudRate}`
    const { procedures, ...rest } = overview
    const json = { target: where, ...rest, procedures }
    if (overview.problems.length > 0 && overview.hsm === null)
      throw new CliError(`${where}: nothing could be read: ${overview.problems[0]?.reason ?? 'no answer'}`)
    return { json, exitCode: overview.problems.length > 0 ? 3 : 0 }
  } finally {
    link.close()
  }
}

/** Read commands ask nothing; if the appliance does, the answer is no. */
const refuseEverything = {
  confirm: async () => ({ proceed: false }),
  secret: async (): Promise<string> => {
    throw new Error('a read-only status asks for no password')
  },
  ped: () => undefined,
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'transcript') {
    const { stdout, stderr, exitCode } = await transcriptCommand(argv.slice(1))
    process.stdout.write(stdout)
    process.stderr.write(stderr)
    return exitCode
  }
  try {
    const { json, exitCode } = await status(argv)
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`)
    if (exitCode === 3) process.stderr.write('rackside: some reads did not complete; see "problems".\n')
    return exitCode
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    process.stderr.write(`rackside: ${message.split('\n')[0]}\n`)
    return error instanceof CliError ? error.exitCode : 1
  }
}

if (process.argv[1] && /electron[/\\]cli\.ts$/.test(process.argv[1]))
  void main(process.argv.slice(2)).then((code) => process.exit(code))
