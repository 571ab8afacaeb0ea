import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { OpenSshClient } from './openssh'
import { openSshAppliance } from './openssh-appliance'

const NEW_PASSWORD = 'Rack-side-2026'

describe('SSH to the simulated appliance with OpenSSH (era 6)', () => {
  const at = openSshAppliance({ era: 6, workPrefix: 'rackside-ssh-work-', newPassword: NEW_PASSWORD })

  it('walks the forced first-login password change with expect, then shows the prompt', async () => {
    // beforeAll did it; a second login with the new password lands directly at the prompt.
    const result = await at.client.tt(['exit'])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/Last login: .+ from 127\.0\.0\.1/)
    expect(result.stdout).toContain('[local_host] lunash:>')
    expect(result.stdout).not.toContain('(current) UNIX password')
  })

  it('stores the host key whose fingerprint the simulator reports', async () => {
    expect(await at.client.knownFingerprint()).toBe(at.sim.appliances[0]!.ssh.hostKeyFingerprint)
    expect(at.sim.appliances[0]!.ssh.hostKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/)
  })

  it('accepts keyboard-interactive as well as password authentication', async () => {
    const result = await at.client.ssh([`admin@${at.client.host}`, 'hsm show'], {
      method: 'keyboard-interactive',
    })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Command Result : 0 (Success)')
  })

  it('refuses a wrong password', async () => {
    const wrong = new OpenSshClient(at.sim.appliances[0]!, 'not-the-password')
    try {
      const result = await wrong.exec('hsm show')
      expect(result.code).toBe(255)
      expect(result.stderr).toContain('Permission denied')
    } finally {
      wrong.dispose()
    }
  })

  it('runs a one-shot command with the banner first and the Command Result last', async () => {
    const result = await at.client.exec('hsm show')
    expect(result.code).toBe(0)
    expect(result.stdout.split('\n')[0]).toMatch(/Command Line Shell/)
    expect(result.stdout.trimEnd()).toMatch(/Command Result : 0 \(Success\)$/)
  })

  it('reports a failing one-shot command through the exit status', async () => {
    const result = await at.client.exec('nosuchcommand')
    expect(result.code).not.toBe(0)
    expect(result.stdout).toMatch(/Command Result : \d+ \(/)
  })

  it('runs an interactive ssh -tt session that ends with exit', async () => {
    const result = await at.client.tt(['hsm show', 'exit'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('lunash:>hsm show')
    expect(result.stdout).toContain('Serial #:')
    expect(result.stdout).toContain('\r\n')
  })

  it('pulls server.pem with scp -O', async () => {
    const target = join(at.work, 'server.pem')
    const result = await at.client.scp(at.client.remote('server.pem'), target)
    expect(result.code, result.stderr).toBe(0)
    const pem = readFileSync(target, 'utf8')
    expect(pem).toBe(at.sim.appliances[0]!.appliance.ntlsView().serverCertificatePem)
  })

  it('pushes a file with scp -O to the home folder, by folder or by name', async () => {
    const local = join(at.work, 'client.pem')
    writeFileSync(local, 'uploaded over legacy scp\n')
    expect((await at.client.scp(local, at.client.remote(''))).code).toBe(0)
    expect(at.sim.appliances[0]!.appliance.readFile('client.pem')?.toString()).toBe(
      'uploaded over legacy scp\n',
    )
    expect((await at.client.scp(local, at.client.remote('renamed.pem'))).code).toBe(0)
    expect(at.sim.appliances[0]!.appliance.readFile('renamed.pem')?.toString()).toBe(
      'uploaded over legacy scp\n',
    )
  })

  it('refuses ../ paths and overwriting server.pem, and reports a missing file', async () => {
    const local = join(at.work, 'evil.pem')
    writeFileSync(local, 'x')
    const up = await at.client.scp(local, at.client.remote('../evil.pem'))
    expect(up.code).not.toBe(0)
    expect(up.stderr).toContain('Permission denied')
    const over = await at.client.scp(local, at.client.remote('server.pem'))
    expect(over.code).not.toBe(0)
    expect(over.stderr).toContain('server.pem: Permission denied')
    expect(at.sim.appliances[0]!.appliance.readFile('server.pem')?.toString()).toContain('BEGIN CERTIFICATE')
    const down = await at.client.scp(at.client.remote('missing.pem'), join(at.work, 'missing.pem'))
    expect(down.code).not.toBe(0)
    expect(down.stderr).toContain('missing.pem: No such file or directory')
  })

  it('has no SFTP subsystem, so plain OpenSSH 9 scp fails as on a 6.x appliance', async () => {
    const result = await at.client.scp(at.client.remote('server.pem'), join(at.work, 'plain.pem'), false)
    expect(result.code).not.toBe(0)
    expect(result.stderr).toContain('subsystem request failed')
  })
})

describe('SSH to a 7.x appliance', () => {
  const at = openSshAppliance({ era: 7, workPrefix: 'rackside-ssh7-work-', newPassword: NEW_PASSWORD })

  it('serves plain scp over SFTP: server.pem down, a at.client certificate up', async () => {
    const down = await at.client.scp(at.client.remote('server.pem'), join(at.work, 'server.pem'), false)
    expect(down.code, down.stderr).toBe(0)
    expect(readFileSync(join(at.work, 'server.pem'), 'utf8')).toBe(
      at.sim.appliances[0]!.appliance.ntlsView().serverCertificatePem,
    )
    const local = join(at.work, 'cms01.pem')
    writeFileSync(local, 'sftp upload\n')
    const up = await at.client.scp(local, at.client.remote(''), false)
    expect(up.code, up.stderr).toBe(0)
    expect(at.sim.appliances[0]!.appliance.readFile('cms01.pem')?.toString()).toBe('sftp upload\n')
  })

  it('keeps server.pem get-only and refuses ../ over SFTP', async () => {
    const local = join(at.work, 'x.pem')
    writeFileSync(local, 'x')
    expect((await at.client.scp(local, at.client.remote('server.pem'), false)).code).not.toBe(0)
    expect(at.sim.appliances[0]!.appliance.readFile('server.pem')?.toString()).toContain('BEGIN CERTIFICATE')
    expect((await at.client.scp(local, at.client.remote('../x.pem'), false)).code).not.toBe(0)
  })

  it('still speaks legacy scp -O', async () => {
    const result = await at.client.scp(at.client.remote('server.pem'), join(at.work, 'legacy.pem'))
    expect(result.code, result.stderr).toBe(0)
  })
})

describe('before the first password change', () => {
  const at = openSshAppliance({ era: 7, workPrefix: 'rackside-ssh-expired-' })

  it('refuses file transfers until the factory password was changed in a terminal', async () => {
    const legacy = await at.client.scp(at.client.remote('server.pem'), join(at.work, 'server.pem'))
    expect(legacy.code).not.toBe(0)
    expect(legacy.stderr).toContain('Password change required but no TTY available.')
    const sftp = await at.client.scp(at.client.remote('server.pem'), join(at.work, 'server.pem'), false)
    expect(sftp.code).not.toBe(0)
  })
})
