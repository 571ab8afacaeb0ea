import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { fedChannel, streamChannel } from './channel'

describe('a fed channel', () => {
  it('passes typing to the session and the session’s output and end to the runner', () => {
    const typed: string[] = []
    const secrets: string[] = []
    const fed = fedChannel({ write: (t) => typed.push(t), writeSecret: (t) => secrets.push(t) })
    const seen: string[] = []
    const ends: string[] = []
    const stop = fed.channel.onData((t) => seen.push(t))
    fed.channel.onClose((r) => ends.push(r))
    fed.channel.write('hsm show\r')
    fed.channel.writeSecret?.('Secret-1\r')
    fed.data('[rack7] lunash:>')
    fed.data('')
    stop()
    fed.data('not seen: unsubscribed')
    fed.close('The link dropped.')
    fed.close('a second end is ignored')
    expect(typed).toEqual(['hsm show\r'])
    expect(secrets).toEqual(['Secret-1\r'])
    expect(seen).toEqual(['[rack7] lunash:>'])
    expect(ends).toEqual(['The link dropped.'])
  })

  it('after the end, output reaches nobody', () => {
    const fed = fedChannel({ write: () => undefined })
    const seen: string[] = []
    fed.channel.onData((t) => seen.push(t))
    fed.close('closed')
    fed.data('late output')
    expect(seen).toEqual([])
    expect(fed.channel.writeSecret).toBeUndefined()
  })
})

describe('a stream channel', () => {
  it('keeps a UTF-8 character split across chunks whole, and stops typing once closed', () => {
    const stream = new PassThrough()
    const written: string[] = []
    const channel = streamChannel({
      write: (d: string) => written.push(d),
      on: (e: 'data' | 'close', l: (d: Buffer) => void) => stream.on(e, l),
      off: (e: 'data' | 'close', l: (d: Buffer) => void) => stream.off(e, l),
    } as never)
    const seen: string[] = []
    const ends: string[] = []
    channel.onData((t) => seen.push(t))
    channel.onClose((r) => ends.push(r))
    const euro = Buffer.from('€')
    stream.emit('data', euro.subarray(0, 1))
    stream.emit('data', euro.subarray(1))
    channel.write('a')
    stream.emit('close')
    channel.write('b')
    expect(seen.join('')).toBe('€')
    expect(written).toEqual(['a'])
    expect(ends).toEqual(['The connection closed.'])
  })
})
