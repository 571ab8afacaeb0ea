/**
 * Benchmark: the command runner's time for a 30-command bring-up against the simulator (no latency), as a
 * ratio to Debian's `expect` driving OpenSSH (`ssh` on a pty, as in simulator/test/openssh.ts) through the
 * same 30 commands against the same simulator. Both times are whole sessions: connect, log in, 30 commands,
 * exit. Goal: ratio <= 1.0. The result is merged into bench-results.json as {name, value, unit, goal, pass}.
 *
 *   npx tsx bench/runner-bringup.ts [--rounds N]
 */
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { Client, type ClientChannel } from 'ssh2'
import { startSimulator, type ApplianceHandle } from '../simulator/index'
import { OpenSshClient, expectSsh, firstLogin } from '../simulator/test/openssh'
import { createHost, type Host, type HostEvent } from '../electron/host/host'
import { streamChannel } from '../electron/runner/channel'
import { CommandRunner, type RunCallbacks } from '../electron/runner/runner'
import { demoOf } from '../tests/support/simulated-appliance'
import type { BenchEntry } from './console'
import { mergeResults } from './results'
import {
  clientList,
  hsmDisplayLicenses,
  hsmShow,
  hsmShowPolicies,
  myFileList,
  networkDomain,
  networkHostname,
  networkRouteShow,
  networkShow,
  ntlsShow,
  ntpListServers,
  partitionList,
  sshFingerprint,
  statusDate,
  statusZone,
  timezoneSet,
  type AnyCommand,
} from '../shared/lunash/commands'

const ADMIN = 'Bench-Admin-2026!'
const HOST = 'luna-bench'

/** A bring-up's worth of commands: the settings (idempotent, so every round does the same) and the read-backs. */
const STEPS: [AnyCommand, Record<string, unknown>][] = [
  [hsmShow, {}],
  [statusDate, {}],
  [statusZone, {}],
  [timezoneSet, { zone: 'Europe/Berlin' }],
  [statusZone, {}],
  [networkHostname, { hostname: HOST }],
  [networkDomain, { domain: 'example.com' }],
  [networkShow, {}],
  [networkRouteShow, {}],
  [ntpListServers, {}],
  [ntlsShow, {}],
  [sshFingerprint, {}],
  [hsmDisplayLicenses, {}],
  [hsmShowPolicies, {}],
  [hsmShow, {}],
  [partitionList, {}],
  [clientList, {}],
  [myFileList, {}],
  [networkHostname, { hostname: HOST }],
  [networkShow, {}],
  [networkDomain, { domain: 'example.com' }],
  [networkShow, {}],
  [timezoneSet, { zone: 'Europe/Berlin' }],
  [statusDate, {}],
  [hsmShow, {}],
  [partitionList, {}],
  [clientList, {}],
  [ntlsShow, {}],
  [ntpListServers, {}],
  [hsmShow, {}],
]

const noQuestions: RunCallbacks = {
  confirm: async () => ({ proceed: false }),
  secret: async () => {
    throw new Error('no secrets in this bench')
  },
  ped: () => undefined,
}

async function runnerSession(handle: ApplianceHandle): Promise<number> {
  const start = performance.now()
  const client = new Client()
  await new Promise<void>((resolve, reject) =>
    client
      .on('ready', () => resolve())
      .on('error', reject)
      .connect({
        host: handle.ssh.host,
        port: handle.ssh.port,
        username: 'admin',
        password: ADMIN,
        hostVerifier: (key: Buffer) =>
          `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}` ===
          handle.ssh.hostKeyFingerprint,
      }),
  )
  const stream = await new Promise<ClientChannel>((resolve, reject) =>
    client.shell({ term: 'vt100', cols: 132, rows: 50 }, (e, s) => (e ? reject(e) : resolve(s))),
  )
  const runner = new CommandRunner(streamChannel(stream))
  for (const [spec, fields] of STEPS) {
    const result = await runner.run(spec, fields, noQuestions)
    if (result.status !== 'done') throw new Error(`${spec.id}: ${result.reason}`)
  }
  stream.write('exit\r')
  await new Promise<void>((resolve) => {
    stream.on('close', () => resolve())
    setTimeout(resolve, 2_000)
  })
  client.end()
  return performance.now() - start
}

/**
 * The same bring-up the way the app runs it: through the host (console session with its output pipeline, the
 * runner service, the contract's requests), from sessions.open to the last result.
 */
async function hostSession(host: Host): Promise<number> {
  const client = `bench-${Math.random().toString(36).slice(2)}`
  let text = ''
  let sessionId = ''
  let connected = false
  const listener = (e: HostEvent): void => {
    if (e.client !== client) return
    if (e.name === 'session.data') {
      const p = e.payload as { sessionId: string; data: string }
      text += p.data
      void host.dispatch('sessions.ack', { sessionId: p.sessionId, chars: p.data.length }, client)
    } else if (e.name === 'session.status' && (e.payload as { state: string }).state === 'connected')
      connected = true
  }
  host.events.on('event', listener)
  const start = performance.now()
  try {
    const reply = await host.dispatch('sessions.open', { profileId: 'demo', cols: 132, rows: 50 }, client)
    if (!reply.ok) throw new Error(reply.error.message)
    sessionId = (reply.value as { sessionId: string }).sessionId
    // The demo tries the factory password first; the console then asks, and the operator types it.
    while (!/password: $/.test(text) && !connected) await new Promise((r) => setTimeout(r, 2))
    if (!connected) await host.dispatch('sessions.write', { sessionId, data: `${ADMIN}\r` }, client)
    while (!connected) await new Promise((r) => setTimeout(r, 2))
    for (const [spec, fields] of STEPS) {
      const r = await host.dispatch('runner.run', { sessionId, commandId: spec.id, fields }, client)
      if (!r.ok) throw new Error(r.error.message)
      const result = r.value as { status: string; reason: string }
      // Read-backs run too where the row has one (that is how the app proves each step).
      if (result.status !== 'done') throw new Error(`${spec.id}: ${result.reason}`)
    }
    await host.dispatch('sessions.close', { sessionId }, client)
    return performance.now() - start
  } finally {
    host.events.off('event', listener)
  }
}

/** The lines typed: each command, and with `readBacks` also the read-back the app runs after it. */
function lines(readBacks: boolean): string[] {
  return STEPS.flatMap(([spec, fields]) => {
    const rb = readBacks ? spec.readBack : undefined
    return rb ? [spec.text(fields), rb.command.text(rb.fields(fields))] : [spec.text(fields)]
  })
}

async function expectSession(
  handle: ApplianceHandle,
  ssh: OpenSshClient,
  readBacks = false,
): Promise<number> {
  const prompt = `[${HOST}] lunash:>`
  const typed = lines(readBacks)
  const steps = [
    { expect: 'lunash:>', send: typed[0] },
    ...typed.slice(1).map((line) => ({ expect: prompt, send: line })),
    { expect: prompt, send: 'exit' },
  ]
  const start = performance.now()
  const result = await expectSsh(ssh, handle.ssh.port, ADMIN, steps, 20)
  const ms = performance.now() - start
  if (result.code !== 0) throw new Error(`expect failed (${result.code}): ${result.stdout.slice(-400)}`)
  const results = result.stdout.match(/Command Result : 0/g)?.length ?? 0
  if (results < typed.length) throw new Error(`expect saw ${results} successful results, not ${typed.length}`)
  return ms
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] ?? NaN
}

export type { BenchEntry }
export { mergeResults }

export async function benchRunnerBringup(rounds = 5): Promise<BenchEntry[]> {
  const sim = await startSimulator({ host: '127.0.0.1', sshPort: 0 })
  const handle = sim.appliances[0]!
  const ssh = new OpenSshClient(handle, 'PASSWORD')
  try {
    const login = await firstLogin(ssh, handle.ssh.port, ADMIN)
    if (login.code !== 0) throw new Error(`first login failed: ${login.stdout.slice(-300)}`)
    const host = createHost({
      kind: 'web',
      demo: demoOf(handle),
      runner: { vault: null },
    })
    // Warm-up: one of each, not counted.
    await runnerSession(handle)
    await hostSession(host)
    await expectSession(handle, ssh)
    await expectSession(handle, ssh, true)
    const runner: number[] = []
    const viaHost: number[] = []
    const reference: number[] = []
    const referenceWithReadBacks: number[] = []
    for (let i = 0; i < rounds; i++) {
      runner.push(await runnerSession(handle))
      reference.push(await expectSession(handle, ssh))
      viaHost.push(await hostSession(host))
      referenceWithReadBacks.push(await expectSession(handle, ssh, true))
    }
    await host.close()
    const ratio = median(runner) / median(reference)
    const hostRatio = median(viaHost) / median(referenceWithReadBacks)
    const ms = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(' ')
    process.stderr.write(
      `runner ${ms(runner)} ms vs expect ${ms(reference)} ms: ${ratio.toFixed(3)}; through the host with read-backs (${lines(true).length} commands) ${ms(viaHost)} ms vs expect ${ms(referenceWithReadBacks)} ms: ${hostRatio.toFixed(3)}\n`,
    )
    return [
      {
        name: 'runner-bringup-30-commands-vs-expect',
        value: Number(ratio.toFixed(3)),
        unit: 'ratio (runner / expect over OpenSSH, median session time)',
        goal: '<= 1.0',
        pass: ratio <= 1.0,
      },
      {
        name: 'runner-bringup-30-commands-via-host-vs-expect',
        value: Number(hostRatio.toFixed(3)),
        unit: 'ratio (the app path: console session + runner service, read-backs included, / expect typing the same lines over OpenSSH)',
        goal: '<= 1.0',
        pass: hostRatio <= 1.0,
      },
      {
        name: 'runner-bringup-30-commands-ms',
        value: Number(median(runner).toFixed(1)),
        unit: 'ms (median session: connect, 30 commands, exit)',
        goal: 'informational',
        pass: true,
      },
      {
        name: 'expect-bringup-30-commands-ms',
        value: Number(median(reference).toFixed(1)),
        unit: 'ms (median session: ssh + expect, 30 commands, exit)',
        goal: 'informational',
        pass: true,
      },
    ]
  } finally {
    ssh.dispose()
    await sim.stop()
  }
}

if (process.argv[1] && /bench[/\\]runner-bringup\.ts$/.test(process.argv[1])) {
  const at = process.argv.indexOf('--rounds')
  const rounds = at > 0 ? Number(process.argv[at + 1]) : 5
  benchRunnerBringup(rounds)
    .then((entries) => {
      mergeResults(join(process.cwd(), 'bench-results.json'), entries)
      process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`)
    })
    .catch((error: unknown) => {
      process.stderr.write(
        `bench runner-bringup: ${error instanceof Error ? error.message : String(error)}\n`,
      )
      process.exit(1)
    })
}
