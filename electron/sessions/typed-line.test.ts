import { describe, expect, it } from 'vitest'
import { typedLine } from './typed-line'

describe('the line the operator types, from the keystrokes', () => {
  it('is what a line editor shows: backspace, arrows, Home/End, Ctrl-U, Ctrl-W, a paste with its markers', () => {
    const t = typedLine()
    expect(t.feed('hsm loginx\x7f')).toEqual([])
    expect(t.current).toBe('hsm login')
    t.feed('\x1b[D\x1b[D\x1b[C\x1b[C -p ')
    t.feed('\x1b[200~S3c')
    t.feed('ret\x1b[2')
    t.feed('01~')
    expect(t.feed('\r')).toEqual(['hsm login -p S3cret'])
    t.feed('abc def\x17\x17xyz\x01>\x05!\x15typed')
    expect(t.current).toBe('typed')
    expect(t.exact).toBe(true)
  })

  it('ends a line at each Enter of a paste, CR LF counting once', () => {
    const t = typedLine()
    expect(t.feed('one\r\ntwo\rthree\n')).toEqual(['one', 'two', 'three'])
  })

  it('gives back a line dropped with Ctrl-C once, and says when history or completion made the line unknown', () => {
    const t = typedLine()
    t.feed('S3cr\x03')
    expect(t.takeAbandoned()).toBe('S3cr')
    expect(t.takeAbandoned()).toBeUndefined()
    t.feed('\x1b[A')
    expect(t.exact).toBe(false)
    t.feed('\r')
    expect(t.exact).toBe(true)
  })
})
