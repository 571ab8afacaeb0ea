/**
 * The simulator's HSM and partition outputs against the corpus of real ones, era by era: what the simulator
 * prints for a command must read (with the app's parsers) to the same facts a real appliance of that era was seen
 * printing: every fact the corpus shows for the era, nothing no real appliance of any era was seen printing, and
 * no line the parser has to set aside. The simulator imports no app code; this test imports both sides.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { CORPUS, type CorpusSection } from '../../shared/lunash/fixtures/real/corpus'
import { parserOf } from '../../shared/lunash/fixtures/real/parsers-hsm-partition'
import { parseLunashError } from '../../shared/lunash/parse/common'
import type { HsmPolicies } from '../../shared/lunash/parse/hsm'
import type { Era } from '../../simulator/appliance/contract'
import {
  makeAppliance,
  openSession,
  replay,
  settleAdmin,
  type TestTerminal,
} from '../../simulator/appliance/testkit'

/** Fact names of a parse: `label`, `other.RPV Initialized`, `partitions[].serial`, `environment.System Temp`. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => keyPaths(v, `${prefix}[]`))
  if (typeof value !== 'object' || value === null) return []
  return Object.entries(value as Record<string, unknown>)
    .filter(([k]) => k !== 'unrecognised')
    .flatMap(([k, v]) => {
      const path = prefix === '' ? k : `${prefix}.${k}`
      return [path, ...keyPaths(v, path)]
    })
}

const factsOf = (s: Pick<CorpusSection, 'command' | 'era'>, text: string): unknown => {
  const r = parserOf(s)(text)
  return r.ok ? r.value : undefined
}

/** The fact names real appliances print for a command: in one era, and in any era. */
function corpusKeys(command: string, era?: number): Set<string> {
  const keys = new Set<string>()
  for (const s of CORPUS) {
    if (s.command !== command || (era !== undefined && s.era !== era)) continue
    if (s.kind !== 'output' && s.kind !== 'partial') continue
    for (const k of keyPaths(factsOf(s, s.text))) keys.add(k)
  }
  return keys
}

/** What the simulator printed for each command, in each state it was driven through. */
type Printed = Record<string, string[]>

async function drive(era: Era): Promise<Printed> {
  const printed: Printed = {}
  const keep = (command: string, text: string): void => {
    ;(printed[command] ??= []).push(text)
  }
  const { appliance, core } = await makeAppliance({ era })
  settleAdmin(core)
  const t: TestTerminal = await openSession(appliance)
  keep(
    'hsm-init',
    await replay(t, 'hsm init -label rack07', 'Sopass123!', 'Sopass123!', 'dom1', 'dom1', 'proceed'),
  )
  keep('hsm-login', await replay(t, 'hsm login', 'Sopass123!'))
  keep('hsm-show', await replay(t, 'hsm show'))
  keep('partition-list', await replay(t, 'partition list'))
  keep('hsm-showpolicies', await replay(t, 'hsm showPolicies'))
  keep(
    'partition-create',
    era === 7
      ? await replay(t, 'partition create -partition cms01', 'proceed')
      : await replay(
          t,
          'partition create -partition cms01',
          'Partpass1!',
          'Partpass1!',
          'dom1',
          'dom1',
          'proceed',
        ),
  )
  keep('hsm-show', await replay(t, 'hsm show'))
  keep('partition-list', await replay(t, 'partition list'))
  keep('partition-show', await replay(t, 'partition show -partition cms01'))
  if (era !== 7)
    keep(
      'partition-changepw',
      await replay(t, 'partition changePw -partition cms01 -oldpw Partpass1! -newpw Partpass2!'),
    )
  keep('hsm-changepolicy', await replay(t, 'hsm changePolicy -policy 12 -value 0', 'proceed'))
  keep('error', await replay(t, 'client show -client nosuch'))
  t.shell.close()

  const serial = await openSession(appliance, {
    user: undefined,
    transport: 'serial',
    remoteAddress: 'ttyS0',
  })
  keep('login-banner', serial.text)
  serial.mark()
  await serial.lines('admin', 'Admin123!')
  keep('login-banner', serial.text)
  serial.shell.close()
  return printed
}

const ERAS: Era[] = [5, 6, 7]
const COMMANDS = [
  'hsm-show',
  'hsm-showpolicies',
  'hsm-login',
  'hsm-init',
  'hsm-changepolicy',
  'partition-list',
  'partition-show',
  'partition-create',
  'partition-changepw',
  'login-banner',
]

describe('the simulator asks what real appliances ask', () => {
  it('after a wrong HSM Admin password, the next hsm login warns as firmware 6.20.2 does', async () => {
    const real = CORPUS.find((s) => s.file === '6/hsm-login.txt' && s.kind === 'prompt')
    expect(real).toBeDefined()
    const { appliance, core } = await makeAppliance({ era: 6 })
    settleAdmin(core)
    const t = await openSession(appliance)
    await t.lines('hsm init -label rack07', 'Sopass123!', 'Sopass123!', 'dom1', 'dom1', 'proceed')
    await t.lines('hsm login', 'not-the-password')
    const asked = await replay(t, 'hsm login')
    t.shell.close()
    // From the command line to the question, line for line (line ends aside; the prompt's host differs).
    const lines = (text: string): string[] =>
      text
        .replace(/\n$/, '')
        .split('\n')
        .slice(1)
        .map((l) => l.trimEnd())
    expect(lines(asked)).toEqual(lines(real?.text ?? ''))
  })
})

describe.each(ERAS)('the simulator in era %s prints what real appliances print', (era) => {
  let printed: Printed
  beforeAll(async () => {
    printed = await drive(era)
  }, 60_000)

  const seen = COMMANDS.filter((c) => corpusKeys(c, era).size > 0)
  it.each(seen)('%s', (command) => {
    const outputs = printed[command] ?? []
    expect(outputs.length, `the simulator was not asked for ${command}`).toBeGreaterThan(0)
    const simKeys = new Set<string>()
    for (const text of outputs) {
      const result = parserOf({ command, era })(text)
      expect(result.ok, `${command}: ${JSON.stringify(result)}\n${text}`).toBe(true)
      if (!result.ok) continue
      // The simulator prints nothing the parser has to set aside.
      expect((result.value as { unrecognised?: string[] }).unrecognised, text).toBeUndefined()
      for (const k of keyPaths(result.value)) simKeys.add(k)
    }
    const missing = [...corpusKeys(command, era)].filter((k) => !simKeys.has(k))
    expect(missing, `facts real ${era}.x appliances print that the simulator does not`).toEqual([])
    const anyEra = corpusKeys(command)
    const invented = [...simKeys].filter((k) => !anyEra.has(k))
    expect(invented, 'facts no real appliance was seen printing').toEqual([])
  })

  it('names a failed command in the Error line real appliances print', () => {
    const real = CORPUS.find((s) => s.file === '5/client-show.error.txt')
    const realFacts = parseLunashError(real?.text ?? '')
    const sim = parseLunashError(printed['error']?.[0] ?? '')
    expect(sim).toEqual({ ok: true, value: realFacts.ok ? realFacts.value : undefined })
  })

  it('marks a policy destructive exactly where real policy tables do', () => {
    const sim = (printed['hsm-showpolicies'] ?? []).map((text) =>
      parserOf({ command: 'hsm-showpolicies', era })(text),
    )
    const simPolicies = sim.flatMap((r) => (r.ok ? (r.value as HsmPolicies).policies : []))
    expect(simPolicies.length).toBeGreaterThan(0)
    const real = CORPUS.filter((s) => s.command === 'hsm-showpolicies').flatMap((s) => {
      const r = parserOf(s)(s.text)
      return r.ok ? (r.value as HsmPolicies).policies : []
    })
    for (const row of simPolicies) {
      const seen = real.filter((p) => p.code === row.code && p.description === row.description)
      for (const p of seen)
        expect({ code: row.code, destructive: row.destructive }).toEqual({
          code: p.code,
          destructive: p.destructive,
        })
    }
    expect(simPolicies.find((p) => p.code === 16)?.destructive).toBe(false)
  })
})
