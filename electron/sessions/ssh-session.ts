/**
 * An SSH console: ssh2 Client, a pty shell, the host key pinned to an expected SHA-256 fingerprint, and
 * authentication by a private key file (its passphrase asked in the console), the SSH agent, or a password
 * and keyboard-interactive prompts that try a known password first and otherwise ask in the console.
 */
import { readFileSync } from 'node:fs'
import type { Duplex } from 'node:stream'
import { homedir } from 'node:os'
import { join } from 'node:path'
import ssh2 from 'ssh2'
import type { Algorithms, AuthHandlerMiddleware, ClientChannel, ParsedKey } from 'ssh2'
import { RacksideError } from '../../shared/api'

// ssh2 is CommonJS: under plain Node ESM only its default export carries `utils`.
const { Client, utils } = ssh2
import { sameFingerprint, sha256Fingerprint } from './host-key'
import { secretPrompt, PromptCancelled } from './secret-prompt'
import type { ConsoleSession, SessionEnd, SessionSink } from './session'
import { outputPipeline, type OutputPipelineOptions } from './stages'
import { learnSecret } from '../vault/redact'
import { openJumpChain, type JumpHop } from './ssh-jump'

/** What the host-key store says about a presented fingerprint. */
export type HostKeyDecision =
  /** `note`: said in the console once the key is verified (e.g. "known from ~/.ssh/known_hosts"). */
  | { status: 'trusted'; note?: string }
  | { status: 'unknown' }
  /** `from`: where the expected key is kept, when not Rackside's own store (e.g. `~/.ssh/known_hosts`). */
  | { status: 'changed'; expected: string; from?: string }
  /** Marked @revoked in known_hosts: a hard stop; `message` says so. */
  | { status: 'revoked'; message: string }

/** Opt-in algorithms for old appliances (Luna 5.x/6.x era OpenSSH): CBC ciphers, SHA-1 key exchange, ssh-rsa keys. */
export const legacyAlgorithms: Algorithms = {
  kex: {
    append: [
      'diffie-hellman-group14-sha1',
      'diffie-hellman-group-exchange-sha1',
      'diffie-hellman-group1-sha1',
    ],
  },
  cipher: { append: ['aes256-cbc', 'aes192-cbc', 'aes128-cbc', '3des-cbc'] },
  serverHostKey: { append: ['ssh-rsa', 'ssh-dss'] },
  hmac: { append: ['hmac-sha1'] },
} as unknown as Algorithms

/** The key type named inside an SSH public key blob (`ssh-ed25519`, `ssh-rsa`…). */
export function keyAlgorithm(key: Buffer): string {
  if (key.length < 4) return 'unknown'
  const n = key.readUInt32BE(0)
  return n > 0 && n < 64 && key.length >= 4 + n ? key.subarray(4, 4 + n).toString('latin1') : 'unknown'
}

export function hostKeyChangedMessage(
  where: string,
  presented: string,
  expected: string,
  from = 'Rackside',
): string {
  return (
    `STOP: ${where} presented host key ${presented}, but ${from} knows this appliance as ${expected}. ` +
    'Someone may be intercepting the connection (man-in-the-middle), or the appliance was re-imaged or re-keyed. ' +
    'Rackside did not log in and sent no password. Compare with `sysconf fingerprint ssh` on the serial console; ' +
    'if the appliance really has a new key, pin it from the serial console.'
  )
}

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

/** A path as the operator wrote it, where a leading `~` or `~/` is their home folder, as in a shell. */
export function expandHome(path: string): string {
  if (path === '~') return homedir()
  if (path.startsWith('~/')) return join(homedir(), path.slice(2))
  return path
}

/** Why a key file could not be read, in words. */
function unreadable(error: unknown): string {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'EISDIR':
      return 'it is a folder, not a file'
    case 'ERR_FS_FILE_TOO_LARGE':
      return 'it is larger than 2 GiB, and a private key is a few kilobytes'
  }
  return error instanceof Error ? error.message : String(error)
}

/**
 * A sentence a person can act on, for an error raised while reaching `host:port`. `legacyAllowed`: the
 * connection offered the opt-in legacy algorithms too.
 */
export function describeConnectError(
  error: Error & { code?: string; level?: string },
  host: string,
  port: number,
  legacyAllowed = false,
): string {
  const where = `${host}:${port}`
  switch (error.code) {
    case 'ECONNREFUSED':
      return `Port ${port} on ${host} refused the connection. Is the appliance on and is SSH enabled?`
    case 'ETIMEDOUT':
      return `${where} did not answer. Check the cable, the address and the appliance's network settings.`
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${host} cannot be reached from this computer. Check the network cable and the address.`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The name ${host} could not be resolved. Use the appliance's IP address or check DNS.`
    case 'ECONNRESET':
      return `${where} closed the connection during the handshake. Is this an SSH port?`
  }
  if (/timed out while waiting for handshake/i.test(error.message))
    return `${where} accepted the connection but did not complete the SSH handshake. Is this an SSH port?`
  const noMatch = /^Handshake failed: no matching (.+)$/.exec(error.message)
  if (noMatch && !legacyAllowed)
    return (
      `${where} offers only older SSH algorithms (no matching ${noMatch[1]}). If it is an older appliance ` +
      '(Luna 5.x/6.x), turn on "Allow legacy algorithms for old appliances" in its connection profile and connect again.'
    )
  if (noMatch)
    return `${where} and Rackside have no SSH algorithm in common (no matching ${noMatch[1]}), even with legacy algorithms allowed.`
  return `Could not connect to ${where}: ${error.message}`
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
  let authFailure: string | undefined
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

  // Password authentication: the initial password once, then up to maxAttempts typed in the console.
  let triedInitial = false
  let initialRefusalSaid = false
  let typedAttempts = 0
  /** Asks in the console. Like a tty, what was typed ahead goes to the next reader: the prompt, never the shell. */
  const askInConsole = (text: string, echo = false): Promise<string> => {
    const answer = prompt.ask(text, { echo })
    const early = typeAhead
    typeAhead = ''
    if (early) typeAhead = prompt.feed(early) ?? early
    return answer
  }
  const askPassword = async (): Promise<string | undefined> => {
    if (typedAttempts > 0) output.pushText('Permission denied, please try again.\r\n')
    if (typedAttempts >= maxAttempts) return undefined
    typedAttempts++
    try {
      const answer = await askInConsole(`${username}@${host}'s password: `)
      learnSecret(answer)
      return answer
    } catch (e) {
      if (!(e instanceof PromptCancelled)) throw e
      authFailure = closedByUser ? undefined : `Login to ${where} cancelled.`
      return undefined
    }
  }
  let triedKey = false
  let triedAgent = false
  /** A key offered to the appliance (a key file, or the agent's keys): back in the handler means it was refused. */
  let offered: 'agent' | { path: string } | undefined
  /** Why the key or the agent did not log in: a notice when a password follows, the failure when none can. */
  let problem: { notice: string; failure: string } | undefined
  /** The appliance was asked which methods it allows (ssh2 does not know until it has refused one). */
  let probed = false
  let cancelled = false
  let answerRounds = 0
  const cancelledLogin = () => `Login to ${where} cancelled.`

  type KeyLoad = { key: ParsedKey } | { problem: { notice: string; failure: string } } | { failure: string }
  const loadKey = async (path: string): Promise<KeyLoad> => {
    let data: Buffer
    try {
      data = readFileSync(path)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return {
          problem: {
            notice: `Key file ${path} not found`,
            failure: `Key file ${path} not found. Check the key file in the connection profile.`,
          },
        }
      return {
        failure: `Could not read the key file ${path}: ${unreadable(error)}. Check the key file in the connection profile.`,
      }
    }
    const usable = (parsed: ParsedKey | ParsedKey[]): KeyLoad => {
      const key = Array.isArray(parsed) ? parsed[0] : parsed
      if (key?.isPrivateKey()) return { key }
      return {
        failure: `${path} is a public key. Choose the private key in the connection profile: the same file name without .pub.`,
      }
    }
    const plain = utils.parseKey(data)
    if (!(plain instanceof Error)) return usable(plain)
    if (!/passphrase|encrypted/i.test(plain.message))
      return {
        failure: `${path} is not a private key Rackside can read (${plain.message}). Choose your private key file in the connection profile, e.g. ~/.ssh/id_ed25519.`,
      }
    for (let attempt = 1; attempt <= 3; attempt++) {
      let passphrase: string
      try {
        passphrase = await askInConsole(`Passphrase for ${path}: `)
      } catch (e) {
        if (!(e instanceof PromptCancelled)) throw e
        return { failure: cancelledLogin() }
      }
      const parsed = utils.parseKey(data, passphrase)
      if (!(parsed instanceof Error)) {
        learnSecret(passphrase)
        return usable(parsed)
      }
      if (attempt < 3) output.pushText('Wrong passphrase, try again.\r\n')
    }
    return {
      problem: {
        notice: `Three wrong passphrases for ${path}`,
        failure: `Three wrong passphrases for ${path}; Rackside did not log in. Connect again to try once more.`,
      },
    }
  }
  const authHandler: AuthHandlerMiddleware = (methodsLeft, partial, next) => {
    const fail = (message: string): void => {
      authFailure ??= message
      next(false as never)
    }
    if (cancelled) return fail(cancelledLogin())
    if (offered === 'agent')
      problem ??= {
        notice: `${where} accepted none of the keys in the SSH agent`,
        failure: `${username}@${where} accepted none of the keys in the SSH agent (list them with ssh-add -l). Add one to the appliance, or choose another login method.`,
      }
    else if (offered)
      problem ??= {
        notice: `${where} refused the key ${offered.path}`,
        failure: `${username}@${where} refused the key ${offered.path}. Add its public key (${offered.path}.pub) to the appliance, or choose another login method.`,
      }
    offered = undefined
    const allowed = methodsLeft ?? ['publickey', 'password', 'keyboard-interactive']
    if (options.auth === 'agent' && !triedAgent && options.agent && allowed.includes('publickey')) {
      triedAgent = true
      offered = 'agent'
      next({ type: 'agent', username, agent: options.agent })
      return
    }
    if (options.auth === 'publickey' && !triedKey && options.keyPath && allowed.includes('publickey')) {
      triedKey = true
      const path = expandHome(options.keyPath)
      loadKey(path).then(
        (loaded) => {
          if ('key' in loaded) {
            offered = { path }
            next({ type: 'publickey', username, key: loaded.key })
          } else if ('failure' in loaded) fail(loaded.failure)
          else {
            problem = loaded.problem
            authHandler(methodsLeft, partial, next)
          }
        },
        (error: unknown) => fail(`Could not use the key file ${path}: ${unreadable(error)}.`),
      )
      return
    }
    if (problem && !methodsLeft && !probed) {
      // Nothing refused yet, so which methods remain is unknown: ask, as OpenSSH does, with 'none'.
      probed = true
      next({ type: 'none', username })
      return
    }
    if (problem) {
      if (!allowed.includes('password') && !allowed.includes('keyboard-interactive'))
        return fail(problem.failure)
      output.pushText(`\x1b[33m[${problem.notice}; trying a password.]\x1b[0m\r\n`)
      problem = undefined
    }
    if (!triedInitial && options.initialPassword !== undefined && allowed.includes('password')) {
      triedInitial = true
      next({ type: 'password', username, password: options.initialPassword })
      return
    }
    if (allowed.includes('password') && options.auth !== 'keyboard-interactive') {
      if (triedInitial && options.initialPasswordFrom && !initialRefusalSaid) {
        initialRefusalSaid = true
        output.pushText(`\x1b[33m[${options.initialPasswordFrom} was refused; type the password.]\x1b[0m\r\n`)
      }
      void askPassword().then((password) => {
        if (password === undefined) {
          authFailure ??= `${username}@${where} refused the password. Check the password and connect again.`
          next(false as never)
        } else next({ type: 'password', username, password })
      })
      return
    }
    if (allowed.includes('keyboard-interactive')) {
      // Back here after a round of answers: the appliance refused them.
      if (answerRounds >= maxAttempts)
        return fail(`${username}@${where} refused the answers. Check them and connect again.`)
      if (answerRounds > 0) output.pushText('Permission denied, please try again.\r\n')
      answerRounds++
      next({
        type: 'keyboard-interactive',
        username,
        prompt: (_name, _instructions, _lang, prompts, finish) => {
          void (async () => {
            const answers: string[] = []
            for (const p of prompts) {
              let answer: string
              try {
                answer = await askInConsole(p.prompt, p.echo === true)
              } catch {
                // Empty answers end this round; the handler then ends the login.
                cancelled = true
                authFailure ??= closedByUser ? undefined : cancelledLogin()
                return finish([])
              }
              if (!p.echo) learnSecret(answer)
              answers.push(answer)
            }
            finish(answers)
          })()
        },
      })
      return
    }
    if (allowed.includes('password')) {
      void askPassword().then((password) => {
        if (password === undefined) {
          authFailure ??= `${username}@${where} refused the password. Check the password and connect again.`
          next(false as never)
        } else next({ type: 'password', username, password })
      })
      return
    }
    authFailure = `${where} offers no login Rackside can use (it allows: ${allowed.join(', ') || 'nothing'}).`
    next(false as never)
  }

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
        problem ??= {
          notice: `The SSH agent at ${options.agent} could not be used (${err.message})`,
          failure: `The SSH agent at ${options.agent} could not be used (${err.message}). Is it running? Otherwise choose another login method.`,
        }
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
      else if (authFailure || lastError?.level === 'client-authentication')
        finish(
          'failed',
          authFailure ?? `${username}@${where} refused the password. Check it and connect again.`,
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
        authHandler,
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

/**
 * Reads the host key a server presents, without logging in: the fingerprint to show the operator on first
 * contact. Never sends a user name or password (the verifier refuses the key, ending the handshake).
 */
export function scanHostKey(
  host: string,
  port: number,
  options: { legacyAlgorithms?: boolean; timeoutMs?: number; jump?: readonly JumpHop[] } = {},
): Promise<{ fingerprint: string; algorithm: string }> {
  // Behind a bastion the appliance is reached only through it: scan over the same chain (hops verified).
  if (options.jump?.length) {
    const { jump, ...rest } = options
    return openJumpChain(jump, { host, port }, options.timeoutMs).then((chain) =>
      scanOver(host, port, rest, chain.sock).finally(() => chain.close()),
    )
  }
  return scanOver(host, port, options)
}

function scanOver(
  host: string,
  port: number,
  options: { legacyAlgorithms?: boolean; timeoutMs?: number },
  sock?: Duplex,
): Promise<{ fingerprint: string; algorithm: string }> {
  return new Promise((resolve, reject) => {
    const client = new Client()
    let found: { fingerprint: string; algorithm: string } | undefined
    const timer = setTimeout(() => {
      client.destroy()
      reject(
        new RacksideError({
          code: 'connection-failed',
          message: `${host}:${port} did not complete the SSH handshake.`,
        }),
      )
    }, options.timeoutMs ?? 10_000)
    const done = () => {
      clearTimeout(timer)
      if (found) resolve(found)
    }
    client.on('error', (err: Error & { code?: string }) => {
      done()
      if (!found)
        reject(
          new RacksideError({
            code: 'connection-failed',
            message: describeConnectError(err, host, port, options.legacyAlgorithms),
          }),
        )
    })
    client.on('close', () => {
      done()
      if (!found)
        reject(
          new RacksideError({ code: 'connection-failed', message: `${host}:${port} closed the connection.` }),
        )
    })
    client.connect({
      host,
      port,
      username: 'rackside-host-key-scan',
      ...(sock ? { sock } : {}),
      readyTimeout: 0,
      ...(options.legacyAlgorithms ? { algorithms: legacyAlgorithms } : {}),
      hostVerifier: (key: Buffer) => {
        found = { fingerprint: sha256Fingerprint(key), algorithm: keyAlgorithm(key) }
        return false
      },
      authHandler: (_m, _p, next) => next(false as never),
    })
  })
}

const reason = (error: Error | undefined): string => (error ? `: ${error.message}` : '')
