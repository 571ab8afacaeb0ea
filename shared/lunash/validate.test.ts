import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as v from './validate'

const message = (r: v.Validated<unknown>): string => (r.ok ? '' : r.error.message)

describe('validators accept what the appliance takes', () => {
  it.each([
    [v.ipv4('192.168.5.200'), '192.168.5.200'],
    [v.ipv4('0.0.0.0'), '0.0.0.0'],
    [v.netmask('255.255.255.224'), '255.255.255.224'],
    [v.gateway('192.168.5.1', '192.168.5.200', '255.255.255.0'), '192.168.5.1'],
    [v.hostname('hsm-rack-07.example.com'), 'hsm-rack-07.example.com'],
    [v.domain('luna.example.com'), 'luna.example.com'],
    [v.timeZone('America/Montreal'), 'America/Montreal'],
    [v.timeZone('EST5EDT'), 'EST5EDT'],
    [v.time('23:59'), '23:59'],
    [v.date('20280229'), '20280229'],
    [v.hsmLabel('a'.repeat(32)), 'a'.repeat(32)],
    [v.partitionName('cms_part-01'), 'cms_part-01'],
    [v.clientName('web01.example.com'), 'web01.example.com'],
    [v.ntpServer('pool.ntp.org'), 'pool.ntp.org'],
    [v.password('Correct Horse 9'), 'Correct Horse 9'],
  ])('%#', (result, value) => expect(result).toEqual({ ok: true, value }))
})

describe('validators refuse with a message a person can act on', () => {
  it.each([
    [v.hostname('hsm\nhsm init -f'), /Hostname contains a newline/],
    [v.hostname('hsm\x1b[2J'), /ESC \(escape\)/],
    [v.hostname('a\u0000b'), /NUL/],
    [v.hostname('a\x7fb'), /DEL/],
    [v.hostname('hsm;reboot'), /";", which could start a second command/],
    [v.partitionName('p && q'), /"&&"/],
    [v.clientName('x|y'), /"\|"/],
    [v.clientName('`id`'), /"`"/],
    [v.clientName('$(id)'), /"\$\("/],
    [v.ipv4('192.168.05.1'), /leading zero in "05"/],
    [v.ipv4('256.1.1.1'), /0 to 255/],
    [v.ipv4('10.1.1'), /dotted-quad/],
    [v.netmask('255.0.255.0'), /not contiguous/],
    [v.gateway('10.0.0.1', '192.168.5.200', '255.255.255.0'), /not on the subnet/],
    [v.hostname('ade_luna_sa'), /underscores are not allowed/],
    [v.hostname('-bad'), /begins with "-": on a command line that makes it an option/],
    [v.hostname('bad-'), /may not start or end with a hyphen/],
    [v.hostname('a'.repeat(64)), /longer than 63/],
    [v.hostname(`${'a.'.repeat(127)}aa`), /limit is 253/],
    [v.domain('localdomain'), /looks like example.com/],
    [v.timeZone('europe/berlin'), /must be written "Europe\/Berlin"/],
    [v.timeZone('Mars/Olympus'), /not in the list/],
    [v.time('24:00'), /not a time of day/],
    [v.date('20270229'), /not a calendar date/],
    [v.hsmLabel('a'.repeat(33)), /limit is 32/],
    [v.partitionName('1stPartition'), /starts with a digit/],
    [v.policyCode('x'), /Code column/],
    [v.networkDevice('eth9'), /must be one of eth0/],
  ])('%#', (result, pattern) => {
    expect(result.ok).toBe(false)
    expect(message(result)).toMatch(pattern)
  })

  it('never repeats a password in its message', () => {
    fc.assert(
      // At least 6 characters: a shorter random string can be a word of the message itself ("har" in "characters").
      fc.property(fc.string({ minLength: 6, maxLength: 20 }), (pw) => {
        const result = v.password(pw)
        if (!result.ok) expect(result.error.message).not.toContain(pw)
      }),
    )
  })

  it('password rules: 8 characters, 3 of 4 classes', () => {
    expect(message(v.password('Short1!'))).toMatch(/7 characters; it needs at least 8/)
    expect(message(v.password('alllowercase1'))).toMatch(/2 of the 4 character classes/)
  })
})

describe('no name may begin with a dash (lunash would read it as an option)', () => {
  const names: [string, (value: string) => v.Validated<unknown>][] = [
    ['HSM label', v.hsmLabel],
    ['Partition name', v.partitionName],
    ['Client name', v.clientName],
    ['User name', v.userName],
    ['Hostname', (x) => v.hostname(x)],
    ['File name', v.fileName],
    ['NTP server', v.ntpServer],
  ]
  it.each(names)('%s', (field, validate) => {
    for (const value of ['-force', '-', '--label', '\u2013force', '\u2014x', '\u2212x', '\u2010x']) {
      const result = validate(value)
      expect(result.ok, `${field} ${value}`).toBe(false)
      if (!result.ok) {
        expect(result.error.field).toBe(field)
        expect(result.error.message).toContain(`${field} "${value}" begins with "${value[0]}"`)
        expect(result.error.message).toMatch(
          /makes it an option, not a value.*Start it with a letter or digit/,
        )
      }
    }
    // A dash inside the name is still fine where the name allows one.
    if (field !== 'File name' && field !== 'NTP server') expect(validate('a-b').ok).toBe(true)
  })

  it('refuses any value that starts with a dash, whatever follows', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (rest) => {
        for (const [, validate] of names) expect(validate(`-${rest}`).ok).toBe(false)
      }),
    )
  })
})

describe('where Rackside connects to (hostAddress)', () => {
  it('takes IPv4 and IPv6 addresses and host names', () => {
    for (const ok of [
      '10.0.0.7',
      'hsm-rack7.example.com',
      'localhost',
      '::1',
      'fe80::1',
      '2001:db8:0:0:0:0:0:1',
      '2001:db8::10.0.0.7',
    ])
      expect(v.hostAddressProblem(ok), ok).toBeUndefined()
  })

  it('says what is wrong with an address it refuses', () => {
    expect(v.hostAddressProblem('10.0.0.5:22')).toBe(
      'must be a host name or IP address, without a port ("10.0.0.5:22"): give the port in its own field',
    )
    expect(v.hostAddressProblem('10.0.0.256')).toMatch(/each part must be 0 to 255, and 256 is not/)
    expect(v.hostAddressProblem('10.0.0')).toMatch(/not a dotted-quad IPv4 address/)
    expect(v.hostAddressProblem('2001:db8::1::2')).toBe(
      'must be a host name or IP address: "2001:db8::1::2" is not a valid IPv6 address',
    )
    expect(v.hostAddressProblem('-oProxyCommand=x')).toMatch(
      /^must be a host name or IP address\. The name "-oProxyCommand=x" begins with "-": on a command line that makes it an option/,
    )
    // It would reach vtl's and ssh's command lines as an option.
    expect(v.hostAddressProblem('-rack7')).toMatch(
      /"-rack7" begins with "-": on a command line that makes it an option/,
    )
    expect(v.hostAddressProblem('rack7-')).toMatch(/may not start or end with a hyphen/)
    expect(v.hostAddressProblem('rack..7')).toMatch(/empty label/)
    for (const bad of ['rack 7', 'rack7\n', '127.0.0.1;rm -rf ~', ''])
      expect(v.hostAddressProblem(bad), bad).toBe('must be a host name or IP address')
  })
})
