/**
 * What a client of the browser host's API sees when it sends a frame the host will not take, over a real
 * WebSocket to a started host: a reply under the request's id, or a close with a code and a reason. Meanwhile
 * another client keeps a console to the simulated appliance (real SSH) open, and it goes on.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hostWithSimulatedDemo } from '../../tests/support/demo-host'
import { methodNames, methods } from '../../shared/api'
import { closeCode } from './frames'
import { startWebHost, type WebHost } from './server'
import { PageClient, RawClient, stubRenderer, wsFrame, type Reply } from './socket-test-clients'

/** Put in frames to prove the host's log never quotes one. */
const secret = 'Pa55-word-in-a-frame'

let web: WebHost
let stop: () => Promise<void>
let dataDir: string
let rendererDir: string
const logged: string[] = []
/** The well-behaved client: a console at the lunash prompt, through every test. */
let operator: PageClient
let sessionId: string

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'rackside-hostile-frames-'))
  const demo = await hostWithSimulatedDemo(dataDir)
  stop = demo.stop
  web = await startWebHost({
    rendererDir: (rendererDir = stubRenderer()),
    appHost: demo.host,
    log: (line) => logged.push(line),
  })
  operator = await PageClient.open(web)
  sessionId = await operator.demoConsoleAtLunash()
})
afterAll(async () => {
  operator?.close()
  await web?.close()
  await stop?.()
  rmSync(dataDir, { recursive: true, force: true })
  rmSync(rendererDir, { recursive: true, force: true })
})

/** The operator's console still answers: a command typed now is run by the appliance. */
async function operatorConsoleGoesOn(): Promise<void> {
  expect(operator.closed).toBeUndefined()
  await operator.consoleAnswers(sessionId)
  expect(await operator.ok('app.info')).toMatchObject({ host: 'web' })
}

/** Runs `offend` with a fresh client and returns what it saw and the host's log lines meanwhile. */
async function offending(offend: (client: PageClient) => Promise<Reply | undefined>) {
  const client = await PageClient.open(web)
  const before = logged.length
  const reply = await offend(client)
  const closed = reply ? undefined : await client.whenClosed()
  const lines = logged.slice(before)
  client.close()
  return { reply, closed, lines }
}

const closeWith = (client: PageClient, send: (c: PageClient) => void) => {
  send(client)
  return Promise.resolve(undefined)
}

const closes: [string, (c: PageClient) => void, number, RegExp][] = [
  [
    'a message over the size limit',
    (c) =>
      c.send({
        id: 1,
        method: 'sessions.write',
        params: { sessionId: 's-00000000', data: secret.repeat(40_000) },
      }),
    closeCode.messageTooBig,
    /^Message too big: the limit is 512 KiB\.$/,
  ],
  [
    'a binary message over the size limit',
    (c) => c.sendRaw(Buffer.alloc(600 * 1024, 7), true),
    closeCode.messageTooBig,
    /^Message too big/,
  ],
  [
    'a text frame that is not UTF-8',
    (c) =>
      c.sendRaw(
        Buffer.concat([
          Buffer.from(`{"id":1,"method":"app.info","x":"${secret}`),
          Buffer.from([0xc3, 0x28]),
          Buffer.from('"}'),
        ]),
      ),
    closeCode.invalidPayload,
    /^Invalid UTF-8 in a text frame\.$/,
  ],
  [
    'a binary frame',
    (c) => c.sendRaw(Buffer.from(JSON.stringify({ id: 1, method: 'app.info' })), true),
    closeCode.unsupportedData,
    /^Binary frames are not accepted/,
  ],
  [
    'binary garbage',
    (c) => c.sendRaw(Buffer.from([0, 255, 13, 10, 0x80, 1, 2, 3]), true),
    closeCode.unsupportedData,
    /^Binary frames/,
  ],
  [
    'text that is not JSON',
    (c) => c.sendRaw(`password ${secret}`),
    closeCode.invalidPayload,
    /^Not JSON: each message must be a JSON object \{id, method, params\}\.$/,
  ],
  [
    'JSON that is an array',
    (c) => c.send([1, 'app.info', { secret }]),
    closeCode.invalidPayload,
    /^Not a request/,
  ],
  ['JSON that is a string', (c) => c.send(secret), closeCode.invalidPayload, /^Not a request/],
  [
    '100,000 nested arrays',
    (c) => c.sendRaw('['.repeat(100_000) + ']'.repeat(100_000)),
    closeCode.invalidPayload,
    /^Not a request/,
  ],
  [
    'a request without an id',
    (c) => c.send({ method: 'app.info', params: { secret } }),
    closeCode.policyViolation,
    /^A request without a usable id/,
  ],
  [
    'a request whose id is a string',
    (c) => c.send({ id: 'one', method: 'app.info' }),
    closeCode.policyViolation,
    /usable id/,
  ],
  [
    'a request whose id is negative',
    (c) => c.send({ id: -4, method: 'app.info' }),
    closeCode.policyViolation,
    /usable id/,
  ],
]

describe('a frame the host will not read', () => {
  it.each(closes)(
    '%s: the client is closed with a code and a reason; others go on',
    async (_what, send, code, reason) => {
      const { closed, lines } = await offending((c) => closeWith(c, send))
      expect(closed).toEqual({ code, reason: expect.stringMatching(reason) })
      expect(lines).toEqual([expect.stringMatching(new RegExp(`^client ws-\\d+: closed ${code}: `))])
      expect(lines.join('\n')).not.toContain(secret)
      await operatorConsoleGoesOn()
    },
  )

  it('stops reading a client once it is being closed: frames after the bad one go unanswered', async () => {
    const raw = await RawClient.open(web)
    const before = logged.length
    const request = (id: number) => wsFrame(Buffer.from(JSON.stringify({ id, method: 'app.info' })))
    // After the bad frame: a request, and a frame ws itself refuses (not UTF-8); one close, one log line.
    raw.write(
      Buffer.concat([
        request(1),
        wsFrame(Buffer.from('not json')),
        request(2),
        wsFrame(Buffer.from([0xc3, 0x28])),
      ]),
    )
    expect(await raw.whenEnded()).toEqual({
      code: closeCode.invalidPayload,
      reason: expect.stringMatching(/^Not JSON/),
    })
    expect(raw.messages()).not.toContainEqual(expect.objectContaining({ id: 2 }))
    expect(logged.slice(before)).toEqual([expect.stringMatching(/closed 1007: Not JSON/)])
    await operatorConsoleGoesOn()
  })
})

const malformed: [string, Buffer][] = [
  ['an unmasked frame', wsFrame(Buffer.from('{"id":1,"method":"app.info"}'), { mask: false })],
  ['a reserved opcode', wsFrame(Buffer.from('{}'), { opcode: 3 })],
  ['a reserved bit set', wsFrame(Buffer.from('{}'), { rsv: 4 })],
  ['a fragmented ping', wsFrame(Buffer.from('ping'), { opcode: 9, fin: false })],
  ['a close with an invalid code', wsFrame(Buffer.from([0x03, 0xe7]), { opcode: 8 })],
  ['a continuation with nothing to continue', wsFrame(Buffer.from('{}'), { opcode: 0 })],
  [
    'a length past 2^53',
    Buffer.from([0x81, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4]),
  ],
  ['a frame claiming 1 GiB', Buffer.from([0x81, 0xff, 0, 0, 0, 0, 0x40, 0, 0, 0, 1, 2, 3, 4])],
]

describe('a malformed WebSocket frame', () => {
  it.each(malformed)(
    '%s: the client is closed with the protocol code and a reason; others go on',
    async (_what, bytes) => {
      const raw = await RawClient.open(web)
      const before = logged.length
      raw.write(bytes)
      const closed = await raw.whenEnded()
      expect(closed?.code).toBeOneOf([closeCode.protocolError, closeCode.messageTooBig])
      expect(closed?.reason).toMatch(/^(WebSocket protocol error|Message too big)/)
      expect(logged.slice(before)).toEqual([
        expect.stringMatching(new RegExp(`^client ws-\\d+: closed ${closed?.code}: `)),
      ])
      await operatorConsoleGoesOn()
    },
  )

  it('a client that resets its connection while being refused does not stop the host', async () => {
    for (let i = 0; i < 20; i++) {
      const raw = await RawClient.open(web)
      raw.write(wsFrame(Buffer.from('{"id":1,"method":"app.info"}'), { mask: false }))
      raw.reset()
      // And at the door: an upgrade without the token, reset before the 403 is written.
      const door = connect(web.port, '127.0.0.1', () => {
        door.write(
          `GET /api HTTP/1.1\r\nHost: 127.0.0.1:${web.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`,
        )
        door.resetAndDestroy()
      })
      door.on('error', () => undefined)
    }
    await operatorConsoleGoesOn()
  })
})

const refusals: [string, (c: PageClient) => Promise<Reply>, string, RegExp][] = [
  [
    'an unknown method',
    (c) => c.call('app.shutdown', {}, 11),
    'invalid-request',
    /^Unknown request "app\.shutdown"\.$/,
  ],
  [
    'a method named like an object property',
    (c) => c.call('__proto__', {}, 11),
    'invalid-request',
    /^Unknown request "__proto__"\.$/,
  ],
  [
    'fields besides id, method and params',
    (c) => {
      c.send({ id: 11, method: 'app.info', params: {}, password: secret })
      return c.reply(11)
    },
    'invalid-request',
    /unexpected field "password": a request holds only id, method and params/,
  ],
  [
    'params nested 100,000 deep',
    (c) => {
      c.sendRaw(`{"id":11,"method":"sessions.resize","params":${'['.repeat(100_000)}${']'.repeat(100_000)}}`)
      return c.reply(11)
    },
    'invalid-request',
    /^Request 11 nests deeper than 32 levels/,
  ],
]

describe('a request the host will not run', () => {
  it.each(refusals)(
    '%s: answered under its id, the connection stays; others go on',
    async (_what, send, code, message) => {
      const { reply, closed, lines } = await offending(async (c) => {
        const reply = await send(c)
        // The same client is still served.
        expect(await c.ok('app.info')).toMatchObject({ host: 'web' })
        return reply
      })
      expect(closed).toBeUndefined()
      expect(reply).toEqual({ ok: false, error: { code, message: expect.stringMatching(message) } })
      expect(lines).toEqual([expect.stringMatching(/^client ws-\d+: refused request 11: /)])
      expect(lines.join('\n')).not.toContain(secret)
      await operatorConsoleGoesOn()
    },
  )

  it('a second request under an id still being answered is refused, the first is answered', async () => {
    const raw = await RawClient.open(web)
    const before = logged.length
    const request = wsFrame(Buffer.from(JSON.stringify({ id: 5, method: 'app.info', params: {} })))
    // Both in one write: the host reads the second while the first is still being answered.
    raw.write(Buffer.concat([request, request]))
    await expect.poll(() => raw.messages().length).toBe(2)
    expect(raw.messages()).toEqual(
      expect.arrayContaining([
        { id: 5, reply: { ok: true, value: expect.objectContaining({ host: 'web' }) } },
        {
          id: 5,
          reply: {
            ok: false,
            error: {
              code: 'invalid-request',
              message: 'Request id 5 is already in use by a request still being answered; use a new id.',
            },
          },
        },
      ]),
    )
    expect(logged.slice(before)).toEqual([
      expect.stringMatching(/refused request 5: id of a request still being answered$/),
    ])
    raw.end()
    await operatorConsoleGoesOn()
  })

  it('a huge string in a field is refused by the contract in a short answer, and nothing reaches the console', async () => {
    const since = operator.output.length
    const { reply, closed, lines } = await offending((c) =>
      c.call('sessions.write', { sessionId, data: secret.repeat(20_000) }),
    )
    expect(closed).toBeUndefined()
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'invalid-request',
        message: expect.stringMatching(/^Invalid sessions\.write request: data: /),
      },
    })
    expect(JSON.stringify(reply).length).toBeLessThan(300)
    // The contract's own refusals are answers, as over Electron IPC, not frames the host logs.
    expect(lines).toEqual([])
    expect(operator.output.slice(since)).not.toContain(secret)
    await operatorConsoleGoesOn()
  })

  it('every request of the contract refuses huge strings in its fields in a short answer', async () => {
    /** The top-level fields of a params schema, through unions and wrappers. */
    const fieldsOf = (schema: unknown): string[] => {
      const s = schema as { shape?: object; def?: { options?: unknown[]; innerType?: unknown; in?: unknown } }
      if (s.shape) return Object.keys(s.shape)
      if (s.def?.options) return [...new Set(s.def.options.flatMap(fieldsOf))]
      return fieldsOf(s.def?.innerType ?? s.def?.in ?? {})
    }
    const huge = ['a'.repeat(100_000), '-' + secret.repeat(6_000), '1.'.repeat(50_000), '/x'.repeat(50_000)]
    let asked = 0
    for (const method of methodNames) {
      const fields = fieldsOf(methods[method].params)
      if (fields.length === 0) continue
      for (const value of huge) {
        // Each request within the size limit, so the contract's checks are what meets it.
        const each = value.slice(0, Math.floor(400_000 / fields.length))
        const reply = await operator.call(method, Object.fromEntries(fields.map((f) => [f, each])))
        expect(reply, method).toEqual({
          ok: false,
          error: expect.objectContaining({ code: 'invalid-request' }),
        })
        expect(JSON.stringify(reply).length, method).toBeLessThan(2_000)
        asked++
      }
    }
    expect(asked).toBeGreaterThan(100)
    await operatorConsoleGoesOn()
  })

  it('the largest write the contract accepts fits in a frame', async () => {
    // 65,536 control characters, each escaped to six bytes in JSON: 384 KiB.
    const reply = await operator.call('sessions.write', {
      sessionId: 's-00000000',
      data: '\u0001'.repeat(65_536),
    })
    expect(reply).toEqual({ ok: false, error: expect.objectContaining({ code: 'not-found' }) })
    await operatorConsoleGoesOn()
  })
})
