/**
 * Thousands of random frames at a started browser host, over real WebSockets from several connections and as
 * raw bytes after the upgrade, while the operator's client keeps making requests and keeps a console to the
 * simulated appliance open. The host answers every burst (a reply or a close with a reason), never drops the
 * operator, logs one line per close without quoting a frame, and still answers afterwards.
 * Reproducible: RACKSIDE_FUZZ_SEED picks the frames (the seed is in the test's name).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorCodes } from '../../shared/api'
import { hostWithSimulatedDemo } from '../../tests/support/demo-host'
import { closeCode, maxMessageBytes } from './frames'
import { startWebHost, type WebHost } from './server'
import { PageClient, RawClient, stubRenderer, wsFrame, type Closed } from './socket-test-clients'

const seed = Number(process.env.RACKSIDE_FUZZ_SEED ?? 20_260_515)
const socketFrames = 4000
const workers = 4
const rawConnections = 60
/** In frames' text wherever a string goes, to prove the host's log never quotes a frame. */
const marker = 'Fuzz-Secret-4417'

// Methods whose random params cannot start anything outside the host (no keychain, no file manager, no network).
const readOnlyMethods = [
  'app.info',
  'profiles.list',
  'profiles.get',
  'hostKeys.list',
  'runner.sessions',
  'transcripts.verify',
  'overview.read',
  'sessions.write',
  'sessions.resize',
  'sessions.ack',
  'sessions.close',
  'sessions.signal',
]

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constant(marker),
  fc.string({ unit: 'binary', maxLength: 40 }),
)
const id = fc.oneof(
  { weight: 20, arbitrary: fc.nat(20) },
  { weight: 2, arbitrary: fc.nat() },
  { weight: 1, arbitrary: fc.integer({ min: -5, max: -1 }) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.oneof(text, fc.constant(null), fc.boolean(), fc.array(fc.nat(3))) },
)
const method = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...readOnlyMethods) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('constructor', '__proto__', 'toString', 'app.info ', 'APP.INFO', '', 'app'),
  },
  { weight: 1, arbitrary: text },
  { weight: 1, arbitrary: fc.nat() },
)
const field = fc.constantFrom(
  'sessionId',
  'data',
  'cols',
  'rows',
  'chars',
  'signal',
  'id',
  'profileId',
  marker,
)
const value = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('s-0123abcd', 's-00000000', '\r', '\u0003'),
  text,
  fc.integer(),
)
const params = fc.oneof(fc.dictionary(field, value, { maxKeys: 4 }), fc.jsonValue({ maxDepth: 3 }))
const envelope = fc
  .tuple(
    fc.oneof(
      { weight: 9, arbitrary: fc.record({ id, method, params }, { requiredKeys: ['id', 'method'] }) },
      { weight: 1, arbitrary: fc.record({ id, method, params }, { requiredKeys: [] }) },
    ),
    fc.oneof(
      { weight: 9, arbitrary: fc.constant({}) },
      { weight: 1, arbitrary: fc.dictionary(text, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }) },
    ),
  )
  .map(([request, extra]) => ({ ...extra, ...request }))

/** A request that would be read, with a few bytes overwritten: near misses of every kind. */
const mutated = fc
  .tuple(
    fc.record({
      id: fc.nat(20),
      method: fc.constantFrom(...readOnlyMethods),
      params: fc.dictionary(field, value),
    }),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
  )
  .map(([request, edits]) => {
    const bytes = Buffer.from(JSON.stringify(request))
    for (const [at, byte] of edits) bytes[at % bytes.length] = byte
    return bytes
  })

const nesting = fc
  .tuple(fc.integer({ min: 20, max: 100_000 }), fc.constantFrom('[', '{"a":'), fc.boolean())
  .map(([depth, open, inRequest]) => {
    const close = open === '[' ? ']' : '}'
    const deep = open.repeat(depth) + '0' + close.repeat(depth)
    return inRequest ? `{"id":3,"method":"sessions.resize","params":${deep}}` : deep
  })

interface SocketFrame {
  data: Buffer
  binary: boolean
}
const asText = (data: Buffer | string): SocketFrame => ({ data: Buffer.from(data), binary: false })
const socketFrame: fc.Arbitrary<SocketFrame> = fc.oneof(
  { weight: 60, arbitrary: envelope.map((m) => asText(JSON.stringify(m))) },
  { weight: 10, arbitrary: mutated.map(asText) },
  { weight: 4, arbitrary: fc.jsonValue().map((v) => asText(JSON.stringify(v) ?? 'null')) },
  { weight: 3, arbitrary: text.map(asText) },
  { weight: 3, arbitrary: fc.uint8Array({ maxLength: 256 }).map((b) => asText(Buffer.from(b))) },
  {
    weight: 3,
    arbitrary: fc.uint8Array({ maxLength: 256 }).map((b) => ({ data: Buffer.from(b), binary: true })),
  },
  { weight: 1, arbitrary: nesting.map(asText) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 100_000, max: maxMessageBytes - 100 })
      .map((n) =>
        asText(JSON.stringify({ id: 4, method: 'sessions.write', params: { data: marker.repeat(n / 16) } })),
      ),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: maxMessageBytes + 1, max: maxMessageBytes + 64 * 1024 })
      .chain((n) => fc.boolean().map((binary) => ({ data: Buffer.alloc(n, 0x7b), binary }))),
  },
)

/** Bytes after the upgrade: garbage, or a frame with any header field wrong. */
const rawBytes: fc.Arbitrary<Buffer> = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Buffer.from(b)),
  fc
    .record({
      payload: fc.uint8Array({ maxLength: 200 }),
      opcode: fc.integer({ min: 0, max: 15 }),
      fin: fc.boolean(),
      rsv: fc.integer({ min: 0, max: 7 }),
      mask: fc.boolean(),
    })
    .map(({ payload, ...header }) => wsFrame(Buffer.from(payload), header)),
)

const allowedCloses: number[] = Object.values(closeCode)

let web: WebHost
let stop: () => Promise<void>
let dataDir: string
let rendererDir: string
const logged: string[] = []
let operator: PageClient
let sessionId: string

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'rackside-frames-fuzz-'))
  rendererDir = stubRenderer()
  const demo = await hostWithSimulatedDemo(dataDir)
  stop = demo.stop
  web = await startWebHost({ rendererDir, appHost: demo.host, log: (line) => logged.push(line) })
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

const until = async (check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`seed ${seed}: timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 1))
  }
}

describe('the browser host under random frames', () => {
  it(`answers ${socketFrames} random frames and ${rawConnections} raw connections, and the operator never notices (seed ${seed})`, async () => {
    const frames = fc.sample(socketFrame, { seed, numRuns: socketFrames })
    const raws = fc.sample(rawBytes, { seed: seed + 1, numRuns: rawConnections })
    const bursts = fc.sample(fc.integer({ min: 1, max: 4 }), { seed: seed + 2, numRuns: socketFrames })
    const closes: Closed[] = []
    const replies: unknown[] = []
    let sentinel = 2 ** 40

    /** Sends its frames in bursts, each followed by app.info: every burst is answered, or the client closed. */
    async function socketWorker(mine: SocketFrame[], w: number): Promise<void> {
      let client = await PageClient.open(web)
      let at = 0
      for (let b = w; at < mine.length; b += workers) {
        for (const f of mine.slice(at, (at += bursts[b % bursts.length]!))) client.sendRaw(f.data, f.binary)
        const last = sentinel++
        client.send({ id: last, method: 'app.info', params: {} })
        await until(
          () => client.replies.has(last) || client.closed !== undefined,
          `burst ${b} of worker ${w}`,
        )
        replies.push(...client.messages.splice(0))
        if (client.closed) {
          closes.push(client.closed)
          client = await PageClient.open(web)
        } else
          expect(client.replies.get(last)).toEqual({
            ok: true,
            value: expect.objectContaining({ host: 'web' }),
          })
      }
      client.close()
    }

    async function rawWorker(): Promise<void> {
      for (const bytes of raws) {
        const raw = await RawClient.open(web)
        raw.write(bytes)
        const closed = await raw.whenEnded(50)
        replies.push(...raw.messages())
        if (closed) closes.push(closed)
      }
    }

    let fuzzing = true
    let operatorRequests = 0
    async function operatorWorks(): Promise<void> {
      while (fuzzing) {
        expect(await operator.ok('app.info')).toMatchObject({ host: 'web' })
        expect(await operator.ok('profiles.list')).toEqual(
          expect.arrayContaining([expect.objectContaining({ id: 'demo' })]),
        )
        operatorRequests += 2
        await new Promise((r) => setTimeout(r, 10))
      }
    }

    const operatorLoop = operatorWorks()
    const share = Math.ceil(frames.length / workers)
    await Promise.all([
      ...Array.from({ length: workers }, (_, w) => socketWorker(frames.slice(w * share, (w + 1) * share), w)),
      rawWorker(),
    ])
    fuzzing = false
    await operatorLoop

    // The operator was served throughout and its console still runs commands.
    expect(operator.closed).toBeUndefined()
    expect(operatorRequests).toBeGreaterThan(20)
    await operator.consoleAnswers(sessionId)

    // Every answer is a reply the page can use.
    const isError = (e: { code: string; message: string }) =>
      (errorCodes as readonly string[]).includes(e.code) && e.message.length > 0
    for (const message of replies) {
      const { id: replyId, reply } = message as {
        id: number
        reply: { ok: boolean; error?: { code: string; message: string } }
      }
      expect(Number.isSafeInteger(replyId), `seed ${seed}: ${JSON.stringify(message)}`).toBe(true)
      expect(reply.ok || isError(reply.error!), `seed ${seed}: ${JSON.stringify(message)}`).toBe(true)
    }
    // Every close has a code of the API's and a reason; the host logged each once, quoting nothing.
    for (const closed of closes) {
      expect(allowedCloses, `seed ${seed}: ${JSON.stringify(closed)}`).toContain(closed.code)
      expect(closed.reason).not.toBe('')
    }
    // Most frames were read, not skipped behind a close earlier in their burst.
    const answered = replies.filter((m) => (m as { id: number }).id < 2 ** 40).length + closes.length
    expect(answered).toBeGreaterThan(socketFrames / 2)
    expect(closes.length).toBeGreaterThan(socketFrames / 10)
    expect(logged.filter((l) => / closed \d+: /.test(l))).toHaveLength(closes.length)
    for (const line of logged) {
      expect(line).toMatch(/^client ws-\d+: (closed (1002|1003|1007|1008|1009): .+|refused request \d+: .+)$/)
      expect(line).not.toContain(marker)
    }

    // And a newcomer is served as ever.
    const late = await PageClient.open(web)
    expect(await late.ok('app.info')).toMatchObject({ host: 'web' })
    late.close()
  }, 60_000)
})
