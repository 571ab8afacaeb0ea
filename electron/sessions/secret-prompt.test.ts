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

  it('shows what is typed at a question the server marks as not secret, rubbing out as the operator does', async () => {
    const shown: string[] = []
    const p = secretPrompt((t) => shown.push(t))
    const answer = p.ask('Token serial: ', { echo: true })
    p.feed('12x\x7f3\x15456\r')
    await expect(answer).resolves.toBe('456')
    expect(shown.join('')).toBe('Token serial: 12x\b \b3' + '\b \b'.repeat(3) + '456\r\n')
  })

  it('is cancelled by Ctrl-C', async () => {
    const p = secretPrompt(() => undefined)
    const answer = p.ask('Password: ')
    p.feed('abc\x03')
    await expect(answer).rejects.toBeInstanceOf(PromptCancelled)
  })
})
