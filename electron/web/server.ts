/**
 * The browser host: the same host and renderer as the desktop app, served on 127.0.0.1 with a one-time token.
 * The page talks to the host over a WebSocket at /api carrying {id, method, params} → {id, reply} and {event, payload}
 * (api-socket.ts serves each connection; frames.ts reads each message as untrusted input).
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, resolve, sep } from 'node:path'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { createHost, type Host } from '../host/host'
import type { AppLog } from '../log/app-log'
import { loggedHost } from '../log/host-log'
import { serveApiSocket } from './api-socket'
import { maxMessageBytes } from './frames'
import { contentSecurityPolicy, createGuard, tokenCookie } from './guard'

export interface WebHostOptions {
  /** 0 (the default) picks a free port. */
  port?: number
  /** Only 127.0.0.1 is accepted. */
  host?: string
  /** The built renderer (default: out/renderer of this checkout). */
  rendererDir?: string
  /** An existing host to serve (default: a new web host, closed with the server). */
  appHost?: Host
  /** Where the host's one-line notices go, e.g. a refused frame (default: stderr). */
  log?: (line: string) => void
  /** The app log the default host writes to (its refusals, console states), and "Open log folder" names. */
  appLog?: AppLog
}

export interface WebHost {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

export class LoopbackOnlyError extends Error {
  constructor(address: string) {
    super(
      `Refusing to listen on ${address}: the browser host serves a live console and only binds 127.0.0.1. ` +
        'To reach it from another machine, use an SSH tunnel (ssh -L).',
    )
    this.name = 'LoopbackOnlyError'
  }
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
}

export const defaultRendererDir = resolve(import.meta.dirname, '../../out/renderer')

function appVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as {
      version?: unknown
    }
    return typeof pkg.version === 'string' ? pkg.version : 'unknown'
  } catch {
    return 'unknown'
  }
}

function defaultAppHost(appLog: AppLog | undefined): Host {
  const host = createHost({
    kind: 'web',
    version: appVersion(),
    // The browser host cannot open a folder on the operator's desktop: the page shows the path instead.
    ...(appLog ? { logFolder: { path: appLog.dir } } : {}),
  })
  return appLog ? loggedHost(host, appLog) : host
}

export async function startWebHost(options: WebHostOptions = {}): Promise<WebHost> {
  const bindHost = options.host ?? '127.0.0.1'
  if (bindHost !== '127.0.0.1') throw new LoopbackOnlyError(bindHost)
  const rendererDir = resolve(options.rendererDir ?? defaultRendererDir)
  const appHost = options.appHost ?? defaultAppHost(options.appLog)
  const token = randomBytes(24).toString('base64url')
  const log = options.log ?? ((line: string) => void process.stderr.write(`rackside start:web: ${line}\n`))

  const server = createServer()
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, bindHost, () => {
      server.off('error', reject)
      resolveListen()
    })
  })
  server.on('error', (error: NodeJS.ErrnoException) => log(`server error (${error.code ?? error.message})`))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const guard = createGuard(bindHost, port, token)
  const csp = contentSecurityPolicy(guard.origin)

  const baseHeaders = {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  }

  const forbid = (res: ServerResponse): void => {
    res.writeHead(403, { ...baseHeaders, 'Content-Type': 'text/plain; charset=utf-8' })
    res.end('Forbidden: open the URL that `npm run start:web` printed, token included.\n')
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (guard.refuse(req)) return forbid(res)
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...baseHeaders, Allow: 'GET, HEAD' })
      res.end()
      return
    }
    const path = decodeURIComponent(new URL(req.url ?? '/', guard.origin).pathname)
    const relative = path === '/' ? 'index.html' : normalize(path).replace(/^[/\\]+/, '')
    const file = join(rendererDir, relative)
    if (!file.startsWith(rendererDir + sep) || relative.split(/[/\\]/).includes('..')) return forbid(res)
    let body: Buffer
    try {
      body = await readFile(file)
    } catch {
      res.writeHead(404, { ...baseHeaders, 'Content-Type': 'text/plain; charset=utf-8' })
      res.end(
        relative === 'index.html' ? 'The renderer is not built: run `npm run build` first.\n' : 'Not found\n',
      )
      return
    }
    const headers: Record<string, string> = {
      ...baseHeaders,
      'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream',
    }
    if (guard.tokenFromQuery(req))
      headers['Set-Cookie'] = `${tokenCookie}=${token}; HttpOnly; SameSite=Strict; Path=/`
    res.writeHead(200, headers)
    res.end(req.method === 'HEAD' ? undefined : body)
  }

  server.on('request', (req, res) => {
    serve(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, baseHeaders)
      res.end()
    })
  })

  // The API socket: same token and origin checks, and the browser always sends Origin on a WebSocket.
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes })
  wss.on('error', (error: NodeJS.ErrnoException) =>
    log(`WebSocket server error (${error.code ?? error.message})`),
  )
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node takes its own error listener off a socket it hands to 'upgrade': a client that resets the
    // connection while being refused would otherwise end the process.
    socket.on('error', () => socket.destroy())
    const path = new URL(req.url ?? '/', guard.origin).pathname
    if (path !== '/api' || guard.refuse(req, { requireOrigin: true })) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws))
  })

  let clientCount = 0
  const attach = (ws: WebSocket): void => serveApiSocket(ws, `ws-${++clientCount}`, appHost, log)

  return {
    url: `${guard.origin}/?token=${token}`,
    port,
    token,
    async close() {
      for (const ws of wss.clients) ws.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((done) => server.close(() => done()))
      if (!options.appHost) await appHost.close()
    },
  }
}
