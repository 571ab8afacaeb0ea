/**
 * Automatic reconnection of an SSH console, through the host as the UI uses it. When the link drops under a
 * working console (the simulated appliance hangs up the connection), the host reconnects the same session, a few
 * times with a growing wait, announcing each attempt; the host key is checked again, and a changed key stops it
 * at once with nothing sent, and so does a key that was accepted for one connection only. An operator's close, a
 * logout (`exit`), a cancel during the countdown and a refused login do not reconnect.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { utils } from 'ssh2'
import { afterEach, describe, expect, it } from 'vitest'
import { createHost, type Host, type HostEvent } from '../../electron/host/host'
import { sha256Fingerprint } from '../../electron/sessions/host-key'
import { generateSshHostKey, startSimulator, type Simulator } from '../../simulator/index'
import { recordingSshServer, type RecordingSshServer } from '../support/recording-ssh-server'

const noDemo = { start: () => Promise.reject(new Error('no demo here')), stop: async () => {} }
const NEW_PASSWORD = 'Rec0nnect-Rack7'

interface Status {
  state: string
  message?: string
  retry?: { attempt: number; attempts: number; inMs: number }
}

let sim: Simulator | undefined
let host: Host | undefined
let dir: string | undefined
let recorder: RecordingSshServer | undefined
afterEach(async () => {
  await host?.close()
  await sim?.stop()
  await recorder?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
  host = sim = dir = recorder = undefined
})

/** A host with short reconnection waits, a saved SSH profile for host:port and its key accepted (remembered). */
async function hostFor(port: number, fingerprint: string, delays: number[], remember = true) {
  dir = mkdtempSync(join(tmpdir(), 'rackside-reconnect-'))
  const h = (host = createHost({
    kind: 'web',
    dataDir: dir,
    demo: noDemo,
    demoPed: noDemo,
    reconnectDelaysMs: delays,
  }))
  const saved = await h.dispatch('profiles.save', {
    profile: { kind: 'ssh', name: 'Rack 7 HSM', ssh: { host: '127.0.0.1', port, username: 'admin' } },
  })
  if (!saved.ok) throw new Error(saved.error.message)
  const profileId = (saved.value as { id: string }).id
  await h.dispatch('hostKeys.accept', { profileId, fingerprint, remember })

  let output = ''
  const statuses: Status[] = []
  const listeners: ((s: Status) => void)[] = []
  h.events.on('event', (e: HostEvent) => {
    if (e.name === 'session.data') output += (e.payload as { data: string }).data
    if (e.name === 'session.status') {
      const s = e.payload as Status
      statuses.push(s)
      for (const l of listeners) l(s)
    }
  })
  const opened = await h.dispatch('sessions.open', { profileId, cols: 100, rows: 30 })
  if (!opened.ok) throw new Error(opened.error.message)
  const sessionId = (opened.value as { sessionId: string }).sessionId
  const until = async (test: () => boolean, what: string, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs
    while (!test()) {
      if (Date.now() > deadline)
        throw new Error(`never: ${what}\n${JSON.stringify(statuses)}\n${output.slice(-1500)}`)
      await new Promise((r) => setTimeout(r, 20))
    }
  }
  const type = (data: string) => h.dispatch('sessions.write', { sessionId, data })
  return {
    h,
    sessionId,
    statuses,
    onStatus: (l: (s: Status) => void) => listeners.push(l),
    output: () => output,
    until,
    type,
    /** Output since the mark: what a person sees after it. */
    since: (mark: number) => output.slice(mark),
  }
}

/** Logs in to a factory-fresh simulated appliance in the console: the first login changes the password. */
async function firstLogin(c: Awaited<ReturnType<typeof hostFor>>) {
  await c.until(() => /password: $/.test(c.output()), 'the SSH password prompt')
  await c.type('PASSWORD\r')
  for (const [prompt, answer] of [
    ['(current) UNIX password:', 'PASSWORD'],
    ['Enter new password:', NEW_PASSWORD],
    ['Re-type new password:', NEW_PASSWORD],
  ] as const) {
    await c.until(() => c.output().trimEnd().endsWith(prompt), prompt)
    await c.type(`${answer}\r`)
  }
  await c.until(() => /lunash:>\s*$/.test(c.output()), 'the lunash prompt')
}

/** Logs in to the recording server's shell in the console. */
async function recorderLogin(c: Awaited<ReturnType<typeof hostFor>>) {
  await c.until(() => /password: $/.test(c.output()), 'the password prompt')
  await c.type(`${NEW_PASSWORD}\r`)
  await c.until(() => c.output().includes('recorder$ '), 'the shell')
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('an SSH console whose link drops', () => {
  it('reconnects the same session by itself, announcing the attempt, and the console works again', async () => {
    sim = await startSimulator({ host: '127.0.0.1' })
    const appliance = sim.appliances[0]!
    const c = await hostFor(appliance.ssh.port, appliance.ssh.hostKeyFingerprint, [300, 600, 1200])
    await firstLogin(c)
    await c.until(() => c.statuses.some((s) => s.state === 'connected'), 'connected')

    // The appliance hangs up the next time it writes; once the drop is announced it answers again.
    await appliance.setFaults({ disconnectAfterBytes: 1 })
    c.onStatus((s) => {
      if (s.retry) void appliance.setFaults({})
    })
    const mark = c.output().length
    await c.type('hsm show\r')
    await c.until(() => c.statuses.some((s) => s.retry), 'a reconnection announced')
    const announced = c.statuses.find((s) => s.retry)!
    expect(announced).toMatchObject({
      state: 'connecting',
      retry: { attempt: 1, attempts: 3, inMs: 300 },
    })
    expect(announced.message).toMatch(
      /^Connection to 127\.0\.0\.1:\d+ lost: .*Reconnecting in 1 s \(attempt 1 of 3\)/,
    )
    // Never reported closed: the console stays open while it reconnects.
    expect(c.statuses.some((s) => s.state === 'closed' || s.state === 'failed')).toBe(false)

    // The new connection's key was checked and it asks for the password in the console, as on first contact.
    await c.until(() => /admin@127\.0\.0\.1's password: $/.test(c.since(mark)), 'the password prompt again')
    await c.type(`${NEW_PASSWORD}\r`)
    await c.until(() => c.statuses.filter((s) => s.state === 'connected').length === 2, 'connected again')
    await c.until(() => /lunash:>\s*$/.test(c.since(mark)), 'the prompt after reconnecting')
    const afterReconnect = c.output().length
    await c.type('hsm show\r')
    await c.until(
      () => /Serial #:\s+\d+/.test(c.since(afterReconnect)),
      'hsm show in the reconnected console',
    )
    expect(c.since(mark)).not.toContain(NEW_PASSWORD)

    // One console, one transcript: the record goes on in the same file across the reconnection.
    const transcripts = readdirSync(join(dir!, 'transcripts'))
    expect(transcripts).toHaveLength(1)
    const record = readFileSync(join(dir!, 'transcripts', transcripts[0]!), 'utf8')
    const first = record.indexOf('Re-type new password:')
    const lost = record.search(/ -- Connection to 127\.0\.0\.1:\d+ lost/)
    const again = record.indexOf(' -- A new connection of the same console: Rack 7 HSM')
    const shown = record.search(/Serial #:\s+\d+/)
    expect(first).toBeGreaterThan(0)
    expect(lost).toBeGreaterThan(first)
    expect(again).toBeGreaterThan(lost)
    expect(shown).toBeGreaterThan(again)
    expect(record).not.toContain(NEW_PASSWORD)
  }, 60_000)

  it('does not reconnect after the operator closed the console, nor after a logout', async () => {
    sim = await startSimulator({ host: '127.0.0.1' })
    const appliance = sim.appliances[0]!
    const c = await hostFor(appliance.ssh.port, appliance.ssh.hostKeyFingerprint, [100, 100])
    await firstLogin(c)
    await c.h.dispatch('sessions.close', { sessionId: c.sessionId })
    await c.until(() => c.statuses.some((s) => s.state === 'closed'), 'closed')
    await pause(600)
    expect(c.statuses.filter((s) => s.retry)).toEqual([])
    expect(c.statuses.at(-1)).toMatchObject({
      state: 'closed',
      message: expect.stringMatching(/^Disconnected/),
    })

    // A second console, ended by typing exit: the appliance ends the session on purpose.
    const profileId = (
      (await c.h.dispatch('profiles.list', {})) as { value: { id: string; kind: string }[] }
    ).value.find((p) => p.kind === 'ssh')!.id
    const opened = await c.h.dispatch('sessions.open', { profileId, cols: 80, rows: 24 })
    const second = (opened as { value: { sessionId: string } }).value.sessionId
    await c.until(() => /password: $/.test(c.output()), 'the password prompt')
    await c.h.dispatch('sessions.write', { sessionId: second, data: `${NEW_PASSWORD}\r` })
    await c.until(() => /lunash:>\s*$/.test(c.output()), 'the prompt')
    const before = c.statuses.length
    await c.h.dispatch('sessions.write', { sessionId: second, data: 'exit\r' })
    await c.until(() => c.statuses.slice(before).some((s) => s.state === 'closed'), 'closed by exit')
    await pause(600)
    expect(c.statuses.slice(before).filter((s) => s.retry || s.state === 'connecting')).toEqual([])
    expect(c.statuses.at(-1)?.message).toMatch(/closed by the appliance/)
  }, 60_000)

  it('does not reconnect when the server ends the shell without an exit status', async () => {
    const key = generateSshHostKey()
    recorder = await recordingSshServer(key, NEW_PASSWORD, 'no-status')
    const c = await hostFor(recorder.port, fingerprintOf(key), [100, 100])
    await recorderLogin(c)
    await c.type('exit\r')
    await c.until(() => c.statuses.some((s) => s.state === 'closed'), 'closed by exit')
    const connections = recorder.log.filter((l) => l === 'connection').length
    await pause(600)
    expect(c.statuses.filter((s) => s.retry)).toEqual([])
    expect(c.statuses.at(-1)?.message).toMatch(/closed by the appliance/)
    expect(recorder.log.filter((l) => l === 'connection').length).toBe(connections)
  }, 60_000)

  it('reconnects when a signal kills the shell: the appliance went down under it', async () => {
    const key = generateSshHostKey()
    recorder = await recordingSshServer(key, NEW_PASSWORD, 'signal')
    const c = await hostFor(recorder.port, fingerprintOf(key), [100, 100])
    await recorderLogin(c)
    await c.type('exit\r')
    await c.until(() => c.statuses.some((s) => s.retry), 'a reconnection announced')
    expect(c.statuses.find((s) => s.retry)?.message).toMatch(/lost: .*Reconnecting in/)
  }, 60_000)

  it('stops when the operator cancels during the countdown', async () => {
    sim = await startSimulator({ host: '127.0.0.1' })
    const appliance = sim.appliances[0]!
    const c = await hostFor(appliance.ssh.port, appliance.ssh.hostKeyFingerprint, [5_000, 5_000])
    await firstLogin(c)
    await appliance.setFaults({ disconnectAfterBytes: 1 })
    await c.type('\r')
    await c.until(() => c.statuses.some((s) => s.retry), 'a reconnection announced')
    await appliance.setFaults({})
    const mark = c.output().length
    const started = Date.now()
    // Cancel is the console's close while the host waits for the next attempt.
    await c.h.dispatch('sessions.close', { sessionId: c.sessionId })
    await c.until(() => c.statuses.some((s) => s.state === 'closed'), 'closed', 2_000)
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(c.statuses.at(-1)?.message).toMatch(/Reconnecting cancelled/)
    await pause(300)
    expect(c.since(mark)).not.toMatch(/password:/)
    // The session is gone: typing into it is refused.
    expect(await c.type('x')).toMatchObject({ ok: false, error: { code: 'not-found' } })
  }, 60_000)
})

const fingerprintOf = (pem: string) => {
  const parsed = utils.parseKey(pem)
  if (parsed instanceof Error) throw parsed
  return sha256Fingerprint((Array.isArray(parsed) ? parsed[0] : parsed).getPublicSSH())
}

describe('a dropped SSH console whose appliance comes back', () => {
  it('stops at the first reconnection: host-key mismatch, no login attempted, no further attempts', async () => {
    const keyA = generateSshHostKey()
    const keyB = generateSshHostKey()
    recorder = await recordingSshServer(keyA, NEW_PASSWORD)
    const c = await hostFor(recorder.port, fingerprintOf(keyA), [200, 200, 200])
    await recorderLogin(c)

    await recorder.rekey(keyB)
    const afterDrop = recorder.log.length
    await c.until(() => c.statuses.some((s) => s.state === 'failed'), 'the reconnection refused')
    const failed = c.statuses.find((s) => s.state === 'failed')!
    expect(failed.message).toMatch(/^Reconnecting stopped: STOP: /)
    expect(failed.message).toContain(fingerprintOf(keyB))
    expect(failed.message).toContain(fingerprintOf(keyA))
    await pause(800)
    // One connection to look at the key, no authentication at all, and no second attempt.
    expect(recorder.log.slice(afterDrop)).toEqual(['connection'])
    expect(c.statuses.filter((s) => s.retry?.attempt === 2)).toEqual([])
  }, 60_000)

  it('stops when the key was accepted for one connection only: the reconnection is a first contact, nothing sent', async () => {
    const key = generateSshHostKey()
    recorder = await recordingSshServer(key, NEW_PASSWORD)
    const c = await hostFor(recorder.port, fingerprintOf(key), [200, 200, 200], false)
    await recorderLogin(c)

    await recorder.rekey(key)
    const afterDrop = recorder.log.length
    await c.until(() => c.statuses.some((s) => s.state === 'failed'), 'the reconnection refused')
    expect(c.statuses.find((s) => s.state === 'failed')!.message).toMatch(
      /^Reconnecting stopped: 127\.0\.0\.1:\d+ is not known to Rackside yet/,
    )
    await pause(800)
    expect(recorder.log.slice(afterDrop)).toEqual(['connection'])
  }, 60_000)

  it('does not try again after the reconnected login is refused', async () => {
    const key = generateSshHostKey()
    recorder = await recordingSshServer(key, NEW_PASSWORD)
    const c = await hostFor(recorder.port, fingerprintOf(key), [200, 200, 200])
    await recorderLogin(c)

    await recorder.rekey(key)
    const mark = c.output().length
    await c.until(() => /password: $/.test(c.since(mark)), 'the password prompt after reconnecting')
    for (let i = 0; i < 3; i++) {
      const before = c.output().length
      await c.type('not-the-password\r')
      if (i < 2) await c.until(() => /password: $/.test(c.since(before)), 'the next password prompt')
    }
    await c.until(() => c.statuses.some((s) => s.state === 'failed'), 'the login refused')
    expect(c.statuses.find((s) => s.state === 'failed')!.message).toMatch(/refused the password/)
    const connections = recorder.log.filter((l) => l === 'connection').length
    await pause(800)
    expect(recorder.log.filter((l) => l === 'connection').length).toBe(connections)
    expect(c.statuses.filter((s) => s.retry?.attempt === 2)).toEqual([])
  }, 60_000)
})
