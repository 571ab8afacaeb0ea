/**
 * The appliance console `rackside status` reads through: the app's own SSH and serial sessions (sessions/),
 * with the same host-key verification, login handling and output pipeline, and the command runner fed the way
 * the host feeds it — everything the session shows, through a runner Channel. The CLI has no operator, so
 * whatever would ask one ends the run with one line instead: nothing is typed except at a prompt Rackside can see.
 */
import { RacksideError } from '../../shared/api'
import { serialLogin } from '../../shared/lunash/commands'
import { classifyScreen, describeScreen, type Screen } from '../../shared/lunash/screen'
import { fedChannel } from '../runner/channel'
import { CommandRunner, type RunCallbacks } from '../runner/runner'
import { applianceNameWatcher } from '../sessions/appliance-name'
import { applianceVersionWatcher } from '../sessions/appliance-version'
import type { ConsoleSession, SessionSink } from '../sessions/session'
import { learnSecret } from '../vault/redact'
import { CliError } from './errors'
import type { HostTrust } from './host-trust'
import { describeTarget, type Target } from './target'

export interface ApplianceConsole {
  readonly runner: CommandRunner
  /** The software version the console printed (banner, hsm show), when it did. */
  version(): string | undefined
  /** Logs out of a serial console it is logged in to, then lets go of the transport. */
  close(): Promise<void>
}

export interface ConsoleOptions {
  /** Undefined: an SSH login by key or agent, where no password is needed. */
  password: string | undefined
  trust?: HostTrust
  timeoutMs: number
  /** How long a serial line may show nothing before the CLI says so (ms). */
  quietLineMs?: number
}

/** The first-login password change: the appliance cannot be read until someone completes it. */
const FIRST_LOGIN = /\(current\) UNIX password|required to change your password|(?:Enter new|New) password:/i
const factoryPassword = () =>
  new CliError('The appliance still has its factory password: complete the first login, then read it.')

/** Read commands ask nothing; if the appliance does, the answer is no. */
export const refuseEverything: RunCallbacks = {
  confirm: async () => ({ proceed: false }),
  secret: async (): Promise<string> => {
    throw new Error('a read-only status asks for no password')
  },
  ped: () => undefined,
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function openApplianceConsole(
  target: Target,
  options: ConsoleOptions,
): Promise<ApplianceConsole> {
  const where = describeTarget(target)
  let session: ConsoleSession | undefined
  let unacked = 0
  let shown = ''
  let lastDataAt = 0
  let connected = false
  let ended: { state: string; message: string } | undefined
  let version: string | undefined
  const watchVersion = applianceVersionWatcher((v) => (version = v))
  // The prompt's name reaches the runner too (promptHost); the watcher keeps the same reading as the app's tabs.
  const watchName = applianceNameWatcher(() => undefined)

  const sink: SessionSink = {
    data(text) {
      shown = (shown + text).slice(-64 * 1024)
      lastDataAt = Date.now()
      watchName(text)
      watchVersion(text)
      feed.data(text)
      // Nobody renders this output: acknowledge it at once, or the session would pause its source.
      if (session) session.ack(text.length)
      else unacked += text.length
    },
    status(state, message) {
      if (state === 'connected') connected = true
      if ((state === 'closed' || state === 'failed') && !ended) {
        ended = { state, message: message ?? `the console ${state}` }
        feed.close(ended.message)
      }
    },
  }

  // The runner's view of the session, as the host gives it: typing goes into the session, secrets by writeSecret.
  const feed = fedChannel({
    write: (text) => session?.write(text),
    writeSecret(text) {
      learnSecret(text.replace(/[\r\n]+$/, ''))
      if (session?.writeSecret) session.writeSecret(text)
      else session?.write(text)
    },
  })
  const channel = feed.channel

  try {
    session = target.kind === 'ssh' ? await openSsh(target, options, sink) : await openSerial(target, sink)
  } catch (error) {
    if (error instanceof RacksideError)
      throw options.trust?.refusal(error.code) ?? new CliError(error.message.split('\n')[0] ?? error.message)
    throw error
  }
  if (unacked) session.ack(unacked)
  const opened = session

  const deadline = Date.now() + options.timeoutMs
  const fail = async (error: CliError): Promise<never> => {
    opened.close()
    throw error
  }
  // SSH: the host key is proved; the login goes on until the shell opens (or the appliance refuses it).
  while (!connected && !ended && Date.now() < deadline) await sleep(20)
  if (ended) return fail(new CliError(ended.message))
  if (!connected)
    return fail(new CliError(`${where}: the login did not complete within ${options.timeoutMs / 1000} s.`))

  const screen = await settledScreen(
    () => shown,
    () => lastDataAt,
    {
      deadline,
      quietLineMs: target.kind === 'serial' ? (options.quietLineMs ?? 2_000) : undefined,
    },
  )
  if (ended) return fail(new CliError(`${where}: ${(ended as { message: string }).message}`))
  if (screen.kind === 'empty')
    return fail(
      new CliError(
        target.kind === 'serial'
          ? `${where} shows nothing: a console at its prompt prints nothing until a key is pressed, and Rackside sends nothing blind (an Enter into an open password question would spend a login attempt). Read the appliance over SSH, or wake the console in the app.`
          : `${where}: the shell printed nothing within ${options.timeoutMs / 1000} s.`,
      ),
    )
  if (FIRST_LOGIN.test(screen.text)) return fail(factoryPassword())

  const runner = new CommandRunner(channel, { screen: shown })
  let loggedIn = false
  if (screen.kind === 'login') {
    if (target.kind !== 'serial' || options.password === undefined)
      return fail(new CliError(`${where}: Nothing was sent: ${describeScreen(screen)}.`))
    await loginOnSerial(runner, options.password).catch(fail)
    loggedIn = true
  } else if (screen.kind !== 'lunash')
    return fail(new CliError(`${where}: Nothing was sent: ${describeScreen(screen)}.`))

  return {
    runner,
    version: () => version,
    async close() {
      runner.dispose()
      // A serial console stays logged in after the cable goes: log out before letting go of the port.
      if (target.kind === 'serial' && loggedIn && !ended && classifyScreen(shown).kind === 'lunash') {
        const mark = shown.length
        opened.write('exit\r')
        const until = Date.now() + 2_000
        while (!/login:[ \t]*$/i.test(shown.slice(mark)) && !ended && Date.now() < until) await sleep(20)
      }
      opened.close()
    },
  }
}

async function openSsh(
  target: Extract<Target, { kind: 'ssh' }>,
  options: ConsoleOptions,
  sink: SessionSink,
): Promise<ConsoleSession> {
  const { openSshSession } = await import('../sessions/ssh-session')
  const { jumpHops } = await import('../sessions/ssh-jump')
  const { ssh } = target
  const agent = process.env.SSH_AUTH_SOCK
  const auth = ssh.auth ?? 'password'
  if (auth === 'agent' && !process.env.SSH_AUTH_SOCK)
    throw new CliError(
      'The profile logs in with the SSH agent, but no agent is running (SSH_AUTH_SOCK is not set).',
    )
  return openSshSession(
    {
      host: ssh.host,
      port: ssh.port,
      username: ssh.username,
      ...(options.trust ? { verifyHostKey: (f: string) => options.trust!.verify(f) } : {}),
      // A profile's bastions, resolved through ~/.ssh/config and checked like the app checks them.
      ...(ssh.jumpHost && options.trust
        ? { jump: jumpHops(ssh.jumpHost, { verifierFor: options.trust.hop, ...(agent ? { agent } : {}) }) }
        : {}),
      auth,
      ...(ssh.keyPath ? { keyPath: ssh.keyPath } : {}),
      ...(process.env.SSH_AUTH_SOCK ? { agent: process.env.SSH_AUTH_SOCK } : {}),
      ...(options.password !== undefined ? { initialPassword: options.password } : {}),
      // Nobody is there to type a password into the console: a refused one ends the login.
      maxPasswordAttempts: 0,
      legacyAlgorithms: ssh.legacyAlgorithms ?? false,
      keepaliveSeconds: ssh.keepaliveSeconds ?? 15,
      handshakeTimeoutMs: options.timeoutMs,
      cols: 200,
      rows: 50,
    },
    sink,
  )
}

async function openSerial(
  target: Extract<Target, { kind: 'serial' }>,
  sink: SessionSink,
): Promise<ConsoleSession> {
  const { openSerialSession } = await import('../sessions/serial-session')
  return openSerialSession({ ...target.serial }, sink)
}

/**
 * Waits until the console shows something and has been quiet a moment (a prompt may arrive in pieces), or the
 * deadline. A serial line that shows nothing for `quietLineMs` is reported as empty at once.
 */
async function settledScreen(
  shown: () => string,
  lastDataAt: () => number,
  o: { deadline: number; quietLineMs: number | undefined },
): Promise<Screen> {
  const start = Date.now()
  const quietMs = 250
  for (;;) {
    const screen = classifyScreen(shown())
    const quiet = Date.now() - lastDataAt() >= quietMs
    if (screen.kind !== 'empty' && quiet) return screen
    if (screen.kind === 'empty' && o.quietLineMs !== undefined && Date.now() - start >= o.quietLineMs)
      return screen
    if (Date.now() >= o.deadline) return screen
    await sleep(25)
  }
}

/** Logs in at the serial `login:` with the runner's attended login: the password once, never retried. */
async function loginOnSerial(runner: CommandRunner, password: string): Promise<void> {
  let askedNew = false
  const result = await runner.run(
    serialLogin,
    { user: 'admin' },
    {
      ...refuseEverything,
      secret: async (request) => {
        if (request.secret === 'appliance-current-password') return password
        askedNew = true
        throw new Error('the CLI does not change passwords')
      },
    },
  )
  if (result.status === 'done') return
  if (askedNew) throw factoryPassword()
  if (result.interactions.some((i) => i.answer === 'secret appliance-current-password'))
    throw new CliError('The serial console login failed: the password was refused. Nothing was retried.')
  throw new CliError(`The serial console login failed: ${result.reason}`)
}
