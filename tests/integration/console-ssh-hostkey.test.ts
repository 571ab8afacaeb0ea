/**
 * SSH host keys on first contact, through the host as the UI uses it: an unknown key is refused until the
 * operator accepts it (once, or remembered in Rackside's known-hosts file so the next connection is silent),
 * and a changed key is a hard stop — the server never sees a user name's password. A small ssh2 server
 * records every authentication attempt, so "nothing sent" is proved, not assumed. Also: a key pinned from
 * the serial console of the simulated appliance lets the first SSH connection through without a question.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { utils } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHost, type Host } from '../../electron/host/host'
import { sha256Fingerprint } from '../../electron/sessions/host-key'
import { openTranscript } from '../../electron/sessions/transcript'
import { generateSshHostKey } from '../../simulator/index'
import { recordingSshServer, type RecordingSshServer } from '../support/recording-ssh-server'

const keyA = generateSshHostKey()
const keyB = generateSshHostKey()
const fingerprintOf = (pem: string) => {
  const parsed = utils.parseKey(pem)
  if (parsed instanceof Error) throw parsed
  return sha256Fingerprint((Array.isArray(parsed) ? parsed[0] : parsed).getPublicSSH())
}

let server: RecordingSshServer
let data: string
let host: Host
const noDemo = { start: () => Promise.reject(new Error('no demo here')), stop: async () => {} }

const events: {
  name: string
  payload: { sessionId: string; data?: string; state?: string; message?: string }
}[] = []

beforeAll(async () => {
  server = await recordingSshServer(keyA, 'Corr3ct-Horse')
  data = mkdtempSync(join(tmpdir(), 'rackside-hostkeys-'))
  host = createHost({ kind: 'web', dataDir: data, demo: noDemo })
  host.events.on('event', (e) => events.push(e as never))
})

afterAll(async () => {
  await host?.close()
  await server?.close()
  rmSync(data, { recursive: true, force: true })
})

const waitForText = async (sessionId: string, pattern: RegExp, timeoutMs = 10_000) => {
  const start = Date.now()
  for (;;) {
    const text = events
      .filter((e) => e.payload.sessionId === sessionId && e.name === 'session.data')
      .map((e) => e.payload.data)
      .join('')
    if (pattern.test(text)) return text
    if (Date.now() - start > timeoutMs) throw new Error(`never saw ${pattern}:\n${text}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('SSH host key on first contact', () => {
  let profileId: string

  it('refuses an unknown key until accepted, and sends nothing before', async () => {
    const saved = await host.dispatch('profiles.save', {
      profile: {
        kind: 'ssh',
        name: 'Rack 7 HSM',
        ssh: { host: '127.0.0.1', port: server.port, username: 'admin' },
      },
    })
    expect(saved.ok).toBe(true)
    profileId = (saved as { value: { id: string } }).value.id

    const first = await host.dispatch('sessions.open', { profileId, cols: 80, rows: 24 })
    expect(first).toMatchObject({ ok: false, error: { code: 'host-key-unknown' } })
    expect((first as { error: { message: string } }).error.message).toContain(fingerprintOf(keyA))
    expect(server.attempts).toEqual([])

    const scan = await host.dispatch('hostKeys.scan', { profileId })
    expect(scan).toMatchObject({
      ok: true,
      value: { fingerprint: fingerprintOf(keyA), algorithm: 'ssh-ed25519', status: 'unknown' },
    })
    expect(server.attempts.filter((a) => a.password !== undefined)).toEqual([])
  })

  it('accept once lets exactly the next connection through', async () => {
    expect(
      await host.dispatch('hostKeys.accept', {
        profileId,
        fingerprint: fingerprintOf(keyA),
        remember: false,
      }),
    ).toEqual({ ok: true, value: null })
    const opened = await host.dispatch('sessions.open', { profileId, cols: 80, rows: 24 })
    expect(opened.ok).toBe(true)
    const { sessionId } = (opened as { value: { sessionId: string } }).value
    await waitForText(sessionId, /admin@127\.0\.0\.1's password: $/)
    await host.dispatch('sessions.write', { sessionId, data: 'Corr3ct-Horse\r' })
    await waitForText(sessionId, /recorder\$ /)
    await host.dispatch('sessions.close', { sessionId })

    const again = await host.dispatch('sessions.open', { profileId, cols: 80, rows: 24 })
    expect(again).toMatchObject({ ok: false, error: { code: 'host-key-unknown' } })
  })

  it('accept and remember: stored in known-hosts.json, and the second connection asks nothing', async () => {
    await host.dispatch('hostKeys.accept', { profileId, fingerprint: fingerprintOf(keyA), remember: true })
    const store = JSON.parse(readFileSync(join(data, 'known-hosts.json'), 'utf8'))
    expect(store.hosts).toMatchObject([
      { host: '127.0.0.1', port: server.port, fingerprint: fingerprintOf(keyA), source: 'accepted' },
    ])
    for (let i = 0; i < 2; i++) {
      const opened = await host.dispatch('sessions.open', { profileId, cols: 80, rows: 24 })
      expect(opened.ok).toBe(true)
      await host.dispatch('sessions.close', {
        sessionId: (opened as { value: { sessionId: string } }).value.sessionId,
      })
    }
  })

  it('a changed key is a hard stop: no password reaches the server, and it cannot be accepted', async () => {
    await server.rekey(keyB)
    const before = server.attempts.length
    const opened = await host.dispatch('sessions.open', { profileId, cols: 80, rows: 24 })
    expect(opened).toMatchObject({ ok: false, error: { code: 'host-key-mismatch' } })
    const message = (opened as { error: { message: string } }).error.message
    expect(message).toContain(fingerprintOf(keyB))
    expect(message).toContain(fingerprintOf(keyA))
    expect(message).toMatch(/man-in-the-middle/)
    expect(message).toMatch(/re-imaged/)
    expect(message).toMatch(/sysconf fingerprint ssh/)
    // Not one authentication attempt, so certainly no password.
    expect(server.attempts.slice(before)).toEqual([])

    const accept = await host.dispatch('hostKeys.accept', {
      profileId,
      fingerprint: fingerprintOf(keyB),
      remember: true,
    })
    expect(accept).toMatchObject({ ok: false, error: { code: 'host-key-mismatch' } })
    expect(server.attempts.slice(before)).toEqual([])
  })
})

describe('pinning the key from the serial console', () => {
  it('reads sysconf fingerprint ssh over the cable, so the first SSH connection to the demo needs no question', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rackside-pin-'))
    const demoHost = createHost({ kind: 'web', dataDir })
    const seen: { name: string; payload: { sessionId: string; data?: string } }[] = []
    demoHost.events.on('event', (e) => seen.push(e as never))
    const text = (id: string) =>
      seen
        .filter((e) => e.payload.sessionId === id && e.payload.data)
        .map((e) => e.payload.data)
        .join('')
    const waitFor = async (id: string, p: RegExp) => {
      const start = Date.now()
      while (!p.test(text(id))) {
        if (Date.now() - start > 10_000) throw new Error(`never saw ${p}:\n${text(id)}`)
        await new Promise((r) => setTimeout(r, 20))
      }
    }
    try {
      const opened = await demoHost.dispatch('sessions.open', {
        profileId: 'demo-serial',
        cols: 80,
        rows: 24,
      })
      expect(opened.ok).toBe(true)
      const { sessionId } = (opened as { value: { sessionId: string } }).value
      // At the login prompt the button refuses (it would type the command as a user name).
      await demoHost.dispatch('sessions.write', { sessionId, data: '\r' })
      await waitFor(sessionId, /login: $/)
      const early = await demoHost.dispatch('sessions.pinHostKey', { sessionId })
      expect(early).toMatchObject({ ok: false, error: { code: 'busy' } })
      expect(text(sessionId)).not.toContain('sysconf')

      for (const [answer, prompt] of [
        ['admin', /Password: $/],
        ['PASSWORD', /\(current\) UNIX password: $/],
        ['PASSWORD', /Enter new password: $/],
        ['Pinned-Serial1', /Re-type new password: $/],
        ['Pinned-Serial1', /lunash:>\s*$/],
      ] as const) {
        await demoHost.dispatch('sessions.write', { sessionId, data: `${answer}\r` })
        await waitFor(sessionId, prompt)
      }
      const pinned = await demoHost.dispatch('sessions.pinHostKey', { sessionId })
      expect(pinned).toMatchObject({
        ok: true,
        value: { host: '127.0.0.1', fingerprint: expect.stringMatching(/^SHA256:/) },
      })
      const store = JSON.parse(readFileSync(join(dataDir, 'known-hosts.json'), 'utf8'))
      expect(store.hosts[0]).toMatchObject({ source: 'serial-console' })

      // A saved SSH profile for the same address now connects without asking.
      const { host: sshHost, port } = (pinned as { value: { host: string; port: number } }).value
      const saved = await demoHost.dispatch('profiles.save', {
        profile: { kind: 'ssh', name: 'Demo over SSH', ssh: { host: sshHost, port, username: 'admin' } },
      })
      const ssh = await demoHost.dispatch('sessions.open', {
        profileId: (saved as { value: { id: string } }).value.id,
        cols: 80,
        rows: 24,
      })
      expect(ssh.ok).toBe(true)
      const sshId = (ssh as { value: { sessionId: string } }).value.sessionId
      await waitFor(sshId, /password: $/)
    } finally {
      await demoHost.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

describe('transcripts', () => {
  it('redacts a password Rackside knows and one typed at a password prompt', async () => {
    const { registerSecret } = await import('../../electron/vault/redact')
    const dir = mkdtempSync(join(tmpdir(), 'rackside-transcript-'))
    try {
      registerSecret('Keych4in-Secret')
      const t = openTranscript({ dir, title: 'Rack 7' })
      t.output('\x1b[1mlogin:\x1b[0m admin\r\nPassword: ')
      t.input('Typ3d-At-Prompt\r')
      t.output('\r\n[hsm] lunash:>echo Keych4in-Secret and Typ3d-At-Prompt\r\nok\r\n')
      t.close()
      const [file] = readdirSync(dir)
      const text = readFileSync(join(dir, file!), 'utf8')
      expect(text).not.toContain('Keych4in-Secret')
      expect(text).not.toContain('Typ3d-At-Prompt')
      expect(text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z {2}login: admin$/m)
      expect(text).toMatch(/Z {2}\[hsm\] lunash:>echo \[redacted\] and \[redacted\]$/m)
      expect(text).not.toContain('\x1b')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
