/**
 * An SSH console: ssh2 Client, a pty shell, the host key pinned to an expected SHA-256 fingerprint, and
 * authentication by a private key file (its passphrase asked in the console), the SSH agent, or a password
 * and keyboard-interactive prompts that try a known password first and otherwise ask in the console.
 * Logging in is ssh-auth.ts, the host key's words and the first-contact scan ssh-host-key.ts, connect failures
 * and legacy algorithms ssh-connect.ts, bastions ssh-jump.ts; this module owns the session and its shell.
 */
import type { Duplex } from 'node:stream'
import ssh2 from 'ssh2'
import type { ClientChannel } from 'ssh2'
import { RacksideError } from '../../shared/api'
import { sameFingerprint, sha256Fingerprint } from './host-key'
import { secretPrompt } from './secret-prompt'
import type { ConsoleSession, SessionEnd, SessionSink } from './session'
import { outputPipeline, type OutputPipelineOptions } from './stages'
import { openJumpChain, type JumpHop } from './ssh-jump'
import { sshLogin } from './ssh-auth'
import { describeConnectError, legacyAlgorithms } from './ssh-connect'
import { hostKeyChangedMessage, keyAlgorithm, type HostKeyDecision } from './ssh-host-key'

// ssh2 is CommonJS: under plain Node ESM only its default export carries `Client`.
const { Client } = ssh2

// The pieces of an SSH console live in their own modules; this is where the rest of the app finds them.
export { expandHome } from './ssh-auth'
export { describeConnectError, legacyAlgorithms } from './ssh-connect'
export { hostKeyChangedMessage, keyAlgorithm, scanHostKey, type HostKeyDecision } from './ssh-host-key'

export interface SshTarget {
  host: string
  port: number
  username: string
  /** The fingerprint the server must present (`SHA256:...`); anything else is refused. */
  hostKeyFingerprint?: string
  /** Otherwise: asks the known-hosts store (an unknown key is refused with 'host-key-unknown'). */
  verifyHostKey?: (fingerprint: string) => HostKeyDecision
  /**
   * Authentication to try first; password and keyboard-interactive are the fallback when a key is refused or
   * missing. A key file that is there but cannot be used (unreadable, not a private key) ends the login.
   */
  auth?: 'password' | 'keyboard-interactive' | 'publickey' | 'agent'
  /** Private key file for publickey (`~/` is the home folder); its passphrase is asked in the console when needed. */
  keyPath?: string
  /** The agent socket (SSH_AUTH_SOCK) for agent auth. */
  agent?: string
  /** ProxyJump: bastions to pass through, first hop first (ssh-jump.ts); each hop's host key is checked. */
  jump?: readonly JumpHop[]
  legacyAlgorithms?: boolean
  keepaliveSeconds?: number
  /** Tried before asking, e.g. the factory default of a demo appliance. Never logged. */
  initialPassword?: string
  /**
   * Said in the console when the appliance refuses initialPassword, before the console asks: where that
   * password came from (`The admin password kept in the keychain`), so the operator knows why they are asked.
   */
  initialPasswordFrom?: string
}

export interface SshSessionOptions extends SshTarget {
  cols: number
  rows: number
  title?: string
  handshakeTimeoutMs?: number
  /** How many typed passwords may be refused before giving up (OpenSSH: 3). */
  maxPasswordAttempts?: number
  /** Override the batching and flow-control figures (tests). */
  output?: Partial<Pick<OutputPipelineOptions, 'maxDelayMs' | 'maxChars' | 'highWater' | 'lowWater'>>
}

/**
 * Connects and resolves once the server has proved its host key (authentication may then still be going on,
 * including a password typed into the console). Rejects with 'host-key-mismatch' or 'connection-failed'.
 */
export function openSshSession(options: SshSessionOptions, sink: SessionSink): Promise<ConsoleSession> {
  const { host, port, username } = options
  const where = `${host}:${port}`
  const maxAttempts = options.maxPasswordAttempts ?? 3
  /** A keepalive every this many seconds while the console is idle; this many unanswered end the link. */
  const keepaliveSeconds = options.keepaliveSeconds ?? 15
  const keepaliveCountMax = 3
  const client = new Client()
  let stream: ClientChannel | undefined
  /** Typed ahead while logging in; goes to the shell when it opens (bounded, like a tty's input queue). */
  let typeAhead = ''
  const maxTypeAhead = 64 * 1024
  let cols = options.cols
  let rows = options.rows
  let handshakeDone = false
  let closedByUser = false
  let ended = false
  let presentedFingerprint: string | undefined
  let hostKeyRefusal: RacksideError | undefined
  let keyNote: string | undefined
  let lastError: (Error & { code?: string; level?: string }) | undefined
  /**
   * The appliance ended the session on purpose: the shell reported its exit status (logout, `exit`), or the
   * server closed the shell's channel while the connection still stood, with no exit status and no signal
   * (some SSH servers end a session that way). A shell killed by a signal (the appliance shutting down) and a
   * connection that ends under an open channel are dropped links.
   */
  let shellExited = false
  let shellSignalled = false
  let connectionClosed = false

  const output = outputPipeline({
    ...options.output,
    emit: (text) => sink.data(text),
    pause: () => stream?.pause(),
    resume: () => stream?.resume(),
  })
  const prompt = secretPrompt((text) => output.pushText(text))

  const session: ConsoleSession = {
    title: options.title ?? `${username}@${where}`,
    kind: 'ssh',
    tap: (listener) => output.tap(listener),
    write(input) {
      // While a password is asked, input is the answer; what follows its Enter is typed ahead.
      const data = prompt.feed(input) ?? input
      if (!data) return
      if (stream?.writable) stream.write(data)
      else if (!stream && !ended) typeAhead = (typeAhead + data).slice(0, maxTypeAhead)
    },
    resize(c, r) {
      cols = c
      rows = r
      stream?.setWindow(r, c, 0, 0)
    },
    ack: (chars) => output.ack(chars),
    close() {
      closedByUser = true
      prompt.cancel()
      stream?.close()
      client.end()
    },
  }

  /** Asks in the console. Like a tty, what was typed ahead goes to the next reader: the prompt, never the shell. */
  const askInConsole = (text: string, echo = false): Promise<string> => {
    const answer = prompt.ask(text, { echo })
    const early = typeAhead
    typeAhead = ''
    if (early) typeAhead = prompt.feed(early) ?? early
    return answer
  }
  const login = sshLogin({
    target: options,
    maxAttempts,
    say: (text) => output.pushText(text),
    ask: askInConsole,
    closedByUser: () => closedByUser,
  })

  return new Promise<ConsoleSession>((resolve, reject) => {
    const finish = (state: 'closed' | 'failed', message: string, end?: SessionEnd): void => {
      if (ended) return
      ended = true
      prompt.cancel()
      output.end()
      if (end) sink.status(state, message, end)
      else sink.status(state, message)
      output.dispose()
    }

    client.on('handshake', () => {
      handshakeDone = true
      resolve(session)
      sink.status('connecting', `Host key ${presentedFingerprint} verified; logging in as ${username}.`)
      // Where the trust came from, when it was not Rackside's own store: said once, in the console.
      if (keyNote) output.pushText(`\x1b[33m[${keyNote}]\x1b[0m\r\n`)
    })

    client.on('ready', () => {
      client.shell({ term: 'xterm-256color', cols, rows }, (err, channel) => {
        if (err) {
          finish('failed', `${where} refused to open a shell: ${err.message}`)
          client.end()
          return
        }
        stream = channel
        if (typeAhead) channel.write(typeAhead)
        typeAhead = ''
        channel.on('data', (chunk: Buffer) => output.pushBytes(chunk))
        channel.stderr.on('data', (chunk: Buffer) => output.pushBytes(chunk))
        channel.on('exit', (code: number | null) => {
          if (typeof code === 'number') shellExited = true
          else shellSignalled = true
        })
        channel.on('close', () => {
          // ssh2 closes the channels of a dead connection only after the connection's own 'close'.
          if (!connectionClosed && !shellSignalled) shellExited = true
          client.end()
        })
        sink.status('connected', `Connected to ${session.title}`)
      })
    })

    client.on('error', (err: Error & { code?: string; level?: string }) => {
      if (err.level === 'agent') {
        // ssh2 goes on to the next method; the handler says why the agent did not log in.
        login.agentFailed(err)
        return
      }
      lastError = err
      if (handshakeDone) return
      if (hostKeyRefusal) reject(hostKeyRefusal)
      else if (
        presentedFingerprint &&
        options.hostKeyFingerprint &&
        !sameFingerprint(presentedFingerprint, options.hostKeyFingerprint)
      ) {
        reject(
          new RacksideError({
            code: 'host-key-mismatch',
            message:
              `${where} presented host key ${presentedFingerprint}, but ${options.hostKeyFingerprint} was expected. ` +
              'Someone may be intercepting the connection, or the appliance was re-keyed. Rackside did not connect; ' +
              "verify the fingerprint on the appliance's serial console (sysconf fingerprint ssh).",
          }),
        )
      } else
        reject(
          new RacksideError({
            code: 'connection-failed',
            message: describeConnectError(err, host, port, options.legacyAlgorithms),
          }),
        )
    })

    client.on('close', () => {
      connectionClosed = true
      if (!handshakeDone) {
        if (hostKeyRefusal) return reject(hostKeyRefusal)
        reject(new RacksideError({ code: 'connection-failed', message: `${where} closed the connection.` }))
        return
      }
      if (closedByUser) finish('closed', `Disconnected from ${where}.`)
      else if (login.failure || lastError?.level === 'client-authentication')
        finish(
          'failed',
          login.failure ?? `${username}@${where} refused the password. Check it and connect again.`,
        )
      else if (!stream)
        finish('failed', `Connection to ${where} lost before the shell opened${reason(lastError)}.`)
      else if (shellExited) finish('closed', `Connection to ${where} closed by the appliance.`)
      else if (lastError?.level === 'client-timeout')
        finish(
          'closed',
          `Connection to ${where} lost: the appliance stopped answering (${keepaliveCountMax} keepalives, ${keepaliveSeconds} s apart, went unanswered).`,
          'lost',
        )
      else if (lastError) finish('closed', `Connection to ${where} lost: ${lastError.message}`, 'lost')
      else finish('closed', `Connection to ${where} lost: the appliance dropped the link.`, 'lost')
    })

    // Only the handshake is timed: once the host key is proved, the operator may take their time typing a password.
    const handshakeMs = options.handshakeTimeoutMs ?? 10_000
    const handshakeTimer = setTimeout(() => {
      if (handshakeDone) return
      reject(
        new RacksideError({
          code: 'connection-failed',
          message: `${where} did not complete the SSH handshake within ${Math.round(handshakeMs / 1000)} s. Is this an SSH port, and is the appliance up?`,
        }),
      )
      client.destroy()
    }, handshakeMs)
    client.once('handshake', () => clearTimeout(handshakeTimer))
    client.once('close', () => clearTimeout(handshakeTimer))

    const connect = (sock?: Duplex) =>
      client.connect({
        host,
        port,
        username,
        ...(sock ? { sock } : {}),
        readyTimeout: 0,
        keepaliveInterval: keepaliveSeconds * 1000,
        keepaliveCountMax,
        ...(options.legacyAlgorithms ? { algorithms: legacyAlgorithms } : {}),
        hostVerifier: (key: Buffer) => {
          const presented = (presentedFingerprint = sha256Fingerprint(key))
          if (options.hostKeyFingerprint) return sameFingerprint(presented, options.hostKeyFingerprint)
          const decision = options.verifyHostKey?.(presented) ?? { status: 'unknown' }
          if (decision.status === 'trusted') {
            if (decision.note) keyNote = `Host key ${presented} ${decision.note}.`
            return true
          }
          hostKeyRefusal =
            decision.status === 'revoked'
              ? new RacksideError({ code: 'host-key-mismatch', message: decision.message })
              : decision.status === 'changed'
                ? new RacksideError({
                    code: 'host-key-mismatch',
                    message: hostKeyChangedMessage(where, presented, decision.expected, decision.from),
                  })
                : new RacksideError({
                    code: 'host-key-unknown',
                    message: `${where} is not known to Rackside yet. Its host key is ${presented} (${keyAlgorithm(key)}). Compare it with \`sysconf fingerprint ssh\` on the serial console, then accept it.`,
                  })
          return false
        },
        authHandler: login.handler,
      })

    const hops = options.jump ?? []
    if (hops.length === 0) {
      sink.status('connecting', `Connecting to ${where}…`)
      connect()
      return
    }
    sink.status(
      'connecting',
      `Connecting to ${where} through ${hops.map((h) => `${h.host}:${h.port}`).join(', ')}…`,
    )
    openJumpChain(hops, { host, port }, handshakeMs).then(
      (chain) => {
        client.once('close', () => chain.close())
        connect(chain.sock)
      },
      (error: unknown) => {
        clearTimeout(handshakeTimer)
        reject(error)
      },
    )
  })
}

const reason = (error: Error | undefined): string => (error ? `: ${error.message}` : '')
