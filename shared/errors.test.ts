import { describe, expect, it } from 'vitest'
import { errorCodeOf, errorCodes, hasErrorCode, RacksideError, toApiError, type ApiError } from './errors'

describe('RacksideError', () => {
  it('survives a structured clone (what IPC and the context bridge do) as data, and comes back typed', () => {
    const sent = new RacksideError({
      code: 'connection-failed',
      message: 'Port /dev/ttyUSB0 is in use by another program (PID 4121, screen).',
      details: { port: '/dev/ttyUSB0', pid: 4121 },
    })
    const crossed = structuredClone(toApiError(sent))
    const received = RacksideError.fromApiError(crossed)
    expect(received).toBeInstanceOf(RacksideError)
    expect(received).toBeInstanceOf(Error)
    expect(received.code).toBe('connection-failed')
    expect(received.message).toBe(sent.message)
    expect(received.details).toEqual({ port: '/dev/ttyUSB0', pid: 4121 })
  })

  it('keeps every code of the contract as it was', () => {
    for (const code of errorCodes)
      expect(RacksideError.fromApiError({ code, message: 'm' } satisfies ApiError).code).toBe(code)
  })

  it('makes an error of no known code, or of no shape at all, an internal one that still says something', () => {
    const odd = RacksideError.fromApiError({ code: 'teapot', message: 'I am a teapot.' })
    expect(odd.code).toBe('internal')
    expect(odd.message).toBe('I am a teapot.')
    for (const junk of [undefined, null, 'oops', 42, { code: 7 }]) {
      const e = RacksideError.fromApiError(junk)
      expect(e.code).toBe('internal')
      expect(e.message).toMatch(/did not describe/)
    }
  })

  it('drops details that would not clone as plain values', () => {
    const e = RacksideError.fromApiError({
      code: 'busy',
      message: 'm',
      details: { pid: 1, f: () => 1, o: {} },
    })
    expect(e.details).toEqual({ pid: 1 })
  })
})

describe('toApiError (what the host replies for a thrown error)', () => {
  it('keeps a RacksideError’s code and message', () => {
    expect(toApiError(new RacksideError({ code: 'not-found', message: 'No such profile.' }))).toEqual({
      code: 'not-found',
      message: 'No such profile.',
    })
  })

  it('reports anything else as an internal error of ours, not as the operator’s mistake', () => {
    expect(toApiError(new TypeError('x is undefined'))).toEqual({
      code: 'internal',
      message: 'Rackside hit an unexpected error: x is undefined',
    })
    expect(toApiError('thrown string').code).toBe('internal')
  })
})

describe('what the UI branches on', () => {
  const unknownKey = new RacksideError({
    code: 'host-key-unknown',
    message: 'The host key of rack7 is not known.',
  })

  it('asks about the host key only for the host-key-unknown code', () => {
    expect(hasErrorCode(unknownKey, 'host-key-unknown')).toBe(true)
    expect(hasErrorCode(unknownKey, 'host-key-mismatch', 'host-key-unknown')).toBe(true)
    expect(
      hasErrorCode(new RacksideError({ code: 'host-key-mismatch', message: 'm' }), 'host-key-unknown'),
    ).toBe(false)
  })

  it('never reads the code out of a message or a name', () => {
    const lookalike = Object.assign(new Error('RacksideError:host-key-unknown'), {
      name: 'RacksideError:host-key-unknown',
    })
    expect(hasErrorCode(lookalike, 'host-key-unknown')).toBe(false)
    expect(errorCodeOf(lookalike)).toBeUndefined()
    expect(errorCodeOf({ code: 'host-key-unknown' })).toBeUndefined()
    expect(errorCodeOf(unknownKey)).toBe('host-key-unknown')
  })
})
