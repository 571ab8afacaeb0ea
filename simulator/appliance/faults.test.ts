import { describe, expect, it } from 'vitest'
import { makeAppliance, openSession, replay, settleAdmin } from './testkit'

const FAILURE = 'Command Result : 65535 (Luna Shell execution)'

async function session() {
  const h = await makeAppliance({ era: 5 })
  settleAdmin(h.core)
  const t = await openSession(h.appliance)
  return { ...h, t }
}

describe('faults', () => {
  it('disconnectAtCommand hangs up when that command is entered, abbreviated or not', async () => {
    const { appliance, t } = await session()
    appliance.setFaults({ disconnectAtCommand: 'partition list' })
    expect(appliance.faults()).toEqual({ disconnectAtCommand: 'partition list' })
    await t.lines('client list')
    expect(t.hungUp).toBeUndefined()
    t.mark()
    await t.lines('PAR LI')
    expect(t.hungUp).toMatch(/fault/)
    expect(t.sinceMark).toBe('PAR LI\n')
  })

  it('hangAtCommand prints nothing until Ctrl-C, then fails the command and prompts again', async () => {
    const { appliance, t } = await session()
    appliance.setFaults({ hangAtCommand: 'partition list' })
    t.mark()
    await t.lines('par list')
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(t.sinceMark).toBe('par list\n')
    await t.type('\x03')
    expect(t.sinceMark).toBe(`par list\n^C\n\n${FAILURE}\n[local_host] lunash:>`)
    appliance.setFaults({})
    expect(await replay(t, 'partition list')).toContain('There are no partitions.')
  })

  it('truncateAtCommand cuts the output and the prompt never comes until Ctrl-C', async () => {
    const { appliance, t } = await session()
    appliance.setFaults({ truncateAtCommand: { command: 'hsm show', chars: 40 } })
    t.mark()
    await t.lines('hsm show')
    const text = t.sinceMark
    expect(text.startsWith('hsm show\n')).toBe(true)
    // Exactly the first 40 characters of what the command printed (the shell counts before CRLF conversion).
    expect(text.slice('hsm show\n'.length)).toBe('\n\n   Appliance Details:\n   =============')
    expect(text).not.toContain('Command Result')
    expect(text).not.toContain('lunash:>')
    await t.lines('client list')
    expect(t.sinceMark).not.toContain('lunash:>')
    await t.type('\x03')
    expect(t.sinceMark).toMatch(/\[local_host\] lunash:>$/)
  })

  it('garbleCommand replaces the output with noise of the same shape, keeping the result line', async () => {
    const { appliance, t } = await session()
    const clean = await replay(t, 'hsm show')
    appliance.setFaults({ garbleCommand: 'hsm show' })
    const noisy = await replay(t, 'hsm show')
    expect(noisy).not.toContain('HSM Details:')
    expect(noisy.split('\n')).toHaveLength(clean.split('\n').length)
    expect(noisy).toMatch(/\n\nCommand Result : 0 \(Success\)\n\[local_host\] lunash:>$/)
    appliance.setFaults({})
    expect(await replay(t, 'hsm show')).toContain('HSM Details:')
  })

  it('pedDelayMs makes the PED answer late; pedTimeout makes it fail', async () => {
    const h = await makeAppliance({ era: 5, hsmAuthentication: 'ped' })
    settleAdmin(h.core)
    const { appliance, core } = h
    const t = await openSession(appliance)
    expect(await replay(t, 'hsm show')).toContain('Authentication Method:              PED keys')
    await t.lines('hsm init -label ped -force')
    appliance.setFaults({ pedDelayMs: 400 })
    const started = Date.now()
    t.mark()
    await t.type('hsm login\r')
    while (!t.sinceMark.includes('lunash:>')) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(Date.now() - started).toBeGreaterThanOrEqual(400)
    expect(t.sinceMark).toContain("'hsm login' successful.")
    await t.lines('hsm logout')
    appliance.setFaults({ pedTimeout: true })
    const out = await replay(t, 'hsm login')
    expect(out).toContain('Luna PED operation required to login as HSM Administrator - use blue PED key.')
    expect(out).toContain("Error:  'hsm login' failed. (300140 : LUNA_RET_PED_TIMEOUT)")
    expect(core.state.hsm.soLoggedIn).toBe(false)
  })

  it('Ctrl-C during a PED wait aborts the command', async () => {
    const { appliance, core, t } = await session()
    core.state.hsm.authMethod = 'ped'
    await t.lines('hsm init -label ped -force')
    appliance.setFaults({ pedDelayMs: 5_000 })
    t.mark()
    t.shell.input('hsm login\r')
    await new Promise((resolve) => setTimeout(resolve, 100))
    await t.type('\x03')
    expect(t.sinceMark).toMatch(
      /use blue PED key\.\n\^C\n\nCommand Result : 65535 \(Luna Shell execution\)\n\[local_host\] lunash:>$/,
    )
    expect(core.state.hsm.soLoggedIn).toBe(false)
  })
})
