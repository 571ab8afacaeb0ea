/**
 * An SSH console: ssh2 Client, a pty shell, the host key pinned to an expected SHA-256 fingerprint, and
 * password authentication that tries a known password first and otherwise asks in the console.
 */
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2'
import { RacksideError } from '../../shared/api'
import { sameFingerprint, sha256Fingerprint } from './host-key'
import { secretPrompt, PromptCancelled } from './secret-prompt'
import type { ConsoleSession, SessionSink } from './session'
import { outputPipeline, type OutputPipelineOptions } from './stages'

export interface SshTarget {
  host: string
  port: number
  username: string
  /** The fingerprint the server must present (`SHA256:...`); anything else is refused. */
  hostKeyFingerprint: string
  /** Tried before asking, e.g. the factory default of a demo appliance. Never logged. */
  initialPassword?: string
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

/** A sentence a person can act on, for an error raised while reaching `host:port`. */
export function describeConnectError(
  error: Error & { code?: string; level?: string },
  host: string,
  port: number,
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
  let lastError: (Error & { code?: string; level?: string }) | undefined
  let authFailure: string | undefined

  const output = outputPipeline({
    ...options.output,
    emit: (text) => sink.data(text),
    pause: () => stream?.pause(),
    resume: () => stream?.resume(),
  })
  const prompt = secretPrompt((text) => output.pushText(text))

  const session: ConsoleSession = {
    title: options.title ?? `${username}@${where}`,
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
  let typedAttempts = 0
  /** Asks in the console. Like a tty, what was typed ahead goes to the next reader: the prompt, never the shell. */
  const askInConsole = (text: string): Promise<string> => {
    const answer = prompt.ask(text)
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
      return await askInConsole(`${username}@${host}'s password: `)
    } catch (e) {
      if (!(e instanceof PromptCancelled)) throw e
      authFailure = closedByUser ? undefined : `Login to ${where} cancelled.`
      return undefined
    }
  }
  const authHandler: ConnectConfig['authHandler'] = (methodsLeft, _partial, next) => {
    const allowed = methodsLeft ?? ['password', 'keyboard-interactive']
    if (!triedInitial && options.initialPassword !== undefined && allowed.includes('password')) {
      triedInitial = true
      next({ type: 'password', username, password: options.initialPassword })
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
    if (allowed.includes('keyboard-interactive')) {
      next({
        type: 'keyboard-interactive',
        username,
        prompt: (_name, _instructions, _lang, prompts, finish) => {
          void (async () => {
            const answers: string[] = []
            for (const p of prompts) {
              const answer = await askInConsole(p.prompt).catch(() => undefined)
              if (answer === undefined) return finish([])
              answers.push(answer)
            }
            finish(answers)
          })()
        },
      })
      return
    }
    authFailure = `${where} offers no password login (it allows: ${allowed.join(', ') || 'nothing'}).`
    next(false as never)
  }

  return new Promise<ConsoleSession>((resolve, reject) => {
    const finish = (state: 'closed' | 'failed', message: string): void => {
      if (ended) return
      ended = true
      prompt.cancel()
      output.end()
      sink.status(state, message)
      output.dispose()
    }

    client.on('handshake', () => {
      handshakeDone = true
      resolve(session)
      sink.status('connecting', `Host key ${presentedFingerprint} verified; logging in as ${username}.`)
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
        channel.on('close', () => client.end())
        sink.status('connected', `Connected to ${session.title}`)
      })
    })

    client.on('error', (err: Error & { code?: string; level?: string }) => {
      lastError = err
      if (handshakeDone) return
      if (presentedFingerprint && !sameFingerprint(presentedFingerprint, options.hostKeyFingerprint)) {
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
          new RacksideError({ code: 'connection-failed', message: describeConnectError(err, host, port) }),
        )
    })

    client.on('close', () => {
      if (!handshakeDone) {
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
      else if (lastError) finish('closed', `Connection to ${where} lost: ${lastError.message}`)
      else finish('closed', `Connection to ${where} closed by the appliance.`)
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

    sink.status('connecting', `Connecting to ${where}…`)
    client.connect({
      host,
      port,
      username,
      readyTimeout: 0,
      keepaliveInterval: 15_000,
      hostVerifier: (key: Buffer) => {
        presentedFingerprint = sha256Fingerprint(key)
        return sameFingerprint(presentedFingerprint, options.hostKeyFingerprint)
      },
      authHandler,
    })
  })
}

const reason = (error: Error | undefined): string => (error ? `: ${error.message}` : '')
