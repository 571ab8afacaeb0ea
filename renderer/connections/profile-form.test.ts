import { describe, expect, it } from 'vitest'
import { newProfile, profileProblems, withSshConfigHost } from './profile-form'

const alias = { alias: 'rack7', hostName: '10.0.0.7', port: 2222 }

describe('withSshConfigHost', () => {
  it('takes address and port from the alias and keeps what the config leaves unset', () => {
    const p = withSshConfigHost(newProfile('ssh'), alias)
    expect(p).toMatchObject({
      name: 'rack7',
      ssh: { host: '10.0.0.7', port: 2222, username: 'admin', auth: 'password' },
    })
  })

  it("replaces an earlier bastion with the alias's own (none here) and keeps a typed name", () => {
    const start = newProfile('ssh')
    if (start.kind !== 'ssh') throw new Error('ssh expected')
    const typed = { ...start, name: 'HSM 7', ssh: { ...start.ssh, jumpHost: 'old@bastion' } }
    const p = withSshConfigHost(typed, { ...alias, user: 'ops', keyPath: '/k/id_ed25519' })
    expect(p.name).toBe('HSM 7')
    expect(p.kind === 'ssh' && p.ssh).toMatchObject({
      username: 'ops',
      auth: 'publickey',
      keyPath: '/k/id_ed25519',
    })
    expect(p.kind === 'ssh' && p.ssh.jumpHost).toBeUndefined()
  })

  it('leaves a serial profile alone', () => {
    const serial = newProfile('serial')
    expect(withSshConfigHost(serial, alias)).toBe(serial)
  })
})

describe('profileProblems', () => {
  it('names the field that is wrong, without the profile prefix', () => {
    const p = { ...newProfile('ssh'), name: 'HSM' }
    expect(profileProblems(p)).toMatch(/^host: /)
  })

  it('has nothing to say about a complete profile', () => {
    const p = newProfile('ssh')
    if (p.kind !== 'ssh') throw new Error('ssh expected')
    expect(profileProblems({ ...p, name: 'HSM', ssh: { ...p.ssh, host: '10.0.0.7' } })).toBeUndefined()
  })
})
