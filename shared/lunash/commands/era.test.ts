import { describe, expect, it } from 'vitest'
import {
  build,
  clientList,
  clientRegister,
  clientShow,
  differsByEra,
  dnsAddNameserver,
  eraOfVersion,
  forEra,
  forFields,
  hsmChangePolicy,
  hsmShow,
  hsmShowPolicies,
  networkDomain,
  networkHostname,
  networkInterface,
  networkPing,
  networkShow,
  ntlsBind,
  ntpAddServer,
  parsePartitionChangePw,
  partitionChangePw,
  partitionList,
  regenCert,
  rowFor,
  shortVersion,
  softwareVersionIn,
  statusZone,
  timeSet,
  timezoneSet,
  type AnyCommand,
  type Era,
} from './index'
import { parsePartitionList4x } from '../parse/partition-list-4x'

const line = (spec: AnyCommand, era: Era, fields: Record<string, unknown>): string => {
  const row = forEra(spec, era)
  if (!row) throw new Error(`${spec.id} has no ${era}.x row`)
  const built = build(row, fields)
  if (!built.ok) throw new Error(built.error.map((e) => e.message).join(' '))
  return built.value
}

describe('the software version an appliance prints', () => {
  it.each([
    [
      'Luna SA 5.1.0-24 Command Line Shell - Copyright (c) 2001-2011 SafeNet, Inc. All rights reserved.',
      '5.1.0-24',
    ],
    ['SafeNet Network HSM 5.4.0-14 Command Line Shell - Copyright (c', '5.4.0-14'],
    ['SafeNet Luna Network HSM 7.0 Command Line Shell - Copyright (c) 2001-2017 Gemalto, Inc.', '7.0'],
    [
      'Luna Network HSM Command Line Shell v7.8.5-20. Copyright (c) 2024 Thales Group. All rights reserved.',
      '7.8.5-20',
    ],
    ['Luna SA 5.1.0-24 [Build Time: 20111223 11:55]\r\n\r\nAuthorized Use Only', '5.1.0-24'],
    ['Appliance Details:\n==================\nSoftware Version: 3.3.0-5\nHSM Details:', '3.3.0-5'],
    ['   Appliance Details:\n   Software Version:                5.3.0-11\n', '5.3.0-11'],
  ])('%s', (text, version) => {
    expect(softwareVersionIn(text)).toBe(version)
  })

  it('takes the last one shown, and nothing from text that only mentions a version', () => {
    expect(
      softwareVersionIn('Luna SA 5.1.0-24 Command Line Shell\n...\n   Software Version:    5.3.0-11\n'),
    ).toBe('5.3.0-11')
    expect(softwareVersionIn('Firmware: 6.10.9\nvtl (64-bit) v10.2.0-111. Copyright')).toBeUndefined()
    expect(softwareVersionIn('echo Software Version: 7.0 is what I want')).toBeUndefined()
  })

  it('maps 3.x and 4.x to the HID guide’s era, 5–7 to their own, and nothing else', () => {
    expect(eraOfVersion('3.3.0-5')).toBe(4)
    expect(eraOfVersion('4.5')).toBe(4)
    expect(eraOfVersion('5.4.7-1')).toBe(5)
    expect(eraOfVersion('6.2.2-5')).toBe(6)
    expect(eraOfVersion('7.8.5-20')).toBe(7)
    expect(eraOfVersion('2.1')).toBeUndefined()
    expect(eraOfVersion('10.7.2')).toBeUndefined()
    expect(shortVersion('6.2.2-5')).toBe('6.2')
  })
})

describe('each era gets its own syntax, under one command id', () => {
  it('types the HID guide’s 3.x/4.x lines on a 4.x appliance', () => {
    expect(line(timezoneSet, 4, { zone: 'US/Eastern' })).toBe('sysconf -timezone -set US/Eastern')
    expect(line(networkHostname, 4, { hostname: 'ade-luna-sa' })).toBe('net hostname ade-luna-sa')
    expect(line(networkDomain, 4, { domain: 'luna-sa.test.com' })).toBe('net domain luna-sa.test.com')
    expect(line(dnsAddNameserver, 4, { address: '192.168.5.78' })).toBe('net -dns -nameserver 192.168.5.78')
    expect(
      line(networkInterface, 4, {
        device: 'eth0',
        ip: '192.168.5.200',
        netmask: '255.255.255.0',
        gateway: '192.168.5.1',
      }),
    ).toBe('net interface -static -device eth0 -ip 192.168.5.200 -netmask 255.255.255.0 -gateway 192.168.5.1')
    expect(line(networkPing, 4, { target: '192.168.5.24' })).toBe('net ping 192.168.5.24')
    expect(line(ntpAddServer, 4, { server: '192.168.5.200' })).toBe('sysconf ntp -addserver 192.168.5.200')
    expect(line(regenCert, 4, { address: '192.168.5.200' })).toBe('sysconf regenCert 192.168.5.200')
    expect(line(ntlsBind, 4, { device: 'none', address: '192.168.5.200' })).toBe(
      'ntls bind none -bind 192.168.5.200',
    )
    expect(line(clientRegister, 4, { client: 'supreme', address: '192.168.5.174' })).toBe(
      'client -register -client supreme -ip 192.168.5.174',
    )
    expect(line(clientList, 4, {})).toBe('client -list')
    expect(line(clientShow, 4, { client: 'supreme' })).toBe('client -show -client supreme')
    expect(line(hsmShowPolicies, 4, {})).toBe('hsm -showPolicies')
    expect(line(hsmChangePolicy, 4, { code: 16, value: 1 })).toBe('hsm -changePolicy -policy 16 -value 1')
    expect(line(timeSet, 4, { time: '12:55', date: '20071223' })).toBe('sysconf -time 12:55 20071223')
    expect(line(statusZone, 4, {})).toBe('status -zone')
  })

  it('keeps the 5.x–7.x lines where the era does not change them', () => {
    for (const era of [5, 6, 7] as const) {
      expect(line(timezoneSet, era, { zone: 'UTC' })).toBe('sysconf timezone set UTC')
      expect(line(networkHostname, era, { hostname: 'h' })).toBe('network hostname h')
      expect(line(dnsAddNameserver, era, { address: '192.0.2.1' })).toBe(
        'network dns add nameserver 192.0.2.1',
      )
      expect(line(clientList, era, {})).toBe('client list')
      expect(forEra(hsmShow, era)).toBe(hsmShow)
    }
    expect(forEra(networkHostname, 7)).toBe(networkHostname)
    expect(differsByEra(hsmShow)).toBe(false)
    expect(differsByEra(networkHostname)).toBe(true)
  })

  it('reads a change back with the era’s own read command', () => {
    expect(forEra(networkHostname, 4)?.readBack?.command.text({})).toBe('net show')
    expect(forEra(networkShow, 4)?.id).toBe('network.show')
    expect(forEra(timezoneSet, 4)?.readBack?.command.text({})).toBe('status -zone')
    expect(forEra(partitionList, 4)?.parse('Partition: 902514001, Name: ade_partition.\n')).toEqual({
      ok: true,
      value: [{ serial: '902514001', name: 'ade_partition' }],
    })
  })

  it('binds NTLS to an address where the era allows it, and says why not on 7.x', () => {
    expect(line(ntlsBind, 6, { device: 'none', address: '10.0.0.5' })).toBe('ntls bind none -bind 10.0.0.5')
    expect(line(ntlsBind, 7, { device: 'eth1', address: '' })).toBe('ntls bind eth1')
    const seven = build(forEra(ntlsBind, 7)!, { device: 'none', address: '10.0.0.5' })
    expect(seven.ok).toBe(false)
    if (!seven.ok) expect(seven.error[0]!.message).toMatch(/Luna 7 binds NTLS to a network device/)
    const both = build(ntlsBind, { device: 'eth0', address: '10.0.0.5' })
    expect(both.ok).toBe(false)
    if (!both.ok) expect(both.error[0]!.message).toMatch(/choose "none" as the device/)
    const none = build(ntlsBind, { device: 'none', address: '' })
    expect(none.ok).toBe(false)
  })

  it('proves an address binding with the address ntls show gives', () => {
    const rb = forEra(ntlsBind, 4)!.readBack!
    const shown = rb.command.parse('NTLS bound to network device: none IP Address: "192.168.5.200" (eth0)\n')
    expect(shown.ok).toBe(true)
    if (!shown.ok) return
    expect(rb.proves(shown.value, { device: 'none', address: '192.168.5.200' }, {})).toMatchObject({
      proven: true,
    })
    expect(rb.proves(shown.value, { device: 'none', address: '192.168.5.201' }, {})).toMatchObject({
      proven: false,
    })
  })

  it('regenerates the certificate for an address where the era allows it', () => {
    expect(line(regenCert, 7, { address: '' })).toBe('sysconf regenCert')
    expect(line(regenCert, 6, {})).toBe('sysconf regenCert')
    const seven = build(forEra(regenCert, 7)!, { address: '10.0.0.5' })
    expect(seven.ok).toBe(false)
    if (!seven.ok) expect(seven.error[0]!.message).toMatch(/no 7.x source shows an address/)
    const bad = build(regenCert, { address: '10.0.0.5\nhsm init' })
    expect(bad.ok).toBe(false)
  })
})

describe('destructive only where the policy table says Destructive', () => {
  const destructive = (code: number) => {
    const row = forFields(hsmChangePolicy, { code, value: 1 })
    return {
      row: row.destructive === true,
      announced: row.prompts.some((p) => p.kind === 'confirm' && p.destructive && !p.guard),
      guarded: row.prompts.some((p) => p.kind === 'confirm' && p.destructive && p.guard === true),
    }
  }
  it('policy 16 (network replication) and 21 are not destructive; 12 and 22 are; an unknown one is treated as destructive', () => {
    expect(destructive(16)).toEqual({ row: false, announced: false, guarded: true })
    expect(destructive(21)).toEqual({ row: false, announced: false, guarded: true })
    expect(destructive(12)).toEqual({ row: true, announced: true, guarded: true })
    expect(destructive(22)).toEqual({ row: true, announced: true, guarded: true })
    expect(destructive(99)).toEqual({ row: true, announced: true, guarded: true })
  })
  it('the guard catches the appliance’s own “destructive policy” question first', () => {
    const guard = hsmChangePolicy.prompts.find((p) => p.kind === 'confirm' && p.guard)!
    const question =
      "CAUTION: Are you sure you wish to change the destructive policy named:\n\nAllow non-FIPS algorithms\n\nType 'proceed' to zeroize your HSM and change the policy, or 'quit' to quit now.\n\n> "
    expect(guard.pattern.exec(question)?.index).toBe(question.indexOf('change the destructive'))
  })
})

describe('partition changePw answers the menu from the field, never a guess', () => {
  const menu6 =
    '\nWhich part of the partition password do you wish to change?\n1. change partition owner (black) PED key\n2. change the challenge\n0. abort command\n\nPlease select one of the above options: '
  const menu7 =
    '\n\n  Which part of the partition password do you wish to change?\n\n  1.  change partition PED key data for Crypto Officer\n  2.  change the challenge for Crypto Officer\n  0.  abort command\n\n  Please select one of the above options: '

  it.each([
    ['challenge', '2'],
    ['ped-key', '1'],
  ] as const)('%s is option %s on the 6.x and the 7.x menus', (credential, choice) => {
    const row = rowFor(partitionChangePw, 7, { partition: 'p1', credential })!
    const menu = row.prompts.find((p) => p.kind === 'answer')!
    for (const text of [menu6, menu7]) expect(menu.pattern.test(text)).toBe(true)
    if (menu.kind === 'answer') expect(menu.answer({ partition: 'p1', credential })).toBe(choice)
  })

  it('does not answer a menu whose entries are not the ones it knows', () => {
    const menu = partitionChangePw.prompts.find((p) => p.kind === 'answer')!
    expect(menu.pattern.test(menu6.replace('2. change the challenge', '2. reset the partition'))).toBe(false)
    expect(menu.pattern.test(menu6.replace('1. change partition owner', '1. delete partition owner'))).toBe(
      false,
    )
  })

  it('refuses a missing or unknown choice before anything is typed', () => {
    for (const credential of [undefined, '', 'both', '2']) {
      // Fields come from the renderer, which is untrusted: anything may arrive.
      const built = build(partitionChangePw as AnyCommand, { partition: 'p1', credential })
      expect(built.ok).toBe(false)
      if (!built.ok) expect(built.error[0]!.field).toBe('What to change')
    }
    expect(build(partitionChangePw, { partition: 'p1', credential: 'challenge' })).toEqual({
      ok: true,
      value: 'partition changePw -partition p1',
    })
  })

  it('changing the PED key answers no new-password question', () => {
    const row = forFields(partitionChangePw, { partition: 'p1', credential: 'ped-key' })
    const secrets = row.prompts.flatMap((p) => (p.kind === 'password' ? [p.secret] : []))
    expect(secrets).toEqual(['partition-password'])
    const current = row.prompts.find((p) => p.kind === 'password')!
    expect(current.pattern.test("  Please enter the current Crypto Officer's challenge:")).toBe(true)
    expect(current.pattern.test('Please enter the current password for the partition:')).toBe(false)
  })

  it('reads the success lines real appliances print', () => {
    expect(
      parsePartitionChangePw(
        " \nLuna PED operation required to activate partition on HSM - use User or Partition Owner (black) PED Key.\n'partition -changePw' successful.\n \n",
      ),
    ).toEqual({ ok: true, value: { successful: true, deactivated: false } })
    expect(
      parsePartitionChangePw(
        "Luna PED operation required to change partition PED data - use Crypto Officer PED key.\nWarning: PED key change has caused Crypto Officer role deactivation. Please use 'partition activate' to re-activate.\n",
      ),
    ).toEqual({ ok: true, value: { successful: true, deactivated: true } })
    expect(parsePartitionChangePw("'partition changePw' successful.\n").ok).toBe(true)
    expect(parsePartitionChangePw('Error:  something else\n').ok).toBe(false)
  })
})

describe('the 3.x/4.x partition list', () => {
  it('reads the HID guide’s line and an empty list, and refuses anything else', () => {
    expect(parsePartitionList4x('\nPartition: 902514001, Name: ade_partition.\n')).toEqual({
      ok: true,
      value: [{ serial: '902514001', name: 'ade_partition' }],
    })
    expect(parsePartitionList4x('   There are no partitions.\n')).toEqual({ ok: true, value: [] })
    expect(parsePartitionList4x('Partition: 902514001, Name: a\nsomething else\n').ok).toBe(false)
  })
})
