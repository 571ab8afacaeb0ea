/**
 * Who may talk to the browser host: only a page from our own origin that knows the token. Checks the Host
 * header (against DNS rebinding), the Origin header (against other sites) and the token (query or cookie).
 */
import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export const tokenCookie = 'rackside_token'

export interface Guard {
  readonly origin: string
  /** Why the request is refused, or undefined when it may proceed. */
  refuse(req: IncomingMessage, options?: { requireOrigin?: boolean }): string | undefined
  /** The token given in the URL's query, when it is the right one (to set the cookie). */
  tokenFromQuery(req: IncomingMessage): boolean
}

function sameSecret(given: string | undefined, token: string): boolean {
  if (given === undefined) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return rest.join('=')
  }
  return undefined
}

const queryToken = (req: IncomingMessage): string | undefined =>
  new URL(req.url ?? '/', 'http://x').searchParams.get('token') ?? undefined

export function createGuard(host: string, port: number, token: string): Guard {
  const authority = `${host}:${port}`
  const origin = `http://${authority}`
  return {
    origin,
    refuse(req, { requireOrigin = false } = {}) {
      if (req.headers.host !== authority)
        return `Host header ${JSON.stringify(req.headers.host ?? '')} is not ${authority}`
      const from = req.headers.origin
      if (from !== undefined && from !== origin) return `Origin ${JSON.stringify(from)} is not ${origin}`
      if (from === undefined && requireOrigin) return 'Origin header missing'
      const site = req.headers['sec-fetch-site']
      if (site !== undefined && site !== 'same-origin' && site !== 'none')
        return `cross-site request (${site})`
      if (
        !sameSecret(queryToken(req), token) &&
        !sameSecret(cookieValue(req.headers.cookie, tokenCookie), token)
      )
        return 'missing or wrong token'
      return undefined
    },
    tokenFromQuery: (req) => sameSecret(queryToken(req), token),
  }
}

/** The page's Content-Security-Policy: our own scripts only, no eval, no remote origins, the API socket only. */
export function contentSecurityPolicy(origin: string): string {
  const ws = origin.replace(/^http/, 'ws')
  return [
    "default-src 'none'",
    "script-src 'self'",
    // The WebSocket to the host runs in a worker of ours (renderer/bridge/socket-worker.ts).
    "worker-src 'self'",
    // xterm.js themes itself with a <style> element; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src ${ws}/api`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ')
}
