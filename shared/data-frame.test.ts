import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeDataFrame, encodeDataFrame } from './data-frame'

const utf8 = new TextEncoder()
const text = new TextDecoder()

describe('console data frames', () => {
  it('carry any output unchanged: NULs, escapes and characters of every width', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^s-[0-9a-f]{8,32}$/),
        fc.string({ unit: 'grapheme' }),
        (sessionId, data) => {
          const frame = decodeDataFrame(
            encodeDataFrame({ sessionId, chars: data.length, bytes: utf8.encode(data) }),
          )
          expect(frame?.sessionId).toBe(sessionId)
          expect(frame?.chars).toBe(data.length)
          expect(text.decode(frame!.bytes)).toBe(data)
        },
      ),
    )
    const data = '\0\x1b[32mok\x1b[0m\r\n\u00e9\u{1F512}'
    const frame = decodeDataFrame(
      encodeDataFrame({ sessionId: 's-0123abcd', chars: data.length, bytes: utf8.encode(data) }),
    )
    expect(text.decode(frame!.bytes)).toBe(data)
    expect(frame!.chars).toBe(data.length)
  })

  it('are never mistaken for JSON text, nor a malformed frame for output', () => {
    expect(decodeDataFrame(utf8.encode(JSON.stringify({ event: 'session.data' })))).toBeUndefined()
    expect(decodeDataFrame(utf8.encode('\0no second mark'))).toBeUndefined()
    expect(decodeDataFrame(utf8.encode('\0../../x\0data'))).toBeUndefined()
    expect(decodeDataFrame(utf8.encode('\0s-0123abcd\0\0\0'))).toBeUndefined()
    expect(() => encodeDataFrame({ sessionId: 's-\0', chars: 0, bytes: new Uint8Array() })).toThrow(
      /Not a session id/,
    )
    expect(() => encodeDataFrame({ sessionId: 's-0123abcd', chars: -1, bytes: new Uint8Array() })).toThrow(
      /Not a character count/,
    )
  })
})
