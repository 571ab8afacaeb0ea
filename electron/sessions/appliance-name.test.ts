import { describe, expect, it } from 'vitest'
import { applianceInPrompt, applianceNameWatcher } from './appliance-name'

function watch() {
  const names: (string | null)[] = []
  const push = applianceNameWatcher((name) => names.push(name))
  return { names, push }
}

describe('applianceInPrompt', () => {
  it('reads the name from the last prompt, coloured or not', () => {
    expect(applianceInPrompt('[hsm-2-1-2-6] lunash:>')).toBe('hsm-2-1-2-6')
    expect(applianceInPrompt('[a] lunash:>network show\r\n...\r\n\x1b[0m[b.example.com] lunash:>')).toBe(
      'b.example.com',
    )
    expect(applianceInPrompt('[myLuna]lunash:>')).toBe('myLuna')
  })

  it('takes an unconfigured appliance for no name, and text without a prompt for nothing', () => {
    expect(applianceInPrompt('[local_host] lunash:>')).toBeNull()
    expect(applianceInPrompt('[localhost] lunash:>')).toBeNull()
    expect(applianceInPrompt('lunash:> [x] and login:')).toBeUndefined()
    expect(applianceInPrompt('[a\nb] lunash:>')).toBeUndefined()
  })
})

describe('applianceNameWatcher', () => {
  it('reports each new name once, as the prompt changes', () => {
    const { names, push } = watch()
    push('Last login: today\r\n[local_host] lunash:>')
    push('n')
    push('etwork hostname hsm-rack-07\r\n')
    push('Command Result : 0 (Success)\r\n[hsm-rack-07] lunash:>')
    push('\r\n[hsm-rack-07] lunash:>')
    expect(names).toEqual([null, 'hsm-rack-07'])
  })

  it('finds a prompt split across two chunks, and one at the end of a long chunk', () => {
    const { names, push } = watch()
    push('x'.repeat(5000) + '\r\n[rack7')
    push('-hsm] luna')
    push('sh:>')
    expect(names).toEqual(['rack7-hsm'])
    push('y'.repeat(70_000) + '\r\n[rack8-hsm] lunash:>')
    expect(names).toEqual(['rack7-hsm', 'rack8-hsm'])
  })

  it('looks only at the end of a flood chunk: a prompt deep inside is named by the next one', () => {
    const { names, push } = watch()
    push('y'.repeat(50_000) + '[rack7-hsm] lunash:>' + 'z'.repeat(50_000))
    expect(names).toEqual([])
    push('\r\n[rack7-hsm] lunash:>')
    expect(names).toEqual(['rack7-hsm'])
  })

  it('is not fooled by a name in an escape sequence before the prompt', () => {
    const { names, push } = watch()
    push('\x1b[1m[hsm-a] lunash:>\x1b[0m')
    expect(names).toEqual(['hsm-a'])
  })

  it('says nothing for output without a prompt', () => {
    const { names, push } = watch()
    for (let i = 0; i < 100; i++) push(`line ${i} [not a prompt] lunash\r\n`)
    expect(names).toEqual([])
  })
})
