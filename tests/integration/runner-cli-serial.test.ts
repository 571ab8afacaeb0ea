/**
 * `rackside status --json serial:<pty>@115200` against the simulator's serial console (a socat pty pair): the
 * CLI logs in at `login:`, reads the appliance back as JSON and logs out; a wrong password is one line, non-zero.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client, type ClientChannel } from 'ssh2'
import { startSimulator, type Simulator } from '../../simulator/index'
import { streamChannel } from '../../electron/runner/channel'
import { CommandRunner } from '../../electron/runner/runner'
import { firstLoginPasswordChange } from '../../shared/lunash/commands'

const ADMIN = 'Serial-Admin-2026!'
let sim: Simulator
let serialPath = ''

function cli(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/rackside.mjs', ...args], { stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.stdin.end(stdin)
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }))
  })
}

beforeAll(async () => {
  sim = await startSimulator({
    serialPath: join(mkdtempSync(join(tmpdir(), 'rackside-cli-serial-')), 'ttyLuna'),
  })
  const handle = sim.appliances[0]!
  serialPath = handle.serialConsole!.path
  // The factory password is changed once over SSH, as on a fresh appliance.
  const client = new Client()
  await new Promise<void>((resolve, reject) =>
    client
      .on('ready', () => resolve())
      .on('error', reject)
      .connect({ host: handle.ssh.host, port: handle.ssh.port, username: 'admin', password: 'PASSWORD' }),
  )
  const stream = await new Promise<ClientChannel>((resolve, reject) =>
    client.shell({ term: 'vt100' }, (e, s) => (e ? reject(e) : resolve(s))),
  )
  const runner = new CommandRunner(streamChannel(stream))
  await new Promise((r) => setTimeout(r, 300))
  const result = await runner.run(
    firstLoginPasswordChange,
    {},
    {
      confirm: async () => ({ proceed: false }),
      secret: async (r) => (r.secret === 'appliance-current-password' ? 'PASSWORD' : ADMIN),
      ped: () => undefined,
    },
  )
  client.end()
  if (result.status !== 'done') throw new Error(result.reason)
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
