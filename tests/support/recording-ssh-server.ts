/**
 * A small ssh2 server that records every connection and authentication attempt, for tests that must prove what
 * was (or was not) sent to an SSH server: no password before the host key is trusted, no retry after a re-key.
 * Its shell echoes what it is sent after a `recorder$ ` prompt; `exit` ends it as `onExit` says.
 */
import ssh2 from 'ssh2'
import type { Connection } from 'ssh2'

const { Server } = ssh2

export interface AuthAttempt {
  method: string
  password?: string
}

export interface RecordingSshServer {
  port: number
  /** Every authentication attempt, in order. */
  attempts: AuthAttempt[]
  /** Connections and authentication attempts in order: 'connection', 'auth password', … */
  log: string[]
  /** Drops every connection and comes back on the same port presenting `key` (the appliance was re-keyed). */
  rekey(key: string): Promise<void>
  close(): Promise<void>
}

/**
 * How the shell ends when it reads `exit`: with exit status 0 (OpenSSH), by closing its channel with no status
 * (some servers do), or killed by SIGTERM (an appliance shutting down).
 */
export type ShellEnd = 'status' | 'no-status' | 'signal'

/** Listens on 127.0.0.1 with `hostKey`, accepting only `password`. */
export async function recordingSshServer(
  hostKey: string,
  password: string,
  onExit: ShellEnd = 'status',
): Promise<RecordingSshServer> {
  const attempts: AuthAttempt[] = []
  const log: string[] = []
  const connections = new Set<Connection>()
  const make = (key: string) =>
    new Server({ hostKeys: [key] }, (client: Connection) => {
      connections.add(client)
      log.push('connection')
      client.on('close', () => connections.delete(client))
      client.on('error', () => undefined)
      client.on('authentication', (ctx) => {
        log.push(`auth ${ctx.method}`)
        attempts.push({
          method: ctx.method,
          ...(ctx.method === 'password' ? { password: ctx.password } : {}),
        })
        if (ctx.method === 'password' && ctx.password === password) ctx.accept()
        else ctx.reject(['password'])
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
    })
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
