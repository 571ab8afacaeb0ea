import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppliance } from './index'
import { makeAppliance, openSession, replay, settleAdmin, trimLines } from './testkit'

let dir: string
let publicKey: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rackside-sshkeys-'))
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'op@laptop', '-f', join(dir, 'op')])
  publicKey = readFileSync(join(dir, 'op.pub'), 'utf8')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('sysconf ssh', () => {
  it('shows the login settings, also under the older `sysconf -ssh show` spelling (S6)', async () => {
    const { appliance, core } = await makeAppliance()
    settleAdmin(core)
    const t = await openSession(appliance)
    expect(trimLines(await replay(t, 'sysconf -ssh show'))).toBe(
      '[local_host] lunash:>sysconf -ssh show\n' +
        'SSH is unrestricted.\nPassword authentication is enabled\nPublic key authentication is disabled\n\n' +
        'Command Result : 0 (Success)\n[local_host] lunash:>',
    )
    expect(appliance.sshPublicKeys('admin')).toEqual({ enabled: false, keys: [] })
  })

  it('adds, lists, enables and deletes a key; the transport sees exactly what is enabled', async () => {
    const { appliance, core } = await makeAppliance()
    settleAdmin(core)
    appliance.writeFile('op.pub', Buffer.from(publicKey))
    const t = await openSession(appliance)
    expect(await replay(t, 'sysconf ssh publickey add op -f op.pub')).toMatch(
      /publickey add op -f op\.pub\nPublic key added\n\nCommand Result : 0 \(Success\)\n/,
    )
    expect(await replay(t, 'sysconf ssh publickey enable')).toContain(
      'Public key authentication enabled\n\nCommand Result : 0 (Success)',
    )
    expect(appliance.sshPublicKeys('admin')).toEqual({ enabled: true, keys: [publicKey.trim()] })
    // The keys are admin's: nobody else logs in with them.
    expect(appliance.sshPublicKeys('operator').keys).toEqual([])

    const list = await replay(t, 'sysconf ssh publickey list')
    expect(list).toMatch(/^op\s+ED25519 256\s+SHA256:[A-Za-z0-9+/]{43}$/m)

    const asked = await replay(t, 'sysconf ssh publickey delete op', 'proceed')
    expect(asked).toContain(
      'CAUTION:  Are you sure you wish to delete the public key labelled:\n            op\n',
    )
    expect(asked).toContain('Public key deleted\n\nCommand Result : 0 (Success)')
    expect(appliance.sshPublicKeys('admin')).toEqual({ enabled: true, keys: [] })
    expect(await replay(t, 'sysconf ssh publickey list')).toContain('No public keys have been added.')
  })

  it('names the problem with an uploaded file in the Error line', async () => {
    const { appliance, core } = await makeAppliance()
    settleAdmin(core)
    appliance.writeFile('two.pub', Buffer.from(`${publicKey}${publicKey}`))
    appliance.writeFile('op', readFileSync(join(dir, 'op')))
    const t = await openSession(appliance)
    const two = await replay(t, 'sysconf ssh publickey add op -f two.pub')
    expect(two).toContain("Error:  'sysconf ssh publickey add' failed. (C0000002 : RC_INVALID_PARAMETER)")
    expect(two).toContain('more than one line')
    expect(two).toContain('Command Result : 65535 (Luna Shell execution)')
    expect(await replay(t, 'sysconf ssh publickey add op -f op')).toContain('it is a private key')
    expect(await replay(t, 'sysconf ssh publickey add "bad label" -f op')).toContain('Invalid label')
    expect(await replay(t, 'sysconf ssh publickey add op')).toContain('Missing required parameter: -file')
    expect(appliance.sshPublicKeys('admin').keys).toEqual([])
  })

  it('is admin-only for changes; other roles may look', async () => {
    const { appliance, core } = await makeAppliance()
    settleAdmin(core)
    const operator = core.state.users.find((u) => u.name === 'operator')!
    Object.assign(operator, { enabled: true, mustChangePassword: false })
    const t = await openSession(appliance, { user: 'operator' })
    expect(await replay(t, 'sysconf ssh publickey enable')).toContain('requires the admin role')
    expect(await replay(t, 'sysconf ssh show')).toContain('Public key authentication is disabled')
    expect(appliance.sshPublicKeys('admin').enabled).toBe(false)
  })

  it('keeps keys in the state file, and loads a state file saved before keys existed', async () => {
    const stateFile = join(dir, 'state.json')
    const first = await createAppliance({ serial: '157541', era: 6, eth0Address: '127.0.0.1', stateFile })
    first.writeFile('op.pub', Buffer.from(publicKey))
    // As key logins, so the factory password need not be changed first.
    await first.runOneShot('admin', 'sysconf ssh publickey add op -f op.pub', '10.0.0.1', {
      login: 'publickey',
    })
    await first.runOneShot('admin', 'sysconf ssh publickey enable', '10.0.0.1', { login: 'publickey' })
    const again = await createAppliance({ serial: '157541', era: 6, eth0Address: '127.0.0.1', stateFile })
    expect(again.sshPublicKeys('admin')).toEqual({ enabled: true, keys: [publicKey.trim()] })

    const old = JSON.parse(readFileSync(stateFile, 'utf8')) as Record<string, unknown>
    delete old.ssh
    writeFileSync(stateFile, JSON.stringify(old))
    const older = await createAppliance({ serial: '157541', era: 6, eth0Address: '127.0.0.1', stateFile })
    expect(older.sshPublicKeys('admin')).toEqual({ enabled: false, keys: [] })
  })

  it('skips the forced password change only after a key login', async () => {
    const { appliance } = await makeAppliance()
    const byKey = await openSession(appliance, { login: 'publickey' })
    expect(byKey.text).toContain('[local_host] lunash:>')
    expect(byKey.text).not.toContain('(current) UNIX password:')
    const byPassword = await openSession(appliance)
    expect(byPassword.text).toContain('(current) UNIX password:')
    expect((await appliance.runOneShot('admin', 'hsm show', '10.0.0.1')).exitCode).toBe(1)
    expect(
      (await appliance.runOneShot('admin', 'hsm show', '10.0.0.1', { login: 'publickey' })).exitCode,
    ).toBe(0)
  })
})
