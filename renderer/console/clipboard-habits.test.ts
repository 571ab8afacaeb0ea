import { describe, expect, it } from 'vitest'
import { pastedLines } from './clipboard-habits'

describe('the lines a paste would type', () => {
  it('counts a command with its own Enter as one line (no question for it)', () => {
    expect(pastedLines('hsm show')).toEqual(['hsm show'])
    expect(pastedLines('hsm show\n')).toEqual(['hsm show'])
    expect(pastedLines('hsm show\r\n')).toEqual(['hsm show'])
  })

  it('finds every line, whatever the line endings (Windows, old Mac, Unix)', () => {
    expect(pastedLines('hsm show\r\nsysconf show\rntls show\n')).toEqual([
      'hsm show',
      'sysconf show',
      'ntls show',
    ])
  })

  it('keeps blank lines between commands: each is an Enter at the prompt', () => {
    expect(pastedLines('hsm show\n\nsysconf show')).toEqual(['hsm show', '', 'sysconf show'])
  })
})
