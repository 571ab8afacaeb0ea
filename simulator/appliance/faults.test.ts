import { describe, expect, it } from 'vitest'
import { OutputPacer } from '../transports/output-pacer'
import type { Faults } from './contract'
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

describe('faults for the fault campaign', () => {
  const SUCCESS = 'Command Result : 0 (Success)'

  it('stallAtCommand holds the output (and the prompt) for a while, then lets all of it through in order', async () => {
    const { appliance, t } = await session()
    const clean = await replay(t, 'hsm show')
    appliance.setFaults({ stallAtCommand: { command: 'hsm show', afterChars: 50, ms: 400 } })
    t.mark()
    const started = Date.now()
    t.shell.input('hsm show\r')
    await new Promise((resolve) => setTimeout(resolve, 200))
    // The echo and the first 50 characters, then nothing while the line stalls.
    const during = t.sinceMark
    expect(during.length).toBeLessThan(80)
    expect(during).not.toContain('Command Result')
    while (!t.sinceMark.includes('lunash:>')) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(Date.now() - started).toBeGreaterThanOrEqual(400)
    const prompt = clean.slice(0, clean.indexOf('hsm show'))
    expect(prompt + t.sinceMark).toBe(clean)
    // Other commands, and the same one once the fault is off, flow at once.
    appliance.setFaults({})
    expect(await replay(t, 'hsm show')).toBe(clean)
  })

  it('noiseAtCommand mixes stray bytes into the output; ansi noise reaches the prompt, a terminal shows neither', async () => {
    /* eslint-disable no-control-regex -- the noise is control characters and escape sequences */
    const { appliance, t } = await session()
    const clean = await replay(t, 'hsm show')
    appliance.setFaults({ noiseAtCommand: { command: 'hsm show', kind: 'garbage' } })
    const garbage = await replay(t, 'hsm show')
    expect(garbage).not.toBe(clean)
    // Stray bytes only add: remove them and the clean output is back.
    expect(garbage.replace(/[\x00\x07\x7f\ufffd\u00bf\u00a4\u00b6]/g, '')).toBe(clean)
    appliance.setFaults({ noiseAtCommand: { command: 'hsm show', kind: 'ansi' } })
    let ansi = ''
    // Noise is random: a few tries make sure the prompt got some too.
    for (let i = 0; i < 20 && !/\x1b[^\n]*$/.test(ansi); i++) ansi = await replay(t, 'hsm show')
    expect(ansi).toMatch(/\x1b\[/)
    expect(ansi.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')).toBe(clean)
    /* eslint-enable no-control-regex */
    appliance.setFaults({})
    // The prompt already on screen is the noisy one; the next ones are clean.
    await t.lines('')
    expect(await replay(t, 'hsm show')).toBe(clean)
  })

  it('noiseAtCommand with a seed puts the same noise in the same places, so a run can be repeated', async () => {
    const { appliance, t } = await session()
    appliance.setFaults({ noiseAtCommand: { command: 'hsm show', kind: 'garbage', seed: 42 } })
    const first = await replay(t, 'hsm show')
    const second = await replay(t, 'hsm show')
    expect(second).toBe(first)
    appliance.setFaults({ noiseAtCommand: { command: 'hsm show', kind: 'garbage', seed: 43 } })
    expect(await replay(t, 'hsm show')).not.toBe(first)
  })

  it('wrongResultAtCommand prints success as failure and failure as success, and changes nothing else', async () => {
    const { appliance, core, t } = await session()
    appliance.setFaults({ wrongResultAtCommand: 'network hostname' })
    const renamed = await replay(t, 'network hostname lying-1')
    expect(core.state.network.hostname).toBe('lying-1')
    expect(renamed).toContain('Command Result : 65535 (Luna Shell execution)')
    appliance.setFaults({ wrongResultAtCommand: 'partition activate' })
    const refused = await replay(t, 'partition activate -partition nosuch')
    expect(refused).toContain("Error:  'partition activate' failed.")
    expect(refused).toContain(SUCCESS)
  })

  it('disconnectDuringCommand drops the line mid-output; the change made before the drop stays', async () => {
    const { appliance, t } = await session()
    appliance.setFaults({ disconnectDuringCommand: { command: 'hsm show', afterChars: 30 } })
    t.mark()
    await t.type('hsm show\r')
    expect(t.hungUp).toMatch(/fault: disconnect during/)
    expect(t.sinceMark.slice('hsm show\n'.length).length).toBe(30)

    const second = await session()
    second.appliance.setFaults({
      disconnectDuringCommand: { command: 'network hostname', afterChars: 10_000 },
    })
    second.t.mark()
    await second.t.type('network hostname dropped-1\r')
    // The command printed less than that: the line drops before its result line.
    expect(second.t.hungUp).toMatch(/fault: disconnect during/)
    expect(second.t.sinceMark).not.toContain('Command Result')
    expect(second.core.state.network.hostname).toBe('dropped-1')
  })

  it('disconnectAfterCommand drops the line after the result line, before the prompt', async () => {
    const { appliance, core, t } = await session()
    appliance.setFaults({ disconnectAfterCommand: 'network domain' })
    t.mark()
    await t.type('network domain example.net\r')
    expect(t.hungUp).toMatch(/fault: disconnect after/)
    expect(t.sinceMark).toMatch(/Command Result : 0 \(Success\)\n$/)
    expect(core.state.network.domain).toBe('example.net')
  })

  it('lineBytesPerSecond paces a transport like a slow serial line, and turning it off speeds it up again', async () => {
    let faults: Faults = { lineBytesPerSecond: 2_000 }
    const chunks: Buffer[] = []
    const pacer = new OutputPacer({
      write: (chunk) => chunks.push(chunk),
      faults: () => faults,
      onByteLimit: () => undefined,
    })
    const text = `${'x'.repeat(79)}\n`.repeat(10)
    const started = Date.now()
    pacer.push(text)
    await pacer.flushed()
    // 800 bytes at 2000 bytes/s: about 400 ms, in order and complete.
    expect(Date.now() - started).toBeGreaterThanOrEqual(350)
    expect(Buffer.concat(chunks).toString()).toBe(text)
    faults = {}
    const fast = Date.now()
    pacer.push(text)
    await pacer.flushed()
    expect(Date.now() - fast).toBeLessThan(100)
  })
})
