/**
 * What the tolerant network/client parsers still refuse, and the appliance's name read from the prompt: behaviour
 * the corpus does not show by itself (a wrapped value, a contradiction, a row that looks like a row but is not).
 */
import { describe, expect, it } from 'vitest'
import { parseClientList, parseClientShow } from './client'
import { parseApplianceName, parseNetworkRouteShow } from './network'
import { parseNtlsShow } from './ntls'
import { parseNtpStatus } from './ntp'
import { parseServiceStatus } from './service'
import { parseVtlVerify } from '../../vtl/parse'

describe('the appliance name', () => {
  it('is read from the prompt even when network show is not understood', () => {
    const text =
      '[hsm-rack-07] lunash:>network show\n\nSomething this parser has never seen\n\nCommand Result : 0 (Success)\n[hsm-rack-07] lunash:>'
    expect(parseApplianceName(text)).toEqual({
      ok: true,
      value: { name: 'hsm-rack-07', source: 'prompt', unconfigured: false },
    })
  })

  it('takes the last prompt, after a net hostname renamed the appliance', () => {
    const text =
      '[local_host] lunash:>net hostname ade_luna_sa\nSuccess: Hostname ade_luna_sa set.\nCommand Result : 0 (Success)\n[ade_luna_sa] lunash:>'
    expect(parseApplianceName(text)).toEqual({
      ok: true,
      value: { name: 'ade_luna_sa', source: 'prompt', unconfigured: false },
    })
  })

  it('says a factory name is not configured yet', () => {
    expect(parseApplianceName('[local_host] lunash:>')).toEqual({
      ok: true,
      value: { name: 'local_host', source: 'prompt', unconfigured: true },
    })
  })

  it('falls back to network show when no prompt was captured', () => {
    expect(parseApplianceName('        Hostname:                hsm-rack-07\n')).toEqual({
      ok: true,
      value: { name: 'hsm-rack-07', source: 'network show', unconfigured: false },
    })
  })

  it('refuses text that has neither', () => {
    expect(parseApplianceName('Escape character is ^].\n').ok).toBe(false)
  })
})

describe('client show', () => {
  it('joins a Partitions value wrapped onto indented lines', () => {
    const text =
      'ClientID:     web01\nHostname:     web01\nPartitions:   "par1", "par2",\n              "par3"\n'
    expect(parseClientShow(text)).toEqual({
      ok: true,
      value: { clientId: 'web01', hostname: 'web01', partitions: ['par1', 'par2', 'par3'], other: {} },
    })
  })

  it('refuses a label printed twice with different values', () => {
    const text = 'ClientID:     web01\nClient ID:    web02\nPartitions:   <none>\n'
    expect(parseClientShow(text)).toEqual({
      ok: false,
      error: expect.objectContaining({ message: expect.stringContaining('printed twice') }),
    })
  })

  it('refuses partitions it cannot read rather than guess them', () => {
    expect(parseClientShow('ClientID: web01\nPartitions: par1 par2\n').ok).toBe(false)
  })

  it('keeps labels it does not know in other, and reports lines that are not labels at all', () => {
    const text =
      'ClientID: web01\nIP Address: 10.0.0.5\nCertificate Expiry: 2034-09-07\nPartitions: <none>\n~~ line noise'
    expect(parseClientShow(text)).toEqual({
      ok: true,
      value: {
        clientId: 'web01',
        ipAddress: '10.0.0.5',
        partitions: [],
        other: { 'Certificate Expiry': '2034-09-07' },
        unrecognised: ['~~ line noise'],
      },
    })
  })
})

describe('what the tolerant parsers still refuse', () => {
  it('client list that names clients and says none are registered', () => {
    expect(parseClientList('registered client 1: web01\nNo clients are registered.\n').ok).toBe(false)
  })

  it('a routing table row that begins with an address but does not parse', () => {
    const text =
      'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n192.168.101.0   0.0.0.0   U\n'
    expect(parseNetworkRouteShow(text)).toEqual({
      ok: false,
      error: expect.objectContaining({ line: '192.168.101.0   0.0.0.0   U' }),
    })
  })

  it('service status with two services and no command line to say which was asked', () => {
    expect(parseServiceStatus('   ntp is running\n   syslog is not running\n').ok).toBe(false)
  })

  it('service status keeps to the service the echoed command asked about', () => {
    const text = '[hsm] lunash:>service status syslog\n   ntp is running\n   syslog is not running\n'
    expect(parseServiceStatus(text)).toEqual({ ok: true, value: { service: 'syslog', running: false } })
  })

  it('ntp status that says both that NTP runs and that it does not', () => {
    expect(parseNtpStatus('NTP is running\nNTP is not running\nNTP is enabled\n').ok).toBe(false)
  })

  it('a vtl verify slot row that does not parse', () => {
    const text =
      'Slot    Serial #                Label\n====    ================        =====\n   0       partition6\n'
    expect(parseVtlVerify(text).ok).toBe(false)
  })
})

describe('ntls show', () => {
  it('is verified for the one-line 4.x form alone', () => {
    const seen = 'NTLS bound to network device: eth0 IP Address: "192.168.5.200" (eth0)\n'
    expect(parseNtlsShow(seen)).toMatchObject({ ok: true, value: { verified: true, device: 'eth0' } })
  })

  it('is not verified when facts also come from lines only the simulator prints', () => {
    const text = 'NTLS bound to network device: all IP Address: "0.0.0.0" (all)\nNTLS is running\n'
    expect(parseNtlsShow(text)).toMatchObject({ ok: true, value: { verified: false, running: true } })
  })
})
