import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { decodeDataFrame } from '../../shared/data-frame'
import { createHost } from '../host/host'
import { startWebHost, type WebHost } from './server'

const rendererDir = mkdtempSync(join(tmpdir(), 'rackside-renderer-'))
writeFileSync(
  join(rendererDir, 'index.html'),
  '<!doctype html><title>Rackside</title><script type="module" src="/assets/app.js"></script>',
)
mkdirSync(join(rendererDir, 'assets'))
writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("rackside")')

const noDemo = { start: () => Promise.reject(new Error('not in this test')), stop: async () => {} }

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, headers: { Host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        let body = ''
        res.on('data', (c: Buffer) => (body += c.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

function openSocket(url: string, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers })
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

let web: WebHost
let origin: string

beforeAll(async () => {
  web = await startWebHost({
    rendererDir,
    appHost: createHost({ kind: 'web', version: '0.0.0-test', demo: noDemo }),
  })
  origin = `http://127.0.0.1:${web.port}`
})
afterAll(async () => web.close())

describe('browser host', () => {
  it('prints a loopback URL with a random token', () => {
    expect(web.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/)
    expect(web.url).toContain(web.token)
  })

  it('serves the page with the token, sets an HttpOnly SameSite=Strict cookie and a strict CSP', async () => {
    const res = await get(web.port, `/?token=${web.token}`)
    expect(res.status).toBe(200)
    expect(res.body).toContain('<title>Rackside</title>')
    expect(String(res.headers['set-cookie'])).toMatch(
      /rackside_token=[\w-]+; HttpOnly; SameSite=Strict; Path=\//,
    )
    const csp = String(res.headers['content-security-policy'])
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain(`connect-src ws://127.0.0.1:${web.port}/api`)
    expect(csp).not.toMatch(/unsafe-eval|https?:\/\/(?!127)|\*/)
    expect(res.headers['referrer-policy']).toBe('no-referrer')
  })

  it('serves the assets to the page that holds the cookie', async () => {
    const res = await get(web.port, '/assets/app.js', { Cookie: `rackside_token=${web.token}` })
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toMatch(/javascript/)
  })

  const refused: [string, () => [string, Record<string, string>]][] = [
    ['no token', () => ['/', {}]],
    ['a wrong token', () => [`/?token=${'x'.repeat(web.token.length)}`, {}]],
    ['a wrong cookie', () => ['/assets/app.js', { Cookie: 'rackside_token=guess' }]],
    ['a foreign Origin', () => [`/?token=${web.token}`, { Origin: 'http://evil.example' }]],
    ['a wrong Host (DNS rebinding)', () => [`/?token=${web.token}`, { Host: `evil.example:${web.port}` }]],
    ['a localhost Host', () => [`/?token=${web.token}`, { Host: `localhost:${web.port}` }]],
    ['a cross-site fetch', () => [`/?token=${web.token}`, { 'Sec-Fetch-Site': 'cross-site' }]],
  ]
  it.each(refused)('answers 403 to a request with %s, the page included', async (_what, make) => {
    const [path, headers] = make()
    const res = await get(web.port, path, headers)
    expect(res.status).toBe(403)
    expect(res.body).not.toContain('Rackside</title>')
    expect(res.headers['set-cookie']).toBeUndefined()
  })

  it('does not serve files outside the renderer', async () => {
    const res = await get(web.port, `/..%2f..%2fetc%2fpasswd?token=${web.token}`)
    expect([403, 404]).toContain(res.status)
    expect(res.body).not.toContain('root:')
  })

  it('answers app.info over the WebSocket to a client with the token and our origin', async () => {
    const ws = await openSocket(`ws://127.0.0.1:${web.port}/api`, {
      Origin: origin,
      Cookie: `rackside_token=${web.token}`,
    })
    const reply = await new Promise<unknown>((resolve) => {
      ws.once('message', (m) => resolve(JSON.parse(String(m))))
      ws.send(JSON.stringify({ id: 1, method: 'app.info', params: {} }))
    })
    expect(reply).toEqual({ id: 1, reply: { ok: true, value: { version: expect.any(String), host: 'web' } } })
    const bad = await new Promise<unknown>((resolve) => {
      ws.once('message', (m) => resolve(JSON.parse(String(m))))
      ws.send(
        JSON.stringify({
          id: 2,
          method: 'sessions.open',
          params: { profileId: 'demo\n', cols: 80, rows: 24 },
        }),
      )
    })
    expect(bad).toMatchObject({ id: 2, reply: { ok: false, error: { code: 'invalid-request' } } })
    ws.close()
  })

  it('refuses the WebSocket without the token, with a wrong token, from another origin or without one', async () => {
    const url = `ws://127.0.0.1:${web.port}/api`
    await expect(openSocket(url, { Origin: origin })).rejects.toThrow('HTTP 403')
    await expect(openSocket(`${url}?token=nope`, { Origin: origin })).rejects.toThrow('HTTP 403')
    await expect(openSocket(`${url}?token=${web.token}`, { Origin: 'http://evil.example' })).rejects.toThrow(
      'HTTP 403',
    )
    await expect(openSocket(`${url}?token=${web.token}`, {})).rejects.toThrow('HTTP 403')
  })
})

describe('browser host events', () => {
  it('sends console output as a data frame the page decodes, and other events as JSON', async () => {
    const appHost = createHost({ kind: 'web', version: '0.0.0-test', demo: noDemo })
    const own = await startWebHost({ rendererDir, appHost })
    try {
      const ws = await openSocket(`ws://127.0.0.1:${own.port}/api`, {
        Origin: `http://127.0.0.1:${own.port}`,
        Cookie: `rackside_token=${own.token}`,
      })
      const frames: { binary: boolean; bytes: Buffer }[] = []
      ws.on('message', (m, binary) => frames.push({ binary, bytes: m as Buffer }))
      const data = '\x1b[32mok\x1b[0m "quoted" \\ \u00e9\r\n'
      // The first socket of a web host is its client ws-1.
      appHost.events.emit('event', {
        client: 'ws-1',
        name: 'session.data',
        payload: { sessionId: 's-0123abcd', data },
      })
      appHost.events.emit('event', {
        client: 'ws-1',
        name: 'session.status',
        payload: { sessionId: 's-0123abcd', state: 'connected' },
      })
      appHost.events.emit('event', {
        client: 'ws-2',
        name: 'session.data',
        payload: { sessionId: 's-99999999', data },
      })
      await expect.poll(() => frames.length).toBe(2)
      expect(frames.map((f) => f.binary)).toEqual([true, false])
      const output = decodeDataFrame(new Uint8Array(frames[0]!.bytes))
      expect(output?.sessionId).toBe('s-0123abcd')
      expect(Buffer.from(output!.bytes).toString('utf8')).toBe(data)
      expect(JSON.parse(frames[1]!.bytes.toString('utf8'))).toEqual({
        event: 'session.status',
        payload: { sessionId: 's-0123abcd', state: 'connected' },
      })
      ws.close()
    } finally {
      await own.close()
      await appHost.close()
    }
  })
})

describe('browser host binding', () => {
  it.each(['0.0.0.0', '::', '192.168.1.10', 'localhost'])('refuses to bind %s', async (address) => {
    await expect(startWebHost({ host: address, rendererDir })).rejects.toThrow(/only binds 127\.0\.0\.1/)
  })
})
