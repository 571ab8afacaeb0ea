/**
 * A small ssh2 server that records every connection and authentication attempt, for tests that must prove what
 * was (or was not) sent to an SSH server: no password before the host key is trusted, no retry after a re-key.
 * Besides a password it can accept chosen public keys and keyboard-interactive answers, and offer only the
 * algorithms it is given (an old appliance). Its shell echoes what it is sent after a `recorder$ ` prompt and
 * keeps it in `shellInput`; `exit` ends it as `onExit` says.
 */
import ssh2 from 'ssh2'
import type { Algorithms, Connection, ParsedKey, Prompt } from 'ssh2'
import { sha256Fingerprint } from '../../electron/sessions/host-key'

const { Server, utils } = ssh2

export interface AuthAttempt {
  method: string
  password?: string
  /** publickey: the offered key's SHA-256 fingerprint, and whether the offer was signed (a login, not a query). */
  key?: string
  signed?: boolean
  /** keyboard-interactive: what the client answered. */
  answers?: string[]
}

/** What lets a user in. A bare string is a password, as before. */
export interface Logins {
  password?: string
  /** Public keys in OpenSSH's one-line form (the contents of `id_ed25519.pub`). */
  publicKeys?: string[]
  /** Keyboard-interactive: one round of these prompts, answered with exactly these answers. */
  keyboardInteractive?: { prompts: Prompt[]; answers: string[] }
}

export interface RecordingSshServer {
  port: number
  /** Every authentication attempt, in order. */
  attempts: AuthAttempt[]
  /** Connections and authentication attempts in order: 'connection', 'auth password', … */
  log: string[]
  /** Everything the shells received, chunk by chunk: what reached the appliance's command line. */
  shellInput: string[]
  /** Drops every connection and comes back on the same port presenting `key` (the appliance was re-keyed). */
  rekey(key: string): Promise<void>
  close(): Promise<void>
}

/**
 * How the shell ends when it reads `exit`: with exit status 0 (OpenSSH), by closing its channel with no status
 * (some servers do), or killed by SIGTERM (an appliance shutting down).
 */
export type ShellEnd = 'status' | 'no-status' | 'signal'

const parsePublic = (line: string): ParsedKey => {
  const parsed = utils.parseKey(line)
  if (parsed instanceof Error) throw parsed
  return Array.isArray(parsed) ? parsed[0]! : parsed
}

/**
 * Listens on 127.0.0.1 with `hostKey`, accepting what `logins` allows (a bare string: only that password).
 * `algorithms` replaces ssh2's defaults, e.g. to offer only what an old appliance knows.
 */
export async function recordingSshServer(
  hostKey: string,
  logins: string | Logins,
  onExit: ShellEnd = 'status',
  options: { algorithms?: Algorithms } = {},
): Promise<RecordingSshServer> {
  const allowed: Logins = typeof logins === 'string' ? { password: logins } : logins
  const keys = (allowed.publicKeys ?? []).map(parsePublic)
  const methods = [
    ...(allowed.password !== undefined ? ['password' as const] : []),
    ...(keys.length ? ['publickey' as const] : []),
    ...(allowed.keyboardInteractive ? ['keyboard-interactive' as const] : []),
  ]
  const attempts: AuthAttempt[] = []
  const log: string[] = []
  const shellInput: string[] = []
  const connections = new Set<Connection>()
  const make = (key: string) =>
    new Server(
      { hostKeys: [key], ...(options.algorithms ? { algorithms: options.algorithms } : {}) },
      (client: Connection) => {
        connections.add(client)
        log.push('connection')
        client.on('close', () => connections.delete(client))
        client.on('error', () => undefined)
        client.on('authentication', (ctx) => {
          log.push(`auth ${ctx.method}`)
          if (ctx.method === 'password') {
            attempts.push({ method: ctx.method, password: ctx.password })
            if (ctx.password === allowed.password) ctx.accept()
            else ctx.reject(methods)
          } else if (ctx.method === 'publickey') {
            const offered = ctx.key
            attempts.push({
              method: ctx.method,
              key: sha256Fingerprint(offered.data),
              signed: ctx.signature !== undefined,
            })
            const known = keys.find((k) => k.type === offered.algo && k.getPublicSSH().equals(offered.data))
            const proved =
              known && (!ctx.signature || known.verify(ctx.blob!, ctx.signature, ctx.hashAlgo) === true)
            if (proved) ctx.accept()
            else ctx.reject(methods)
          } else if (ctx.method === 'keyboard-interactive' && allowed.keyboardInteractive) {
            const { prompts, answers } = allowed.keyboardInteractive
            ctx.prompt(prompts, 'Rack 7 login', '', (given) => {
              attempts.push({ method: ctx.method, answers: given })
              if (given.length === answers.length && given.every((a, i) => a === answers[i])) ctx.accept()
              else ctx.reject(methods)
            })
          } else {
            attempts.push({ method: ctx.method })
            ctx.reject(methods)
          }
        })
        client.on('ready', () => {
          client.on('session', (accept) => {
            const session = accept()
            session.on('pty', (ok) => ok())
            session.on('shell', (ok) => {
              const stream = ok()
              stream.write('recorder$ ')
              let typed = ''
              stream.on('data', (d: Buffer) => {
                shellInput.push(d.toString())
                stream.write(d)
                typed = (typed + d.toString()).slice(-8)
                if (!typed.endsWith('exit\r')) return
                if (onExit === 'status') stream.exit(0)
                else if (onExit === 'signal') stream.exit('TERM', false, '')
                stream.end()
                stream.close()
              })
            })
          })
        })
      },
    )
  let server = make(hostKey)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  const stop = async () => {
    const old = server
    const closed = new Promise<void>((r) => old.close(() => r()))
    for (const c of connections) c.end()
    await closed
  }
  return {
    port,
    attempts,
    log,
    shellInput,
    async rekey(key) {
      await stop()
      server = make(key)
      await new Promise<void>((r, reject) => {
        server.once('error', reject)
        server.listen(port, '127.0.0.1', () => r())
      })
    },
    close: stop,
  }
}
