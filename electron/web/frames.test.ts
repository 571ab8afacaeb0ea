import { describe, expect, it } from 'vitest'
import {
  closeCode,
  jsonNesting,
  maxInFlight,
  maxMessageBytes,
  maxNesting,
  readFrame,
  type Frame,
} from './frames'

const none = new Set<number>()
const text = (value: string): Buffer => Buffer.from(value, 'utf8')
const json = (value: unknown): Buffer => text(JSON.stringify(value))
const nested = (depth: number, inner = '0'): string => '['.repeat(depth) + inner + ']'.repeat(depth)

describe('reading a frame of the API socket', () => {
  it('reads a request', () => {
    expect(readFrame(json({ id: 7, method: 'app.info', params: {} }), false, none)).toEqual({
      kind: 'request',
      id: 7,
      method: 'app.info',
      params: {},
    })
    expect(readFrame(json({ id: 0, method: 'profiles.list' }), false, none)).toEqual({
      kind: 'request',
      id: 0,
      method: 'profiles.list',
      params: undefined,
    })
  })

  const closes: [string, Buffer, boolean, number, RegExp][] = [
    ['a binary frame', Buffer.from([0x7b, 0x7d]), true, closeCode.unsupportedData, /Binary frames/],
    ['invalid UTF-8', Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), false, closeCode.invalidPayload, /UTF-8/],
    [
      'a lone surrogate encoded as UTF-8',
      Buffer.from([0xed, 0xa0, 0x80]),
      false,
      closeCode.invalidPayload,
      /UTF-8/,
    ],
    ['text that is not JSON', text('hello'), false, closeCode.invalidPayload, /^Not JSON/],
    ['an empty text frame', text(''), false, closeCode.invalidPayload, /^Not JSON/],
    ['truncated JSON', text('{"id":1,"method":"app.info"'), false, closeCode.invalidPayload, /^Not JSON/],
    ['a JSON array', json([1, 'app.info', {}]), false, closeCode.invalidPayload, /^Not a request/],
    ['a JSON string', json('app.info'), false, closeCode.invalidPayload, /^Not a request/],
    ['JSON null', text('null'), false, closeCode.invalidPayload, /^Not a request/],
    ['a number', text('42'), false, closeCode.invalidPayload, /^Not a request/],
    ['100,000 nested arrays', text(nested(100_000)), false, closeCode.invalidPayload, /^Not a request/],
    ['an object without an id', json({ method: 'app.info' }), false, closeCode.policyViolation, /usable id/],
    ['a string id', json({ id: '1', method: 'app.info' }), false, closeCode.policyViolation, /usable id/],
    ['a negative id', json({ id: -1, method: 'app.info' }), false, closeCode.policyViolation, /usable id/],
    ['a fractional id', json({ id: 1.5, method: 'app.info' }), false, closeCode.policyViolation, /usable id/],
    [
      'an id past 2^53',
      text('{"id":1e300,"method":"app.info"}'),
      false,
      closeCode.policyViolation,
      /usable id/,
    ],
    ['a null id', json({ id: null, method: 'app.info' }), false, closeCode.policyViolation, /usable id/],
    [
      'an inherited id',
      text('{"__proto__":{"id":1},"method":"app.info"}'),
      false,
      closeCode.policyViolation,
      /usable id/,
    ],
    [
      'more than the size limit',
      text(JSON.stringify({ id: 1, method: 'app.info', params: { x: 'a'.repeat(maxMessageBytes) } })),
      false,
      closeCode.messageTooBig,
      /too big: the limit is 512 KiB/,
    ],
  ]
  it.each(closes)(
    'closes on %s with a code and a reason that fits a close frame',
    (_what, data, binary, code, reason) => {
      const frame = readFrame(data, binary, none)
      expect(frame).toEqual({ kind: 'close', code, reason: expect.stringMatching(reason) })
      expect(Buffer.byteLength((frame as Extract<Frame, { kind: 'close' }>).reason)).toBeLessThanOrEqual(123)
    },
  )

  const refusals: [string, unknown, RegExp][] = [
    ['an unknown method', { id: 3, method: 'app.shutdown' }, /^Unknown request "app\.shutdown"\.$/],
    ['a method inherited from Object', { id: 3, method: 'constructor' }, /^Unknown request "constructor"\.$/],
    ['a method of another case', { id: 3, method: 'APP.INFO' }, /^Unknown request/],
    ['no method', { id: 3, params: {} }, /^Request 3 names no method/],
    ['a method that is not a string', { id: 3, method: ['app.info'] }, /^Request 3 names no method/],
    [
      'fields besides id, method and params',
      { id: 3, method: 'app.info', token: 'x' },
      /unexpected field "token"/,
    ],
    [
      'params nested deeper than the limit',
      { id: 3, method: 'app.info', params: JSON.parse(nested(maxNesting)) },
      /nests deeper than 32 levels/,
    ],
  ]
  it.each(refusals)('answers %s under its id with invalid-request', (_what, message, said) => {
    expect(readFrame(json(message), false, none)).toEqual({
      kind: 'refuse',
      id: 3,
      why: expect.any(String),
      error: { code: 'invalid-request', message: expect.stringMatching(said) },
    })
  })

  it('cuts a long method name short in the answer', () => {
    const frame = readFrame(json({ id: 3, method: 'x'.repeat(200_000) }), false, none)
    expect(frame.kind === 'refuse' && frame.error.message.length).toBeLessThan(100)
  })

  it('accepts nesting up to the limit', () => {
    // The envelope is one level, so params may nest one less than the limit.
    const params = { x: JSON.parse(nested(maxNesting - 2)) as unknown }
    expect(readFrame(json({ id: 1, method: 'app.info', params }), false, none).kind).toBe('request')
  })

  it('refuses an id still being answered, and any request past the in-flight limit', () => {
    expect(readFrame(json({ id: 5, method: 'app.info' }), false, new Set([5]))).toEqual({
      kind: 'refuse',
      id: 5,
      why: 'id of a request still being answered',
      error: { code: 'invalid-request', message: expect.stringMatching(/Request id 5 is already in use/) },
    })
    const full = new Set(Array.from({ length: maxInFlight }, (_, i) => i + 1000))
    expect(readFrame(json({ id: 5, method: 'app.info' }), false, full)).toMatchObject({
      kind: 'refuse',
      error: { code: 'busy' },
    })
  })

  it('never quotes the frame in the line the host logs', () => {
    const secret = 'hunter2-Secret'
    const frames = [
      json({ id: 1, method: secret }),
      json({ id: 1, method: 'app.info', [secret]: 1 }),
      json({ id: 1, method: 'app.info', params: JSON.parse(nested(40, `"${secret}"`)) }),
      json([secret]),
      text(`{${secret}`),
      json({ id: secret }),
    ]
    for (const data of frames) {
      const frame = readFrame(data, false, new Set())
      const logged = frame.kind === 'refuse' ? frame.why : frame.kind === 'close' ? frame.reason : ''
      expect(logged).not.toContain(secret)
    }
  })
})

describe('JSON nesting', () => {
  it.each([
    ['an empty object', 1, '{}'],
    ['arrays in arrays', 3, '[[1],[2,[3]]]'],
    ['brackets in a string', 1, '{"a":"[[[[{{"}'],
    ['an escaped quote before brackets', 1, '{"a":"\\"[[["}'],
    ['a string', 0, '"[]"'],
    ['100,000 arrays', 100_000, nested(100_000)],
  ])('%s nests %i deep', (_what, depth, value) => {
    expect(jsonNesting(value)).toBe(depth)
  })
})
