/**
 * The administrator's list of remembered SSH host keys, through the host as the UI uses it, against the
 * simulated appliance over real SSH: a key accepted with "remember" is listed (where, which key, how it was
 * learned, when); forgetting it makes the next connection a first contact again; a request that names the
 * wrong key, an unknown appliance or a malformed address is refused and changes nothing.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHost, type Host } from '../../electron/host/host'
import { startSimulator, type Simulator } from '../../simulator/index'

let sim: Simulator
let host: Host
let dataDir: string
let profileId: string
let port: number
let fingerprint: string
const noDemo = { start: () => Promise.reject(new Error('no demo here')), stop: async () => {} }

beforeAll(async () => {
  sim = await startSimulator({ host: '127.0.0.1' })
  ;({ port, hostKeyFingerprint: fingerprint } = sim.appliances[0]!.ssh)
  dataDir = mkdtempSync(join(tmpdir(), 'rackside-known-hosts-'))
  host = createHost({ kind: 'web', dataDir, demo: noDemo, demoPed: noDemo })
  const saved = await host.dispatch('profiles.save', {
    profile: { kind: 'ssh', name: 'Rack 7 HSM', ssh: { host: '127.0.0.1', port, username: 'admin' } },
  })
  if (!saved.ok) throw new Error(saved.error.message)
  profileId = (saved.value as { id: string }).id
})

afterAll(async () => {
  await host?.close()
  await sim?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

const storeText = () => readFileSync(join(dataDir, 'known-hosts.json'), 'utf8')

const openAndClose = async () => {
  const opened = await host.dispatch('sessions.open', { profileId, cols: 80, rows: 24 })
  if (opened.ok)
    await host.dispatch('sessions.close', { sessionId: (opened.value as { sessionId: string }).sessionId })
  return opened
}

describe('remembered SSH host keys', () => {
  it('lists nothing before the first accepted key', async () => {
    expect(await host.dispatch('hostKeys.list', {})).toEqual({ ok: true, value: [] })
  })

  it('lists a key accepted with "remember": address, SHA-256 fingerprint, how and when it was learned', async () => {
    const before = Date.now()
    expect(await host.dispatch('hostKeys.accept', { profileId, fingerprint, remember: true })).toMatchObject({
      ok: true,
    })
    const listed = await host.dispatch('hostKeys.list', {})
    expect(listed).toMatchObject({
      ok: true,
      value: [{ host: '127.0.0.1', port, fingerprint, source: 'accepted' }],
    })
    const addedAt = Date.parse((listed as { value: { addedAt: string }[] }).value[0]!.addedAt)
    expect(addedAt).toBeGreaterThanOrEqual(before - 1000)
    expect(addedAt).toBeLessThanOrEqual(Date.now())
    // Remembered: the connection goes through without a question.
    expect(await openAndClose()).toMatchObject({ ok: true })
  })

  it('refuses a malformed request and changes nothing', async () => {
    const before = storeText()
    const bad: [unknown, RegExp][] = [
      [{ host: '127.0.0.1;rm -rf ~', port, fingerprint }, /host: must be a host name or IP address/],
      [{ host: '127.0.0.1', port: 70000, fingerprint }, /port/],
      [{ host: '127.0.0.1', port, fingerprint: 'MD5:aa:bb' }, /fingerprint: must be a SHA256/],
      [{ host: '127.0.0.1', port }, /fingerprint/],
      [{ host: '127.0.0.1', port, fingerprint, everything: true }, /unexpected field "everything"/],
    ]
    for (const [params, message] of bad) {
      const reply = await host.dispatch('hostKeys.forget', params)
      expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-request' } })
      expect((reply as { error: { message: string } }).error.message).toMatch(message)
    }
    expect(await host.dispatch('hostKeys.list', { all: true })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    })
    expect(storeText()).toBe(before)
  })

  it('refuses to forget a key it does not remember, or another key than the one listed, and changes nothing', async () => {
    const before = storeText()
    const otherKey = 'SHA256:' + Buffer.alloc(32, 9).toString('base64').replace(/=+$/, '')
    const wrongKey = await host.dispatch('hostKeys.forget', {
      host: '127.0.0.1',
      port,
      fingerprint: otherKey,
    })
    expect(wrongKey).toMatchObject({ ok: false, error: { code: 'invalid-request' } })
    expect((wrongKey as { error: { message: string } }).error.message).toContain(fingerprint)
    const nowhere = await host.dispatch('hostKeys.forget', { host: '127.0.0.9', port, fingerprint })
    expect(nowhere).toMatchObject({ ok: false, error: { code: 'not-found' } })
    expect(storeText()).toBe(before)
    expect(await openAndClose()).toMatchObject({ ok: true })
  })

  it('forgets a key: gone from the list and the file, and the next connection is a first contact again', async () => {
    expect(await host.dispatch('hostKeys.forget', { host: '127.0.0.1', port, fingerprint })).toEqual({
      ok: true,
      value: null,
    })
    expect(await host.dispatch('hostKeys.list', {})).toEqual({ ok: true, value: [] })
    expect(JSON.parse(storeText()).hosts).toEqual([])

    const opened = await host.dispatch('sessions.open', { profileId, cols: 80, rows: 24 })
    expect(opened).toMatchObject({ ok: false, error: { code: 'host-key-unknown' } })
    expect((opened as { error: { message: string } }).error.message).toContain(fingerprint)
    expect(await host.dispatch('hostKeys.scan', { profileId })).toMatchObject({
      ok: true,
      value: { fingerprint, status: 'unknown' },
    })
  })

  it('forgetting also drops an "accept once" still waiting for its connection', async () => {
    await host.dispatch('hostKeys.accept', { profileId, fingerprint, remember: false })
    await host.dispatch('hostKeys.accept', { profileId, fingerprint, remember: true })
    await host.dispatch('hostKeys.forget', { host: '127.0.0.1', port, fingerprint })
    expect(await openAndClose()).toMatchObject({ ok: false, error: { code: 'host-key-unknown' } })
  })
})
