import { describe, expect, it } from 'vitest'
import { inputSender, writeChunk } from './session-io'

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

function session() {
  const sent: { sessionId: string; data: string }[] = []
  let open: (id: string | undefined) => void = () => undefined
  const opened = new Promise<string | undefined>((resolve) => (open = resolve))
  let ended = false
  const send = inputSender({
    opened,
    ended: () => ended,
    write: async (sessionId, data) => void sent.push({ sessionId, data }),
  })
  return { sent, send, open: (id: string | undefined) => open(id), end: () => (ended = true) }
}

describe('inputSender', () => {
  it('holds text typed while connecting and sends it, in order, once the session opens', async () => {
    const s = session()
    s.send('sysconf ')
    s.send('show\r')
    await settle()
    expect(s.sent).toEqual([])
    s.open('s1')
    await settle()
    expect(s.sent).toEqual([
      { sessionId: 's1', data: 'sysconf ' },
      { sessionId: 's1', data: 'show\r' },
    ])
  })

  it('splits a large paste into pieces the contract accepts, and they join back to the paste', async () => {
    const s = session()
    const paste = 'x'.repeat(2 * writeChunk + 5)
    s.open('s1')
    s.send(paste)
    await settle()
    expect(s.sent.map((w) => w.data.length)).toEqual([writeChunk, writeChunk, 5])
    expect(s.sent.map((w) => w.data).join('')).toBe(paste)
  })

  it('sends nothing when the open failed or the session ended', async () => {
    const failed = session()
    failed.send('typed ahead')
    failed.open(undefined)
    await settle()
    expect(failed.sent).toEqual([])

    const ended = session()
    ended.open('s1')
    ended.end()
    ended.send('after the end')
    await settle()
    expect(ended.sent).toEqual([])
  })
})
