import { describe, expect, it } from 'vitest'
import { flowGate, outputBatcher, outputPipeline, utf8Decoder } from './stages'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('utf8Decoder', () => {
  it('never splits a multi-byte character across chunks', () => {
    const bytes = Buffer.from('Résumé — 日本 🔐 ok')
    for (let cut = 1; cut < bytes.length; cut++) {
      const d = utf8Decoder()
      const text = d.push(bytes.subarray(0, cut)) + d.push(bytes.subarray(cut)) + d.end()
      expect(text).toBe('Résumé — 日本 🔐 ok')
    }
  })

  it('delivers an incomplete tail only at the end', () => {
    const d = utf8Decoder()
    expect(d.push(Buffer.from([0xe2, 0x80]))).toBe('')
    expect(d.end()).toBe('\ufffd')
  })
})

describe('outputBatcher', () => {
  it('coalesces small chunks into one message after the delay', async () => {
    const out: string[] = []
    const b = outputBatcher({ maxDelayMs: 8, maxChars: 1000, emit: (t) => out.push(t) })
    for (const c of 'hello world') b.push(c)
    expect(out).toEqual([])
    await sleep(30)
    expect(out).toEqual(['hello world'])
  })

  it('sends at once when the size limit is reached', () => {
    const out: string[] = []
    const b = outputBatcher({ maxDelayMs: 1000, maxChars: 4, emit: (t) => out.push(t) })
    b.push('ab')
    b.push('cd')
    b.push('e')
    expect(out).toEqual(['abcd'])
    b.flush()
    expect(out).toEqual(['abcd', 'e'])
    b.dispose()
  })
})

describe('flowGate', () => {
  it('pauses above the high-water mark and resumes at the low-water mark', () => {
    const calls: string[] = []
    const g = flowGate({
      highWater: 100,
      lowWater: 20,
      pause: () => calls.push('pause'),
      resume: () => calls.push('resume'),
    })
    g.sent(60)
    g.sent(60)
    expect(calls).toEqual(['pause'])
    g.sent(50)
    expect(calls).toEqual(['pause'])
    g.ack(100)
    expect(calls).toEqual(['pause'])
    g.ack(50)
    expect(calls).toEqual(['pause', 'resume'])
    expect(g.inFlight).toBe(20)
    g.ack(1000)
    expect(g.inFlight).toBe(0)
  })
})

describe('outputPipeline', () => {
  it('passes every byte through in order while pausing and resuming the source', async () => {
    const received: string[] = []
    let paused = false
    const p = outputPipeline({
      emit: (t) => received.push(t),
      pause: () => (paused = true),
      resume: () => (paused = false),
      maxChars: 1024,
      highWater: 4096,
      lowWater: 1024,
    })
    const input = Array.from({ length: 2000 }, (_, i) => `line ${i} ✓\r\n`).join('')
    const bytes = Buffer.from(input)
    let sawPause = false
    for (let i = 0; i < bytes.length; i += 333) {
      p.pushBytes(bytes.subarray(i, i + 333))
      if (paused) {
        sawPause = true
        // The renderer catches up.
        p.ack(p.inFlight)
      }
    }
    p.end()
    expect(sawPause).toBe(true)
    expect(paused).toBe(false)
    expect(received.join('')).toBe(input)
  })
})
