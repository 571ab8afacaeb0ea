/**
 * runner.upload against the simulator over SSH: only an absolute path to a regular file within the size limit
 * is sent. A relative path, a FIFO, a device, a folder, a symbolic link to a device, a missing file, an empty
 * one and an oversized one are each refused with a message saying why, and the appliance saw nothing: no SSH
 * login for a transfer, no file written, nothing typed into its console. A good file then arrives whole, which
 * shows the same watchers would have seen a transfer.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHost, type Host } from '../../electron/host/host'
import { UPLOAD_LIMIT_BYTES } from '../../electron/runner/service/upload-file'
import { startSimulator, type Simulator } from '../../simulator/index'
import { demoOf, recordShellInput } from '../support/simulated-appliance'
import type { RunnerResult } from '../../shared/api'
import { actAsOperator, type HostClient } from '../support/host-client'

const ADMIN = 'Upload-Admin-2026!'
let sim: Simulator
let host: Host
let panel: HostClient
let sessionId = ''
let consoleText = ''
const work = mkdtempSync(join(tmpdir(), 'rackside-upload-'))
const dataDir = join(work, 'data')
/** What the appliance saw: every line typed into its shell, every SSH password login, every file written. */
const typed: string[] = []
const logins: string[] = []
const written: { name: string; data: Buffer }[] = []

beforeAll(async () => {
  sim = await startSimulator({ host: '127.0.0.1', sshPort: 0 })
  const handle = sim.appliances[0]!
  const appliance = handle.appliance
  recordShellInput(handle, typed)
  const authenticate = appliance.authenticate.bind(appliance)
  appliance.authenticate = (user, password) => {
    logins.push(user)
    return authenticate(user, password)
  }
  const writeFile = appliance.writeFile.bind(appliance)
  appliance.writeFile = (name, data) => {
    written.push({ name, data })
    writeFile(name, data)
  }
  const demo = demoOf(handle)
  host = createHost({ kind: 'web', dataDir, demo, runner: { vault: null, runner: { resyncMs: 1_500 } } })
  panel = actAsOperator(host, 'panel', (e) => {
    if (e.name === 'session.data') consoleText += (e.payload as { data: string }).data
  })
  sessionId = (
    await panel.ok<{ sessionId: string }>('sessions.open', { profileId: 'demo', cols: 120, rows: 40 })
  ).sessionId
  const until = Date.now() + 20_000
  while (!/\(current\) UNIX password:/.test(consoleText)) {
    if (Date.now() > until) throw new Error(`no first-login prompt:\n${consoleText}`)
    await new Promise((r) => setTimeout(r, 20))
  }
  const first = await panel.ok<RunnerResult>('runner.run', {
    sessionId,
    commandId: 'login.first-password-change',
    fields: {},
    secrets: { 'appliance-current-password': 'PASSWORD', 'appliance-new-password': ADMIN },
  })
  expect(first.status, first.reason).toBe('done')
}, 60_000)

afterAll(async () => {
  await host?.close()
  await sim?.stop()
  rmSync(work, { recursive: true, force: true })
})

describe('runner.upload sends only an absolute path to a regular file within the size limit', () => {
  it('refuses each other kind of path, says why, and the appliance sees nothing', async () => {
    const fifo = join(work, 'update.fifo')
    execFileSync('mkfifo', [fifo])
    const folder = join(work, 'update.d')
    mkdirSync(folder)
    const toDevice = join(work, 'update-link.spkg')
    symlinkSync('/dev/zero', toDevice)
    const dangling = join(work, 'dangling.spkg')
    symlinkSync(join(work, 'nowhere.spkg'), dangling)
    const empty = join(work, 'empty.spkg')
    writeFileSync(empty, '')
    // Sparse: one byte over the limit without writing a gigabyte.
    const huge = join(work, 'huge.spkg')
    writeFileSync(huge, '')
    truncateSync(huge, UPLOAD_LIMIT_BYTES + 1)

    const cases: [string, string, RegExp][] = [
      ['a relative path', 'update.spkg', /localPath: must be the absolute path of the file/],
      ['a relative path with a folder', 'Downloads/update.spkg', /must be the absolute path/],
      ['a path with a newline', `${work}/a\nb.spkg`, /must be the absolute path .*on one line/],
      ['a FIFO', fifo, /is a named pipe \(FIFO\), not a regular file: reading it can wait forever/],
      ['a character device', '/dev/zero', /\/dev\/zero is a character device, not a regular file/],
      ['a terminal', '/dev/tty', /is a character device/],
      ['a folder', folder, /is a folder, not a file/],
      [
        'a symbolic link to a device',
        toDevice,
        /is a character device, not a regular file \(through a symbolic link\)/,
      ],
      ['a symbolic link to nothing', dangling, /symbolic link to a file that does not exist/],
      ['a missing file', join(work, 'missing.spkg'), /There is no file .*missing\.spkg/],
      ['an empty file', empty, /is empty \(0 bytes\)/],
      ['an oversized file', huge, /is 1\.00 GiB; the limit is 1\.00 GiB/],
      ['a name starting with a dash', join(work, '-f.spkg'), /not starting with -/],
    ]
    const before = { typed: typed.length, logins: logins.length, written: written.length }
    for (const [what, localPath, why] of cases) {
      const started = Date.now()
      const reply = await panel.call('runner.upload', { sessionId, localPath, password: ADMIN })
      expect(reply.ok, what).toBe(false)
      if (!reply.ok) {
        expect(reply.error.message, what).toMatch(why)
        expect(['invalid-request', 'not-found'], what).toContain(reply.error.code)
      }
      // Refused at once: nothing waited on the FIFO or read the device.
      expect(Date.now() - started, what).toBeLessThan(3_000)
    }
    await new Promise((r) => setTimeout(r, 200))
    expect(typed.slice(before.typed)).toEqual([])
    expect(logins.slice(before.logins)).toEqual([])
    expect(written.slice(before.written)).toEqual([])
  })

  it('sends a regular file whole (and the watchers see that transfer)', async () => {
    const data = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31) % 251))
    const path = join(work, 'lunasa-update-7.8.4.spkg')
    writeFileSync(path, data)
    const before = { typed: typed.length, logins: logins.length }
    const sent = await panel.ok<{ name: string; bytes: number; via: string }>('runner.upload', {
      sessionId,
      localPath: path,
      password: ADMIN,
    })
    expect(sent).toMatchObject({ name: 'lunasa-update-7.8.4.spkg', bytes: data.length })
    expect(logins.length).toBeGreaterThan(before.logins)
    expect(written.at(-1)?.name).toBe('lunasa-update-7.8.4.spkg')
    expect(written.at(-1)?.data.equals(data)).toBe(true)
    // An upload types nothing into the console either.
    expect(typed.slice(before.typed)).toEqual([])
  })
})
