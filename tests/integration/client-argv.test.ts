/**
 * No secret on any process's command line or in its environment. While the client side of the HID procedure
 * runs against the demo appliance (locate the client, pull server.pem, vtl addServer / createCert / verify,
 * push the certificate, register and assign through the runner, keep the partition password, then vtl haAdmin
 * newGroup / addMember / HAOnly / synchronize with that password), every process the test process starts, by
 * whatever code, is read through /proc as any local user could read it (tests/support/process-watch.ts), and
 * vtl itself is replaced by a shim that records the argv and environment it was started with before it runs the
 * simulator's vtl. The partition password must reach vtl at its own prompt, and HA must still work.
 */
import { randomBytes } from 'node:crypto'
import { spawn } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHost, type Host } from '../../electron/host/host'
import { simulatorDemo, type DemoProvider } from '../../electron/host/demo'
import type { EventPayload, Result, RunnerResult } from '../../shared/api'
import { actAsOperator, memoryVault, type HostClient } from '../support/host-client'
import { watchProcesses, type ProcessWatch } from '../support/process-watch'

// Fresh each run, so no other test's process can be mistaken for a leak of these.
const token = () => randomBytes(6).toString('hex')
const ADMIN = `Adm-${token()}-1!`
const SO = `So-${token()}-2!`
const DOMAIN = `Dom-${token()}-3!`
const PARTITION_PW = `Par-${token()}-4!`
const SECRETS = [ADMIN, SO, DOMAIN, PARTITION_PW]
/** A secret the test itself puts on a command line, to show the watch catches one. */
const CANARY = `Canary-${token()}-5!`

const root = mkdtempSync(join(tmpdir(), 'rackside-client-argv-'))
const dataDir = join(root, 'data')
const shimLog = join(root, 'vtl-calls')
const vault = memoryVault()
let watch: ProcessWatch
let demo: DemoProvider
let host: Host
let wizard: HostClient
let sessionId = ''
let consoleText = ''
let toolsText = ''

const ok = <T>(method: string, params?: Record<string, unknown>) => wizard.ok<T>(method, params)
const run = (commandId: string, fields: Record<string, unknown>, secrets?: Record<string, string>) =>
  ok<RunnerResult>('runner.run', { sessionId, commandId, fields, ...(secrets ? { secrets } : {}) })

/**
 * Puts a shim in place of the demo client's bin/vtl: it writes the argv and the environment it was started with
 * (NUL-separated, one file pair per call) and then runs the real wrapper with the same arguments.
 */
function installVtlShim(clientRoot: string): void {
  const vtl = join(clientRoot, 'bin', 'vtl')
  renameSync(vtl, `${vtl}.real`)
  mkdirSync(shimLog)
  writeFileSync(
    vtl,
    [
      '#!/bin/sh',
      `call=$(mktemp '${shimLog}/call.XXXXXX')`,
      `printf '%s\\0' "$0" "$@" > "$call.argv"`,
      `cat /proc/$$/environ > "$call.env"`,
      `exec '${vtl}.real' "$@"`,
      '',
    ].join('\n'),
  )
  chmodSync(vtl, 0o755)
}

/** Each recorded vtl call: its argv and environment. */
function shimCalls(): { argv: string[]; env: string }[] {
  if (!existsSync(shimLog)) return []
  return readdirSync(shimLog)
    .filter((n) => n.endsWith('.argv'))
    .map((n) => {
      const base = join(shimLog, n.slice(0, -'.argv'.length))
      return {
        argv: readFileSync(`${base}.argv`, 'latin1').replace(/\0$/, '').split('\0'),
        env: readFileSync(`${base}.env`, 'latin1'),
      }
    })
}

beforeAll(async () => {
  watch = watchProcesses([...SECRETS, CANARY])
  demo = simulatorDemo()
  host = createHost({
    kind: 'web',
    dataDir,
    demo,
    runner: { vault, runner: { resyncMs: 1_500 } },
    client: { vault, probeTimeoutMs: 5_000 },
  })
  wizard = actAsOperator(host, 'wizard', (e) => {
    if (e.name !== 'session.data') return
    const p = e.payload as EventPayload<'session.data'>
    if (p.sessionId === sessionId) consoleText += p.data
    else toolsText += p.data
  })
  sessionId = (await ok<{ sessionId: string }>('sessions.open', { profileId: 'demo', cols: 120, rows: 40 }))
    .sessionId
  const until = Date.now() + 20_000
  while (!/\(current\) UNIX password:/.test(consoleText)) {
    if (Date.now() > until) throw new Error(`no first-login prompt:\n${consoleText}`)
    await new Promise((r) => setTimeout(r, 20))
  }
  const first = await run(
    'login.first-password-change',
    {},
    { 'appliance-current-password': 'PASSWORD', 'appliance-new-password': ADMIN },
  )
  expect(first.status, first.reason).toBe('done')
  expect(
    (await run('hsm.init', { label: 'cmshsm' }, { 'hsm-so-password': SO, 'hsm-domain': DOMAIN })).status,
  ).toBe('done')
  expect((await run('hsm.login', {}, { 'hsm-so-password': SO })).status).toBe('done')
  for (const partition of ['cms', 'cms2']) {
    const created = await run(
      'partition.create',
      { partition },
      { 'partition-password': PARTITION_PW, 'partition-domain': DOMAIN },
    )
    expect(created.status, created.reason).toBe('done')
  }
  installVtlShim(demo.current!()!.clientRoot!)
}, 120_000)

afterAll(async () => {
  watch?.stop()
  await host?.close()
  rmSync(root, { recursive: true, force: true })
})

describe('the client side puts no secret on any argv or environment', () => {
  it('runs the client procedure through HA; the password reaches vtl at its prompt', async () => {
    await ok('client.locate', { demo: true, sessionId })
    await ok('sessions.open', { profileId: 'client-tools', cols: 100, rows: 30 })
    await ok('client.pullServerPem', { sessionId })
    for (const step of [
      { action: 'addServer', sessionId },
      { action: 'createCert', clientName: '127.0.0.1' },
    ])
      expect((await ok<{ ok: boolean }>('client.runVtl', step)).ok, step.action).toBe(true)
    await ok('client.pushCert', { sessionId, clientName: '127.0.0.1' })
    expect((await run('client.register', { client: 'cms01', address: '127.0.0.1' })).status).toBe('done')
    for (const partition of ['cms', 'cms2'])
      expect((await run('client.assignPartition', { client: 'cms01', partition })).status).toBe('done')
    expect((await ok<{ ok: boolean }>('client.runVtl', { action: 'verify' })).ok).toBe(true)
    await ok('vault.set', {
      account: { kind: 'partition', applianceId: 'demo', partition: 'cms' },
      secret: PARTITION_PW,
    })

    const link = await ok<{ partitions?: { name: string; serial: string }[] }>('client.probe', { sessionId })
    const serial = (name: string) => link.partitions!.find((p) => p.name === name)!.serial
    const password = { applianceId: 'demo', partition: 'cms' }
    type Ha = Result<'client.haAdmin'>
    const ha = (params: Record<string, unknown>) => ok<Ha>('client.haAdmin', params)
    const created = await ha({ action: 'newGroup', label: 'cmsha', serial: serial('cms'), password })
    expect(created.ok, created.problem).toBe(true)
    expect(created.command).toBe(`vtl haAdmin newGroup -serialNum ${serial('cms')} -label cmsha`)
    const added = await ha({ action: 'addMember', group: 'cmsha', serial: serial('cms2'), password })
    expect(added.ok, added.problem).toBe(true)
    expect(added.readBack?.groups[0]?.members).toEqual([serial('cms'), serial('cms2')])
    expect((await ha({ action: 'haOnly', enable: true })).ok).toBe(true)
    expect((await ha({ action: 'synchronize', group: 'cmsha' })).ok).toBe(true)

    // vtl asked, Rackside answered through the terminal, and the terminal did not echo it.
    expect(toolsText).toContain('Please enter the password for the partition:')
    expect(toolsText).not.toContain(PARTITION_PW)
  }, 120_000)

  it('every vtl call was started without a secret in its argv or environment', () => {
    const calls = shimCalls()
    const lines = calls.map((c) => c.argv.slice(1).join(' '))
    // The version probe (no arguments), each step, and the HA changes with their read-backs.
    for (const expected of [
      '',
      'addServer -n 127.0.0.1',
      'createCert -n 127.0.0.1',
      'verify',
      'haAdmin newGroup',
      'haAdmin addMember',
      'haAdmin HAOnly -enable',
      'haAdmin synchronize',
      'haAdmin show',
    ])
      expect(
        lines.some((l) => (expected === '' ? l === '' : l.startsWith(expected))),
        expected,
      ).toBe(true)
    for (const { argv, env } of calls)
      for (const secret of SECRETS) {
        expect(argv.join(' ').includes(secret), `argv of ${argv.join(' ')}`).toBe(false)
        expect(env.includes(secret), `environment of ${argv.join(' ')}`).toBe(false)
      }
  })

  it('no process the test started, nor any other, showed a secret in /proc; the watch saw vtl run', async () => {
    expect(watch.leaks).toEqual([])
    // The watch sees the processes it should: the simulator's vtl (node running its main.ts) with the HA words.
    const ours = watch.seen.filter((p) => p.ours).map((p) => p.argv.join(' '))
    expect(
      ours.some((line) => /vtl\/main\.ts haAdmin newGroup -serialNum \d+ -label cmsha\b/.test(line)),
    ).toBe(true)

    // And it would have told: a process with a secret on its command line is caught.
    const canary = spawn('/bin/sh', ['-c', 'sleep 0.5', 'canary', CANARY], { stdio: 'ignore' })
    await new Promise((resolve) => canary.on('exit', resolve))
    watch.stop()
    expect(watch.leaks.map((l) => l.where)).toContain('argv')
    expect(watch.leaks.every((l) => l.argv.includes(CANARY))).toBe(true)
  })
})
