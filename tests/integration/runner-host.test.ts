/**
 * The host's command runner against the real simulator, through the same dispatch the renderer uses: a bad
 * field sends nothing (the simulator's shell saw no input), the operator's typing is held while a command runs,
 * a destructive command the operator refuses sends quit and changes nothing, and the simulator's faults never
 * leave a step marked done.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHost, type Host, type HostEvent } from '../../electron/host/host'
import { verifySeals } from '../../electron/sessions/transcript-seal'
import { startSimulator, type Simulator } from '../../simulator/index'
import { demoOf, recordShellInput } from '../support/simulated-appliance'
import type { EventPayload, RunnerResult } from '../../shared/api'

const ADMIN = 'Rack-Admin-2026!'
let sim: Simulator
let host: Host
let dataDir: string
/** Every line the appliance's shell received, as the simulator saw it. */
const shellInput: string[] = []

beforeAll(async () => {
  sim = await startSimulator({ host: '127.0.0.1', sshPort: 0 })
  const handle = sim.appliances[0]!
  recordShellInput(handle, shellInput)
  const demo = demoOf(handle)
  dataDir = mkdtempSync(join(tmpdir(), 'rackside-runner-host-'))
  host = createHost({ kind: 'web', dataDir, demo, runner: { vault: null, runner: { resyncMs: 1_500 } } })
})

afterAll(async () => {
  await host.close()
  await sim.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

/** A renderer: acknowledges output, answers the runner's questions as told, and reads the console. */
function renderer(client: string) {
  let sessionId = ''
  let transcript = ''
  let text = ''
  const prompts: EventPayload<'runner.prompt'>[] = []
  const states: EventPayload<'runner.state'>[] = []
  let answer: (p: EventPayload<'runner.prompt'>) => Record<string, unknown> | undefined = (p) =>
    p.kind === 'confirm' ? { proceed: true, typed: p.mustType ?? 'proceed' } : undefined
  const listen = (e: HostEvent): void => {
    if (e.client !== client) return
    if (e.name === 'session.data') {
      const p = e.payload as EventPayload<'session.data'>
      text += p.data
      void host.dispatch('sessions.ack', { sessionId: p.sessionId, chars: p.data.length }, client)
    } else if (e.name === 'runner.prompt') {
      const p = e.payload as EventPayload<'runner.prompt'>
      prompts.push(p)
      const reply = answer(p)
      if (reply)
        void host.dispatch(
          'runner.answer',
          { sessionId: p.sessionId, promptId: p.promptId, ...reply },
          client,
        )
    } else if (e.name === 'runner.state') states.push(e.payload as EventPayload<'runner.state'>)
  }
  const call = async <T>(method: string, params: Record<string, unknown>): Promise<T> => {
    const reply = await host.dispatch(method, { sessionId, ...params }, client)
    if (!reply.ok) throw Object.assign(new Error(reply.error.message), { code: reply.error.code })
    return reply.value as T
  }
  return {
    async open() {
      host.events.on('event', listen)
      const reply = await host.dispatch('sessions.open', { profileId: 'demo', cols: 120, rows: 40 }, client)
      if (!reply.ok) throw new Error(reply.error.message)
      ;({ sessionId, transcript = '' } = reply.value as { sessionId: string; transcript?: string })
    },
    async see(pattern: RegExp) {
      const start = Date.now()
      while (!pattern.test(text)) {
        if (Date.now() - start > 15_000) throw new Error(`never saw ${pattern}:\n${text.slice(-800)}`)
        await new Promise((r) => setTimeout(r, 20))
      }
    },
    run: (commandId: string, fields: Record<string, unknown> = {}, secrets?: Record<string, string>) =>
      call<RunnerResult>('runner.run', secrets ? { commandId, fields, secrets } : { commandId, fields }),
    call,
    type: (data: string) => host.dispatch('sessions.write', { sessionId, data }, client),
    setAnswer(fn: typeof answer) {
      answer = fn
    },
    prompts,
    states,
    get transcript() {
      return transcript
    },
    get text() {
      return text
    },
  }
}

describe('the host runner against the simulator', () => {
  const r = renderer('panel-client')

  it('attends the first login with the passwords from the form and reads the HSM back', async () => {
    await r.open()
    await r.see(/\(current\) UNIX password:/)
    const first = await r.run(
      'login.first-password-change',
      {},
      {
        'appliance-current-password': 'PASSWORD',
        'appliance-new-password': ADMIN,
      },
    )
    expect(first.status, first.reason).toBe('done')
    expect(r.text).not.toContain(ADMIN)
    const show = await r.run('hsm.show')
    expect(show.status).toBe('done')
    expect(show.facts).toMatchObject({ serial: sim.appliances[0]!.serial })
  })

  it('previews the exact line, and a bad field is refused with a clear message', async () => {
    const preview = async <T>(params: Record<string, unknown>): Promise<T> => {
      const reply = await host.dispatch('runner.preview', params, 'panel-client')
      if (!reply.ok) throw new Error(reply.error.message)
      return reply.value as T
    }
    const good = await preview<{ ok: boolean; command: string }>({
      commandId: 'network.hostname',
      fields: { hostname: 'luna-sa-1' },
    })
    expect(good).toMatchObject({ ok: true, command: 'network hostname luna-sa-1' })
    const bad = await preview<{ ok: boolean; errors: { message: string }[] }>({
      commandId: 'network.hostname',
      fields: { hostname: 'luna;hsm show' },
    })
    expect(bad.ok).toBe(false)
    expect(bad.errors[0]?.message).toMatch(/hostname/i)
  })

  it('refuses a hostname with a newline and sends nothing: the simulator saw no input', async () => {
    const before = shellInput.length
    const result = await r.run('network.hostname', { hostname: 'evil\rhsm init -label x' })
    expect(result.status).toBe('failed')
    expect(result.reason).toMatch(/^Nothing was sent/)
    expect(result.fieldErrors?.length).toBeGreaterThan(0)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(shellInput.slice(before)).toEqual([])
  })

  it('sets the hostname and proves it with the read-back', async () => {
    const result = await r.run('network.hostname', { hostname: 'luna-sa-1' })
    expect(result.status, result.reason).toBe('done')
    expect(result.readBack?.evidence).toMatch(/luna-sa-1/)
    expect(result.promptHost).toBe('luna-sa-1')
  })

  it("holds the operator's typing while a command runs, with a message saying why", async () => {
    await sim.appliances[0]!.setFaults({ pedDelayMs: 0, latencyMs: 40 })
    const running = r.run('partition.list')
    await new Promise((resolve) => setTimeout(resolve, 30))
    const typed = await r.type('hsm show\r')
    expect(typed).toMatchObject({ ok: false, error: { code: 'busy' } })
    if (!typed.ok) expect(typed.error.message).toMatch(/typing is held/)
    expect((await running).status).toBe('done')
    await sim.appliances[0]!.setFaults({})
    expect(r.states.some((s) => s.busy && s.command === 'partition list')).toBe(true)
    expect(r.states.at(-1)?.busy).toBe(false)
    expect((await r.type('\r')).ok).toBe(true)
  })

  it('a destructive command refused by the operator sends quit and changes nothing', async () => {
    r.setAnswer((p) => (p.kind === 'confirm' ? { proceed: false } : undefined))
    const before = shellInput.join('')
    const result = await r.run(
      'hsm.init',
      { label: 'Wrong-Label' },
      {
        'hsm-so-password': 'S0-Passw0rd!',
        'hsm-domain': 'Dom-Passw0rd!',
      },
    )
    expect(result.status).toBe('failed')
    expect(result.interactions).toContainEqual({ kind: 'confirm', answer: 'quit' })
    expect(shellInput.join('').slice(before.length)).toMatch(/quit\r/)
    expect(shellInput.join('').slice(before.length)).not.toMatch(/proceed/)
    const prompt = r.prompts.at(-1)
    expect(prompt).toMatchObject({ kind: 'confirm', destructive: true, mustType: 'Wrong-Label' })
    const show = await r.run('hsm.show')
    expect((show.facts as { label: string | null }).label).not.toBe('Wrong-Label')
  })

  it('a destructive command answered with proceed instead of the label is refused too', async () => {
    r.setAnswer((p) => (p.kind === 'confirm' ? { proceed: true, typed: 'proceed' } : undefined))
    const result = await r.run('partition.delete', { partition: 'nosuch' })
    // Either the appliance refuses first (no such partition) or the runner sends quit: never proceed.
    expect(result.status).not.toBe('done')
    expect(result.interactions).not.toContainEqual({ kind: 'confirm', answer: 'proceed' })
    r.setAnswer((p) => (p.kind === 'confirm' ? { proceed: true, typed: p.mustType ?? 'proceed' } : undefined))
  })

  for (const [fault, faults] of [
    ['garbled read-back output', { garbleCommand: 'network show' }],
    ['a read-back that never returns', { hangAtCommand: 'network show' }],
    ['a command that never returns', { hangAtCommand: 'network domain' }],
  ] as const) {
    it(`${fault} is never marked done`, async () => {
      await sim.appliances[0]!.setFaults(faults)
      const result = await r.run('network.domain', { domain: 'example.com' })
      await sim.appliances[0]!.setFaults({})
      expect(result.status).not.toBe('done')
      expect(result.reason).toMatch(/unknown — re-verify/)
      // The console still answers afterwards.
      expect((await r.run('hsm.show')).status).toBe('done')
    }, 60_000)
  }

  it('a link dropped mid-command is "unknown — re-verify", never done, and the console is closed', async () => {
    await sim.appliances[0]!.setFaults({ disconnectAtCommand: 'network domain' })
    const result = await r.run('network.domain', { domain: 'example.org' })
    await sim.appliances[0]!.setFaults({})
    expect(result.status).toBe('unknown')
    expect(result.reason).toMatch(/unknown — re-verify/)
    const again = await host.dispatch(
      'runner.run',
      { sessionId: 'x', commandId: 'hsm.show', fields: {} },
      'panel-client',
    )
    expect(again.ok).toBe(false)
  })

  it("the console's transcript records each step's outcome and the operator's answers, sealed", async () => {
    const bytes = readFileSync(r.transcript)
    const lines = bytes.toString('utf8').split('\n')
    const noteAt = (pattern: RegExp) => lines.findIndex((l) => pattern.test(l))
    const notes = [
      / {2}-- Ran step "[^"]+" \(login\.first-password-change\): done\. .*Operator's answers: password appliance-current-password, password appliance-new-password/,
      / {2}-- Ran step "[^"]+" \(network\.hostname\): failed\. Nothing was sent/,
      / {2}-- Ran step "[^"]+" \(network\.hostname\): done\. /,
      / {2}-- Ran step "[^"]+" \(hsm\.init\): failed\. .*Operator's answers: .*confirm quit/,
      / {2}-- Ran step "[^"]+" \(network\.domain\): unknown\. .*the appliance sent nothing for 15 s/,
      // After the link dropped, the transcript had closed: the outcome is added to it all the same.
      / {2}-- Ran step "[^"]+" \(network\.domain\): unknown\. .*the connection was lost while the command ran/,
    ].map(noteAt)
    expect(notes.every((at) => at > 0)).toBe(true)
    // In the order they ran, each sealed at once.
    expect([...notes].sort((a, b) => a - b)).toEqual(notes)
    for (const at of notes) expect(lines[at + 1]).toMatch(/^#= sealed /)
    // No password reached the record, and the seals hold from the top to the end.
    for (const secret of [ADMIN, 'S0-Passw0rd!', 'Dom-Passw0rd!']) expect(bytes.includes(secret)).toBe(false)
    expect(verifySeals(bytes)).toMatchObject({ unsealedLines: 0 })
    expect(verifySeals(bytes).broken).toBeUndefined()
  })

  it('the overview reads everything back on a new session and marks the procedures', async () => {
    const c = renderer('overview-client')
    await c.open()
    await c.see(/password: $/)
    // Still at the console's login: a step would type into the password prompt, so it is refused.
    const before = shellInput.length
    await expect(c.run('hsm.show')).rejects.toThrow(/still connecting or logging in/)
    expect(shellInput.length).toBe(before)
    await c.type(`${ADMIN}\r`)
    await c.see(/lunash:>\s*$/)
    const overview = await c.call<{
      hsm: { serial: string }
      network: { hostname: string }
      procedures: { id: string; mark: string }[]
      problems: unknown[]
    }>('overview.read', {})
    expect(overview.problems).toEqual([])
    expect(overview.hsm.serial).toBe(sim.appliances[0]!.serial)
    expect(overview.network.hostname).toBe('luna-sa-1')
    expect(overview.procedures.find((p) => p.id === 'hostname')?.mark).toBe('done')
    expect(overview.procedures.find((p) => p.id === 'partitions')?.mark).toBe('not-done')

    // Someone renames the appliance by hand: the step Rackside did is now "changed since done".
    await c.type('network hostname renamed-by-hand\r')
    await c.see(/\[renamed-by-hand\] lunash:>\s*$/)
    const again = await c.call<{ procedures: { id: string; mark: string; evidence: string }[] }>(
      'overview.read',
      {},
    )
    const hostname = again.procedures.find((p) => p.id === 'hostname')
    expect(hostname?.mark).toBe('changed')
    expect(hostname?.evidence).toMatch(/hostname renamed-by-hand.* — differs from what Rackside set/)
  })
})
