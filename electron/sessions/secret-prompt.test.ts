import { describe, expect, it } from 'vitest'
import { PromptCancelled, secretPrompt } from './secret-prompt'

describe('secretPrompt', () => {
  it('asks in the console, takes the typed password without echoing it, and ends at Enter', async () => {
    const shown: string[] = []
    const p = secretPrompt((t) => shown.push(t))
    const answer = p.ask("admin@127.0.0.1's password: ")
    expect(p.feed('Se')).toBe('')
    p.feed('cX\x7fret\x1b[D!')
    expect(p.feed('\r\nhsm show\r')).toBe('hsm show\r')
    await expect(answer).resolves.toBe('Secret!')
    expect(shown.join('')).toBe("admin@127.0.0.1's password: \r\n")
    expect(p.active).toBe(false)
    expect(p.feed('hsm show\r')).toBeUndefined()
  })

  it('is cancelled by Ctrl-C', async () => {
    const p = secretPrompt(() => undefined)
    const answer = p.ask('Password: ')
    p.feed('abc\x03')
    await expect(answer).rejects.toBeInstanceOf(PromptCancelled)
  })
})
