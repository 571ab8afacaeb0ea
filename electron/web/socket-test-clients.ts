/**
 * Clients of a started browser host for the tests of its API socket: a page-like client over `ws` (requests by
 * id, console output decoded and acknowledged, the close it got), and a raw TCP client that writes WebSocket
 * frames by hand, including the malformed ones no WebSocket library will send.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { decodeDataFrame } from '../../shared/data-frame'
import type { WebHost } from './server'

export type Reply = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } }
export interface Closed {
  code: number
  reason: string
}

/** A renderer folder with just a page, so the host starts without a build. */
export function stubRenderer(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rackside-renderer-'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Rackside</title>')
  return dir
}

const admission = (web: WebHost) => ({
  Origin: `http://127.0.0.1:${web.port}`,
  Cookie: `rackside_token=${web.token}`,
})

async function waitFor(check: () => boolean, what: () => string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

/** A client of the API socket as the page is one: replies by id, events, console output (acknowledged). */
export class PageClient {
  readonly replies = new Map<number, Reply>()
  /** Every JSON text frame, in order. */
  readonly messages: unknown[] = []
  output = ''
  closed: Closed | undefined
  private waiting = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>()
  private nextId = 1

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, binary) => {
      if (binary) {
        const frame = decodeDataFrame(new Uint8Array(data))
        if (!frame) return
        this.output += Buffer.from(frame.bytes).toString('utf8')
        // Acknowledged as the page does, so flow control never pauses the console.
        this.send({
          id: this.nextId++,
          method: 'sessions.ack',
          params: { sessionId: frame.sessionId, chars: frame.chars },
        })
        return
      }
      const message = JSON.parse(data.toString('utf8')) as { id?: number; reply?: Reply }
      this.messages.push(message)
      if (typeof message.id === 'number' && message.reply) {
        this.replies.set(message.id, message.reply)
        this.waiting.get(message.id)?.resolve(message.reply)
        this.waiting.delete(message.id)
      }
    })
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString('utf8') }
      for (const { reject } of this.waiting.values())
        reject(new Error(`closed ${code} (${reason.toString()})`))
      this.waiting.clear()
    })
    ws.on('error', () => undefined)
  }

  static open(web: WebHost): Promise<PageClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${web.port}/api`, { headers: admission(web) })
      ws.once('open', () => resolve(new PageClient(ws)))
      ws.once('error', reject)
    })
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN
  }

  send(message: unknown): void {
    this.ws.send(JSON.stringify(message))
  }

  /** Sends bytes as one frame: a text frame unless `binary`, whether or not the bytes are UTF-8. */
  sendRaw(data: Buffer | string, binary = false): void {
    this.ws.send(data, { binary })
  }

  /** A request as the page makes it; `id` picks the id (default: the next one). */
  call(method: string, params: unknown = {}, id = this.nextId++): Promise<Reply> {
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject })
      this.ws.send(JSON.stringify({ id, method, params }), (error) => error && reject(error))
    })
  }

  async ok<T>(method: string, params: unknown = {}): Promise<T> {
    const reply = await this.call(method, params)
    if (!reply.ok) throw new Error(`${method}: ${reply.error.code}: ${reply.error.message}`)
    return reply.value as T
  }

  /** The reply to request `id`, when it comes. */
  async reply(id: number): Promise<Reply> {
    await waitFor(
      () => this.replies.has(id) || this.closed !== undefined,
      () => `a reply to ${id}`,
    )
    const reply = this.replies.get(id)
    if (!reply) throw new Error(`closed ${JSON.stringify(this.closed)} instead of answering ${id}`)
    return reply
  }

  async whenClosed(timeoutMs = 10_000): Promise<Closed> {
    await waitFor(
      () => this.closed !== undefined,
      () => 'the host to close the socket',
      timeoutMs,
    )
    return this.closed!
  }

  /** Console output from here on, once it matches `pattern`. */
  async see(pattern: RegExp, since = this.output.length): Promise<string> {
    await waitFor(
      () => pattern.test(this.output.slice(since)),
      () => `${pattern} in the console:\n${this.output.slice(-600)}`,
      15_000,
    )
    return this.output.slice(since)
  }

  close(): void {
    this.ws.close()
  }

  /** Opens a console to the demo appliance and logs in for the first time; resolves at the lunash prompt. */
  async demoConsoleAtLunash(): Promise<string> {
    const { sessionId } = await this.ok<{ sessionId: string }>('sessions.open', {
      profileId: 'demo',
      cols: 120,
      rows: 40,
    })
    const answers: [RegExp, string][] = [
      [/\(current\) UNIX password: $/, 'PASSWORD\r'],
      [/Enter new password: $/, 'Rack-side-2026\r'],
      [/Re-type new password: $/, 'Rack-side-2026\r'],
    ]
    let since = 0
    for (const [prompt, answer] of answers) {
      await this.see(prompt, since)
      since = this.output.length
      await this.ok('sessions.write', { sessionId, data: answer })
    }
    await this.see(/lunash:>\s*$/, since)
    return sessionId
  }

  /** The console answers: `hsm show` typed now is run by the appliance. */
  async consoleAnswers(sessionId: string): Promise<void> {
    const since = this.output.length
    await this.ok('sessions.write', { sessionId, data: 'hsm show\r' })
    const shown = await this.see(/Command Result : 0[^]*lunash:>\s*$/, since)
    if (!shown.includes('Serial #')) throw new Error(`hsm show without a serial number:\n${shown}`)
  }
}

/** A client frame as RFC 6455 §5.2 lays it out; every field may be set wrong on purpose. */
export function wsFrame(
  payload: Buffer,
  {
    opcode = 1,
    fin = true,
    rsv = 0,
    mask = true,
  }: { opcode?: number; fin?: boolean; rsv?: number; mask?: boolean } = {},
): Buffer {
  const head = [(fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0x0f)]
  const maskBit = mask ? 0x80 : 0
  if (payload.length < 126) head.push(maskBit | payload.length)
  else if (payload.length < 65536) head.push(maskBit | 126, payload.length >> 8, payload.length & 0xff)
  else {
    const length = Buffer.alloc(8)
    length.writeBigUInt64BE(BigInt(payload.length))
    head.push(maskBit | 127, ...length)
  }
  if (!mask) return Buffer.concat([Buffer.from(head), payload])
  const key = randomBytes(4)
  const masked = Buffer.from(payload.map((b, i) => b ^ key[i % 4]!))
  return Buffer.concat([Buffer.from(head), key, masked])
}

/** A WebSocket connection by hand: admitted with the token, then whatever bytes the test writes. */
export class RawClient {
  private received = Buffer.alloc(0)
  ended = false

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => (this.received = Buffer.concat([this.received, chunk])))
    socket.on('close', () => (this.ended = true))
    socket.on('error', () => undefined)
  }

  static open(web: WebHost): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(web.port, '127.0.0.1')
      const headers = admission(web)
      socket.once('error', reject)
      socket.once('connect', () =>
        socket.write(
          [
            'GET /api HTTP/1.1',
            `Host: 127.0.0.1:${web.port}`,
            `Origin: ${headers.Origin}`,
            `Cookie: ${headers.Cookie}`,
            'Upgrade: websocket',
            'Connection: Upgrade',
            `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
            'Sec-WebSocket-Version: 13',
            '',
            '',
          ].join('\r\n'),
        ),
      )
      let head = Buffer.alloc(0)
      const onData = (chunk: Buffer): void => {
        head = Buffer.concat([head, chunk])
        const end = head.indexOf('\r\n\r\n')
        if (end < 0) return
        socket.off('data', onData)
        if (!head.subarray(0, 12).toString().startsWith('HTTP/1.1 101')) {
          socket.destroy()
          reject(new Error(`upgrade refused: ${head.toString().split('\r\n')[0]}`))
          return
        }
        const client = new RawClient(socket)
        client.received = head.subarray(end + 4)
        resolve(client)
      }
      socket.on('data', onData)
    })
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes)
  }

  end(): void {
    this.socket.end()
  }

  /** Resets the connection (TCP RST), as a client that vanishes does. */
  reset(): void {
    this.socket.resetAndDestroy()
  }

  /** The whole frames the host has sent so far. */
  frames(): { opcode: number; payload: Buffer }[] {
    const frames: { opcode: number; payload: Buffer }[] = []
    const data = this.received
    let at = 0
    while (at + 2 <= data.length) {
      let length = data[at + 1]! & 0x7f
      let start = at + 2
      if (length === 126 && start + 2 <= data.length) {
        length = data.readUInt16BE(start)
        start += 2
      } else if (length === 127 && start + 8 <= data.length) {
        length = Number(data.readBigUInt64BE(start))
        start += 8
      } else if (length >= 126) break
      if (start + length > data.length) break
      frames.push({ opcode: data[at]! & 0x0f, payload: data.subarray(start, start + length) })
      at = start + length
    }
    return frames
  }

  /** The host's text frames, parsed. */
  messages(): unknown[] {
    return this.frames()
      .filter((f) => f.opcode === 1)
      .map((f) => JSON.parse(f.payload.toString('utf8')) as unknown)
  }

  /** The close frame the host sent, if any: its code and reason. */
  closeFrame(): Closed | undefined {
    const close = this.frames().find((f) => f.opcode === 8)
    if (!close) return undefined
    return {
      code: close.payload.length >= 2 ? close.payload.readUInt16BE(0) : 1005,
      reason: close.payload.subarray(2).toString('utf8'),
    }
  }

  /**
   * Waits for the host to close the connection: its close frame, or the connection ending (ours is ended after
   * `patienceMs` when the host is still waiting for the rest of a frame).
   */
  async whenEnded(patienceMs = 10_000): Promise<Closed | undefined> {
    const started = Date.now()
    await waitFor(
      () => {
        if (!this.ended && Date.now() - started > patienceMs) this.socket.end()
        return this.ended || this.closeFrame() !== undefined
      },
      () => 'the host to end the connection',
      patienceMs + 10_000,
    )
    this.socket.end()
    return this.closeFrame()
  }
}
