import { describe, expect, it } from 'vitest'
import {
  expandTokens,
  parseProxyJump,
  resolveProxyJump,
  resolveSshHost,
  sshConfigAliases,
} from './ssh-config'

const local = { user: 'ops', home: '/home/ops' }

// The shape administrators keep: specific hosts first, a wildcard block for the management network with a
// negated bastion, and defaults at the end (first value wins, as in OpenSSH).
const config = `
# Management network
Host rack7 rack7-hsm
    HostName 10.20.0.7
    User admin
    IdentityFile ~/.ssh/luna_%h_%r

Host jump
    HostName bastion.mgmt.example.net
    Port 2222
    User ops-jump
    IdentityFile %d/.ssh/jump_ed25519

Host *.mgmt.example.net !bastion.mgmt.example.net
    ProxyJump jump
    User admin

Host hsm-?? 
    HostName %h.mgmt.example.net
    ProxyJump ops@jump:2200,second

Host legacy
    HostName=10.20.0.9
    Port=2022
    ProxyJump none

Host *
    User fallback
    Port 22
`

describe('~/.ssh/config as ssh -G resolves it', () => {
  it('lists the aliases a person can pick, without wildcards or negations', () => {
    expect(sshConfigAliases(config)).toEqual(['rack7', 'rack7-hsm', 'jump', 'legacy'])
  })

  it('takes HostName, User and IdentityFile with ~ and %h/%r expanded', () => {
    expect(resolveSshHost(config, 'rack7', local)).toEqual({
      alias: 'rack7',
      hostName: '10.20.0.7',
      port: 22,
      user: 'admin',
      identityFile: '/home/ops/.ssh/luna_10.20.0.7_admin',
    })
  })

  it('keeps the first value: a later Host * does not override an earlier User', () => {
    expect(resolveSshHost(config, 'jump', local)).toMatchObject({
      hostName: 'bastion.mgmt.example.net',
      port: 2222,
      user: 'ops-jump',
      identityFile: '/home/ops/.ssh/jump_ed25519',
    })
  })

  it('applies a wildcard block to the names it matches and not to the negated one', () => {
    expect(resolveSshHost(config, 'hsm1.mgmt.example.net', local)).toMatchObject({
      hostName: 'hsm1.mgmt.example.net',
      user: 'admin',
      proxyJump: 'jump',
    })
    expect(resolveSshHost(config, 'bastion.mgmt.example.net', local).proxyJump).toBeUndefined()
    expect(resolveSshHost(config, 'bastion.mgmt.example.net', local).user).toBe('fallback')
  })

  it('expands %h in HostName, reads key=value lines, and treats ProxyJump none as no jump', () => {
    expect(resolveSshHost(config, 'hsm-01', local)).toMatchObject({
      hostName: 'hsm-01.mgmt.example.net',
      proxyJump: 'ops@jump:2200,second',
    })
    const legacy = resolveSshHost(config, 'legacy', local)
    expect(legacy).toMatchObject({ hostName: '10.20.0.9', port: 2022 })
    expect(legacy.proxyJump).toBeUndefined()
  })

  it('an alias the file does not name resolves to itself on port 22', () => {
    expect(resolveSshHost('', 'rack9', local)).toEqual({ alias: 'rack9', hostName: 'rack9', port: 22 })
  })

  it('never runs Match exec', () => {
    const text = 'Match exec "touch /tmp/rackside-should-not-exist"\n  User evil\n'
    expect(resolveSshHost(text, 'x', local).user).toBeUndefined()
  })

  it('expands the common %-tokens and leaves the others visibly as written', () => {
    const facts = { host: 'h.example', alias: 'h', port: 2200, remoteUser: 'admin' }
    expect(expandTokens('~/k_%h_%r_%u_%n_%p_%%_%C', facts, local)).toBe(
      '/home/ops/k_h.example_admin_ops_h_2200_%_%C',
    )
  })
})

describe('ProxyJump', () => {
  it('reads one hop or a chain, with user and port, IPv6 in brackets and ssh:// URLs', () => {
    expect(parseProxyJump('jump')).toEqual([{ host: 'jump' }])
    expect(parseProxyJump('ops@jump:2200, second')).toEqual([
      { user: 'ops', host: 'jump', port: 2200 },
      { host: 'second' },
    ])
    expect(parseProxyJump('ssh://ops@[fd00::1]:22')).toEqual([{ user: 'ops', host: 'fd00::1', port: 22 }])
  })

  it('refuses a hop that could read as an option or has a bad port', () => {
    expect(() => parseProxyJump('-oProxyCommand=x')).toThrow(/is not \[user@\]host\[:port\]/)
    expect(() => parseProxyJump('jump:99999')).toThrow(/jump:99999/)
  })

  it('resolves each hop through the config like ssh -J; a user or port in the hop wins', () => {
    expect(resolveProxyJump(config, 'jump', local)).toEqual([
      {
        host: 'bastion.mgmt.example.net',
        port: 2222,
        user: 'ops-jump',
        identityFile: '/home/ops/.ssh/jump_ed25519',
      },
    ])
    expect(resolveProxyJump(config, 'root@jump:2200,10.0.0.1', local)).toEqual([
      {
        host: 'bastion.mgmt.example.net',
        port: 2200,
        user: 'root',
        identityFile: '/home/ops/.ssh/jump_ed25519',
      },
      { host: '10.0.0.1', port: 22, user: 'fallback' },
    ])
  })
})
