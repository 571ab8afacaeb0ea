import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createHost, type Host } from './host'
import type { DemoProvider } from './demo'

/** A demo target that records whether anything tried to start it: a malformed request must not. */
function probeDemo() {
  const calls = { start: 0, openSsh: 0 }
  const demo: DemoProvider = {
    async start() {
      calls.start++
      return { host: '127.0.0.1', port: 1, hostKeyFingerprint: 'SHA256:x', serial: '1' }
    },
    async stop() {},
  }
  const openSsh = async () => {
    calls.openSsh++
    throw new Error('not reached')
  }
  return { calls, demo, openSsh }
}

let host: Host
afterEach(async () => host?.close())

describe('host dispatch', () => {
  it('answers app.info and lists the demo appliance first', async () => {
    host = createHost({ kind: 'web', version: '0.0.0-test', demo: probeDemo().demo })
    expect(await host.dispatch('app.info', {})).toEqual({
      ok: true,
      value: { version: expect.any(String), host: 'web' },
    })
    const profiles = await host.dispatch('profiles.list', {})
    expect(profiles.ok && (profiles.value as { id: string; name: string; kind: string }[])[0]).toMatchObject({
      id: 'demo',
      name: 'Demo appliance (built-in simulator)',
      kind: 'demo',
    })
  })

  const malformed: [string, unknown, unknown, RegExp][] = [
    ['an unknown method', 'sessions.explode', {}, /Unknown request "sessions.explode"/],
    ['a method that is not a string', 42, {}, /Unknown request number/],
    ['an inherited property name as method', 'constructor', {}, /Unknown request "constructor"/],
    ['__proto__ as method', '__proto__', {}, /Unknown request/],
    [
      'an extra field',
      'sessions.open',
      { profileId: 'demo', cols: 80, rows: 24, shell: '/bin/sh' },
      /unexpected field "shell"/,
    ],
    ['a wrong type', 'sessions.open', { profileId: 'demo', cols: '80', rows: 24 }, /cols: /],
    ['a size out of range', 'sessions.open', { profileId: 'demo', cols: 80, rows: 100000 }, /rows: /],
    [
      'a newline in a profile id',
      'sessions.open',
      { profileId: 'demo\nrm -rf /', cols: 80, rows: 24 },
      /profileId: /,
    ],
    ['params that are not an object', 'sessions.open', 'demo', /Invalid sessions.open request/],
    ['null params', 'sessions.open', null, /Invalid sessions.open request/],
    ['params on a method that takes none', 'app.info', { verbose: true }, /unexpected field "verbose"/],
    [
      'a forged session id',
      'sessions.write',
      { sessionId: '../../etc', data: 'x' },
      /sessionId: not a session id/,
    ],
    ['an empty write', 'sessions.write', { sessionId: 's-0123456789abcdef', data: '' }, /data: /],
    [
      'an oversized write',
      'sessions.write',
      { sessionId: 's-0123456789abcdef', data: 'x'.repeat(70_000) },
      /data: /,
    ],
    ['a negative ack', 'sessions.ack', { sessionId: 's-0123456789abcdef', chars: -5 }, /chars: /],
  ]

  it.each(malformed)(
    'refuses %s with invalid-request and does nothing',
    async (_what, method, params, message) => {
      const probe = probeDemo()
      host = createHost({ kind: 'web', version: '0.0.0-test', demo: probe.demo, openSsh: probe.openSsh })
      const events: unknown[] = []
      host.events.on('event', (e) => events.push(e))
      const reply = await host.dispatch(method, params)
      expect(reply.ok).toBe(false)
      if (reply.ok) return
      expect(reply.error.code).toBe('invalid-request')
      expect(reply.error.message).toMatch(message)
      expect(reply.error.message).not.toMatch(/\n/)
      expect(probe.calls).toEqual({ start: 0, openSsh: 0 })
      expect(events).toEqual([])
    },
  )

  it('refuses an unknown profile with not-found and starts nothing', async () => {
    const probe = probeDemo()
    host = createHost({ kind: 'web', version: '0.0.0-test', demo: probe.demo, openSsh: probe.openSsh })
    const reply = await host.dispatch('sessions.open', { profileId: 'lab-hsm', cols: 80, rows: 24 })
    expect(reply).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'There is no connection profile "lab-hsm".' },
    })
    expect(probe.calls).toEqual({ start: 0, openSsh: 0 })
  })

  it('refuses an SSH profile whose host is not an address, saying why, and saves nothing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rackside-host-profile-'))
    try {
      host = createHost({ kind: 'web', version: '0.0.0-test', dataDir, demo: probeDemo().demo })
      const save = (hostName: string) =>
        host.dispatch('profiles.save', {
          profile: { kind: 'ssh', name: 'Rack 7', ssh: { host: hostName, username: 'admin' } },
        })
      expect(await save('10.0.0.5:22')).toEqual({
        ok: false,
        error: {
          code: 'invalid-request',
          message:
            'Invalid profiles.save request: profile.ssh.host: must be a host name or IP address, without a port ("10.0.0.5:22"): give the port in its own field.',
        },
      })
      expect(await save('10.0.0.300')).toMatchObject({
        ok: false,
        error: { message: expect.stringMatching(/each part must be 0 to 255, and 300 is not/) },
      })
      expect(existsSync(join(dataDir, 'profiles.json'))).toBe(false)
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('says a session is closed when writing to one that does not exist', async () => {
    host = createHost({ kind: 'web', version: '0.0.0-test', demo: probeDemo().demo })
    const reply = await host.dispatch('sessions.write', {
      sessionId: 's-0123456789abcdef',
      data: 'hsm show\r',
    })
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: expect.stringMatching(/Connect again/) },
    })
  })
})
