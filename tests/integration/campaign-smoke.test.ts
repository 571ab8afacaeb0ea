/**
 * A 50-run smoke of the fault campaign (`npm run campaign`, bench/campaign): every guided procedure through the
 * real host and runner against the simulator over SSH, one fault per run, judged by the appliance's real state.
 * First the judge itself: it must see a leaked secret, a wrong SO password and a done step whose effect is missing,
 * or the zeros below would prove nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { probeAppliance } from '../../bench/campaign/appliance'
import { runCampaign } from '../../bench/campaign/campaign'
import { FAULT_KINDS } from '../../bench/campaign/faults'
import { LeakScanner } from '../../bench/campaign/leaks'
import { baseState, drawSecrets, PROCEDURES } from '../../bench/campaign/procedures'
import { seededRng } from '../../bench/campaign/rng'
import { makeAppliance, openSession } from '../../simulator/appliance/testkit'

const SEED = Number(process.env.CAMPAIGN_SEED ?? 20260515)
const folder = mkdtempSync(join(tmpdir(), 'rackside-campaign-judge-'))

afterAll(() => rmSync(folder, { recursive: true, force: true }))

describe("the campaign's judge", () => {
  it('finds a secret in any file under the data folder, also split by a line wrap, and none in clean files', () => {
    const secrets = drawSecrets(seededRng(1))
    const scanner = new LeakScanner(folder)
    scanner.watch(secrets.so, 1)
    scanner.watch(secrets.partition, 2)
    writeFileSync(join(folder, 'clean.log'), '2026-05-15T10:00:00.000Z  [luna-sa-1] lunash:>hsm login\n')
    expect(scanner.scan()).toEqual([])
    const half = Math.floor(secrets.partition.length / 2)
    writeFileSync(
      join(folder, 'wrapped.log'),
      `2026-05-15T10:00:01.000Z  lunash:>partition activate -password ${secrets.partition.slice(0, half)}\n` +
        `#= sealed 2026-05-15T10:00:01.000Z sha256:00\n` +
        `2026-05-15T10:00:01.010Z  ${secrets.partition.slice(half)}\n`,
    )
    writeFileSync(join(folder, 'profiles.json'), JSON.stringify({ note: `typed ${secrets.so}` }))
    const found = scanner.scan()
    expect(found).toContainEqual(
      expect.objectContaining({ secret: secrets.partition, run: 2, how: 'wrapped' }),
    )
    expect(found).toContainEqual(expect.objectContaining({ secret: secrets.so, run: 1, how: 'plain' }))
  })

  it('counts a wrong SO password typed at hsm login, and not the right one', async () => {
    const { appliance } = await makeAppliance({ era: 6 })
    const probe = probeAppliance(appliance)
    const secrets = drawSecrets(seededRng(2))
    probe.restore(baseState(probe.snapshot(), secrets))
    const t = await openSession(appliance)
    await t.lines('hsm login', 'not-the-password')
    expect(probe.takeLoginFailures()).toMatchObject([{ role: 'so', answer: 'not-the-password' }])
    expect(probe.state().hsm.loginAttemptsLeft).toBe(2)
    await t.lines('hsm login', secrets.so)
    expect(probe.takeLoginFailures()).toEqual([])
    expect(probe.state().hsm.soLoggedIn).toBe(true)
    await t.lines('partition activate -partition cms-p1', 'wrong-partition-pw')
    expect(probe.takeLoginFailures()).toMatchObject([{ role: 'partition', command: 'partition activate' }])
  })

  it('calls a done step false when its effect is not on the appliance, true when it is', async () => {
    const { appliance } = await makeAppliance({ era: 6 })
    const probe = probeAppliance(appliance)
    const secrets = drawSecrets(seededRng(3))
    const before = baseState(probe.snapshot(), secrets)
    const hostname = PROCEDURES.find((p) => p.commandId === 'network.hostname')
    const scenario = hostname?.scenario(seededRng(4), secrets, { failing: false, ped: false })
    expect(scenario?.holds(before, {}, before)).toBe(false)
    const after = structuredClone(before)
    after.network.hostname = String(scenario?.fields.hostname)
    expect(scenario?.holds(after, {}, before)).toBe(true)
    const show = PROCEDURES.find((p) => p.commandId === 'hsm.show')?.scenario(seededRng(5), secrets, {
      failing: false,
      ped: false,
    })
    const facts = { serial: before.serial, label: before.hsm.label, adminLoggedIn: false, partitions: [{}] }
    expect(show?.holds(before, facts, before)).toBe(true)
    expect(show?.holds(before, { ...facts, adminLoggedIn: true }, before)).toBe(false)
  })
})

describe('the fault campaign, 50 runs', () => {
  it(`seed ${SEED}: no false done, no login attempt spent, no secret leaked; every fault drawn`, async () => {
    const results = await runCampaign({ runs: 50, seed: SEED, quick: true })
    const incidents = JSON.stringify(results.incidents, null, 1)
    expect(results.runs).toBe(50)
    for (const kind of FAULT_KINDS) {
      const tally = results.byFault[kind]
      expect(tally.runs, kind).toBeGreaterThan(0)
      // Drawn and staged: the step really ran under this fault.
      expect(tally.runs - tally.errors, `${kind}: ${incidents}`).toBeGreaterThan(0)
    }
    const errors = Object.values(results.byFault).reduce((n, t) => n + t.errors, 0)
    expect(errors, incidents).toBeLessThanOrEqual(2)
    expect(results.falseDone, incidents).toBe(0)
    expect(results.loginAttemptsSpent, incidents).toBe(0)
    expect(results.secretsLeaked, incidents).toBe(0)
  }, 240_000)
})
