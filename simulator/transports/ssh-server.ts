import { connect as tcpConnect } from 'node:net'
import { StringDecoder } from 'node:string_decoder'
import ssh2 from 'ssh2'
import type { AuthContext, Connection, ParsedKey, PublicKeyAuthContext, ServerChannel, Session } from 'ssh2'
import { sshSha256Fingerprint } from '../appliance/certs'
import type { ApplianceContract, Shell, SshLogin } from '../appliance/contract'
import { HomeFiles } from './home-files'
import { plainAddress } from './loopback'
import { OutputPacer, toCrlf } from './output-pacer'
import { parseScpCommand, runScpSink, runScpSource } from './scp'
import { serveSftp } from './sftp'

export interface SshEndpoint {
  host: string
  port: number
  /** As OpenSSH prints it: `SHA256:` + unpadded base64 of the public key blob. */
  hostKeyFingerprint: string
}

export interface SshServer {
  /** Live: host changes when the listener moves after a network restart. */
  readonly endpoint: SshEndpoint
  /** Ends every SSH connection that was made to this address. */
  dropConnectionsTo(address: string): void
  /** Stops listening on the old address and listens on the same port at the new one. */
  moveTo(host: string): Promise<void>
  close(): Promise<void>
}

type AuthMethod = AuthContext['method']

/** Always offered: the appliance's own accounts and passwords. */
const PASSWORD_METHODS: AuthMethod[] = ['password', 'keyboard-interactive']

/** What a refusal advertises: publickey only while `sysconf ssh publickey enable` is in force. */
function authMethods(appliance: ApplianceContract, user: string): AuthMethod[] {
  return appliance.sshPublicKeys(user).enabled ? ['publickey', ...PASSWORD_METHODS] : PASSWORD_METHODS
}

/**
 * The added key whose blob is the one the client offered, while public-key login is enabled; undefined
 * otherwise. The stored keys are OpenSSH public key lines, parsed here as sshd reads authorized_keys.
 */
function matchingKey(appliance: ApplianceContract, ctx: PublicKeyAuthContext): ParsedKey | undefined {
  const allowed = appliance.sshPublicKeys(ctx.username)
  if (!allowed.enabled) return undefined
  for (const line of allowed.keys) {
    const parsed = ssh2.utils.parseKey(line)
    const key = Array.isArray(parsed) ? parsed[0] : parsed
    if (!key || key instanceof Error) continue
    if (key.type === ctx.key.algo && key.getPublicSSH().equals(ctx.key.data)) return key
  }
  return undefined
}

export function sshFingerprint(privateKeyText: string): string {
  const parsed = ssh2.utils.parseKey(privateKeyText)
  const key = Array.isArray(parsed) ? parsed[0] : parsed
  if (!key || key instanceof Error)
    throw new Error(`The appliance's SSH host key cannot be parsed: ${String(key)}`)
  return sshSha256Fingerprint(key.getPublicSSH())
}

interface Tracked {
  connection: Connection
  /** The local address the client connected to. */
  host: string
}

export async function startSshServer(
  appliance: ApplianceContract,
  options: {
    host: string
    port: number
    /**
     * Serve direct-tcpip (`ssh -J`, ProxyJump) to logged-in users, as a bastion does. A Luna appliance does not
     * forward, so this is off unless a test asks for a bastion.
     */
    forwardTcp?: boolean
  },
): Promise<SshServer> {
  const hostKey = appliance.sshHostKey()
  const endpoint: SshEndpoint = {
    host: options.host,
    port: options.port,
    hostKeyFingerprint: sshFingerprint(hostKey),
  }
  const files = new HomeFiles(appliance)
  const connections = new Set<Tracked>()

  const onConnection = (host: string) => (connection: Connection, info: { ip: string }) => {
    const tracked: Tracked = { connection, host }
    connections.add(tracked)
    const remoteAddress = plainAddress(info.ip)
    let user: string | undefined
    let passwordExpired = false
    let login: SshLogin = 'password'
    connection.on('error', () => {})
    connection.on('close', () => connections.delete(tracked))
    connection.on('authentication', (ctx) => {
      const refuse = () => ctx.reject(authMethods(appliance, ctx.username))
      const check = (password: string) => {
        const result = appliance.authenticate(ctx.username, password)
        if (result.ok) {
          user = ctx.username
          passwordExpired = result.mustChangePassword
          login = 'password'
          ctx.accept()
        } else refuse()
      }
      if (ctx.method === 'password') check(ctx.password)
      else if (ctx.method === 'keyboard-interactive') {
        ctx.prompt([{ prompt: 'Password: ', echo: false }], (answers) => check(answers[0] ?? ''))
      } else if (ctx.method === 'publickey') {
        const key = matchingKey(appliance, ctx)
        if (!key) return refuse()
        // No signature: the client asks whether this key would do (SSH_MSG_USERAUTH_PK_OK), nothing more.
        if (!ctx.signature) return ctx.accept()
        // verify() answers true, false, or an Error for a malformed signature: only true logs in.
        if (!ctx.blob || key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true) return refuse()
        user = ctx.username
        // The factory-password change belongs to password logins: a real appliance forces it when the password
        // is typed; a key login has no password to change, so it goes straight in (see LunaShell.run).
        passwordExpired = false
        login = 'publickey'
        ctx.accept()
      } else refuse()
    })
    connection.on('ready', () => {
      connection.on('session', (accept) => {
        if (user === undefined) return
        handleSession(accept(), { appliance, files, connection, user, remoteAddress, passwordExpired, login })
      })
      connection.on('tcpip', (accept, reject, info) => {
        if (!options.forwardTcp || user === undefined) return reject()
        const socket = tcpConnect(info.destPort, info.destIP)
        socket.once('error', () => reject())
        socket.once('connect', () => {
          const channel = accept()
          socket.removeAllListeners('error')
          socket.on('error', () => channel.close())
          channel.on('error', () => socket.destroy())
          channel.pipe(socket).pipe(channel)
        })
      })
    })
  }

  // One ssh2 Server per address: moving to a new address opens a new listener and stops the old one from
  // accepting, while its sessions live on until they are dropped.
  let server = new ssh2.Server({ hostKeys: [hostKey] }, onConnection(endpoint.host))
  await listen(server, endpoint.port, endpoint.host)
  endpoint.port = (server.address() as { port: number }).port
  const retired: Promise<void>[] = []

  return {
    endpoint,
    dropConnectionsTo(address) {
      for (const tracked of connections) {
        if (tracked.host === address) tracked.connection.end()
      }
    },
    async moveTo(host) {
      const next = new ssh2.Server({ hostKeys: [hostKey] }, onConnection(host))
      await listen(next, endpoint.port, host)
      retired.push(closeListener(server))
      server = next
      endpoint.host = host
    },
    async close() {
      retired.push(closeListener(server))
      for (const tracked of connections) tracked.connection.end()
      // A client that ignores the disconnect must not hold up stop().
      await Promise.race([Promise.all(retired), new Promise((resolve) => setTimeout(resolve, 2000).unref())])
    },
  }
}

function listen(server: ssh2.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error)
    server.once('error', onError)
    server.listen(port, host, () => {
      server.off('error', onError)
      resolve()
    })
  })
}

/** Stops accepting at once; resolves when the listener's last connection has closed. */
function closeListener(server: ssh2.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()))
}

interface SessionContext {
  appliance: ApplianceContract
  files: HomeFiles
  connection: Connection
  user: string
  remoteAddress: string
  /** The factory password still has to be changed: only an interactive shell (with its pty) can do that. */
  passwordExpired: boolean
  /** How the user logged in: the shell forces the factory-password change only after a password login. */
  login: SshLogin
}

// What OpenSSH's sshd prints when PAM demands a password change on a session without a terminal.
const EXPIRED_NO_TTY = 'WARNING: Your password has expired.\nPassword change required but no TTY available.\n'

function handleSession(session: Session, context: SessionContext): void {
  const { appliance } = context
  let size: { cols: number; rows: number } | undefined
  let shell: Shell | undefined

  session.on('pty', (accept, _reject, info) => {
    size = { cols: info.cols, rows: info.rows }
    accept?.()
  })
  session.on('window-change', (accept, _reject, info) => {
    size = { cols: info.cols, rows: info.rows }
    shell?.resize?.(info.cols, info.rows)
    accept?.()
  })
  session.on('env', (accept) => accept?.())

  session.on('shell', (accept) => {
    const channel = accept()
    const pacer = channelPacer(channel, context)
    let ended = false
    const decoder = new StringDecoder('utf8')
    shell = appliance.openShell(
      {
        write: (text) => {
          if (!ended) pacer.push(toCrlf(text))
        },
        hangup: () => {
          if (ended) return
          ended = true
          // Closing the channel is enough: OpenSSH then says `Connection to ... closed.` as with the real appliance.
          void pacer.flushed().then(() => finish(channel, 0))
        },
      },
      { user: context.user, transport: 'ssh', remoteAddress: context.remoteAddress, login: context.login },
    )
    if (size) shell.resize?.(size.cols, size.rows)
    channel.on('data', (data: Buffer) => shell?.input(decoder.write(data)))
    channel.on('close', () => {
      pacer.stop()
      shell?.close()
    })
  })

  session.on('exec', (accept, _reject, info) => {
    const channel = accept()
    const scp = parseScpCommand(info.command)
    if (scp && context.passwordExpired) {
      channel.stderr.write(EXPIRED_NO_TTY)
      return finish(channel, 1)
    }
    if (scp) {
      const run = scp.mode === 'source' ? runScpSource : runScpSink
      void run(channel, context.files, scp.path)
        .catch(() => 1)
        .then((status) => finish(channel, status))
      return
    }
    const pacer = channelPacer(channel, context)
    appliance
      .runOneShot(context.user, info.command, context.remoteAddress, { login: context.login })
      .then(async ({ output, exitCode }) => {
        pacer.push(size ? toCrlf(output) : output)
        await pacer.flushed()
        finish(channel, exitCode)
      })
      .catch((error: unknown) => {
        channel.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
        finish(channel, 1)
      })
  })

  session.on('sftp', (accept, reject) => {
    // 5.x/6.x appliances have no SFTP subsystem, so OpenSSH 9 `scp` fails there without -O.
    if (appliance.era !== 7) return reject?.()
    if (context.passwordExpired) {
      // unverified: NOT FOUND in reference (SFTP before the first password change); sshd refuses the session.
      return reject?.()
    }
    serveSftp(accept(), context.files)
  })
}

function channelPacer(channel: ServerChannel, context: SessionContext): OutputPacer {
  return new OutputPacer({
    write: (chunk) => channel.write(chunk),
    faults: () => context.appliance.faults(),
    onByteLimit: () => context.connection.end(),
  })
}

function finish(channel: ServerChannel, status: number): void {
  channel.exit(status)
  channel.end()
}
