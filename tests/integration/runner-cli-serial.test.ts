/**
 * `rackside status --json serial:<pty>@115200` against the simulator's serial console (a socat pty pair): the
 * CLI logs in at `login:`, reads the appliance back as JSON and logs out; a wrong password is one line, non-zero.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../simulator/index'
import { changeFactoryPassword } from '../support/first-login'
import { cli } from '../support/rackside-cli'

const ADMIN = 'Serial-Admin-2026!'
let sim: Simulator
let serialPath = ''

beforeAll(async () => {
  sim = await startSimulator({
    serialPath: join(mkdtempSync(join(tmpdir(), 'rackside-cli-serial-')), 'ttyLuna'),
  })
  const handle = sim.appliances[0]!
  serialPath = handle.serialConsole!.path
  // The factory password is changed once over SSH, as on a fresh appliance.
  await changeFactoryPassword(handle.ssh, ADMIN)
}, 60_000)
afterAll(async () => sim.stop())

describe('rackside status --json over the serial console', () => {
  it('logs in at login:, reads the appliance as JSON', async () => {
    const r = await cli(['status', '--json', `serial:${serialPath}@115200`, '--password-stdin'], `${ADMIN}\n`)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const json = JSON.parse(r.stdout) as Record<string, unknown>
    expect(json.target).toBe(`serial:${serialPath}@115200`)
    expect(json.hsm).toMatchObject({ serial: sim.appliances[0]!.serial })
    expect(json.problems).toEqual([])
  }, 60_000)

  it('a wrong password: one line, non-zero', async () => {
    const r = await cli(['status', '--json', `serial:${serialPath}`, '--password-stdin'], 'wrong\n')
    expect(r.code).toBe(1)
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/password was refused/)
  }, 60_000)

  it('a port that does not exist: one line, non-zero', async () => {
    const r = await cli(['status', '--json', 'serial:/dev/ttyNoSuchPort', '--password-stdin'], `${ADMIN}\n`)
    expect(r.code).toBe(1)
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/Cannot open \/dev\/ttyNoSuchPort/)
  })
})
