import { describe, expect, it } from 'vitest'
import {
  applianceNameWarning,
  checkApplianceName,
  checkClientName,
  clientNameWarning,
  isLoopback,
  localAddresses,
  normaliseAddress,
  resolveName,
} from './name-check'

const appliance = { host: '192.168.5.200', addresses: ['192.168.5.200'] }
const notFound = { error: 'no DNS A record or hosts-file entry' }

describe('addresses compared in one spelling', () => {
  it.each([
    ['::ffff:192.168.5.200', '192.168.5.200'],
    ['FE80:0:0:0:0:0:0:1%eth0', 'fe80::1'],
    ['2001:db8:0:0::5', '2001:db8::5'],
    [' 10.0.0.5 ', '10.0.0.5'],
  ])('%s is %s', (given, canonical) => expect(normaliseAddress(given)).toBe(canonical))

  it('loopback is 127.0.0.0/8 and ::1, nothing else', () => {
    expect(['127.0.0.1', '127.0.1.1', '::1', '::ffff:127.0.0.1'].every(isLoopback)).toBe(true)
    expect(['10.0.0.1', '::2', '128.0.0.1'].some(isLoopback)).toBe(false)
  })
})

describe('vtl addServer: the name must lead to the appliance', () => {
  it('a name that resolves to the appliance’s address, or the address itself: nothing to say', () => {
    expect(applianceNameWarning('luna-sa-1', { addresses: ['192.168.5.200'] }, appliance)).toBeUndefined()
    expect(applianceNameWarning('192.168.5.200', { addresses: ['192.168.5.200'] }, appliance)).toBeUndefined()
    expect(
      applianceNameWarning('luna-sa-1', { addresses: ['::ffff:192.168.5.200', 'fe80::1'] }, appliance),
    ).toBeUndefined()
  })

  it('a name that does not resolve: says why, and offers the A record or the IP address', () => {
    const w = applianceNameWarning('luna-sa-1.example.com', notFound, appliance)
    expect(w).toMatch(/"luna-sa-1\.example\.com" does not resolve on this computer \(no DNS A record/)
    expect(w).toMatch(
      /Add a DNS A record \(or a hosts-file entry\) for luna-sa-1\.example\.com pointing to 192\.168\.5\.200/,
    )
    expect(w).toMatch(/or run vtl addServer with the appliance's IP address \(192\.168\.5\.200\)/)
  })

  it('a name that resolves elsewhere names both addresses', () => {
    const w = applianceNameWarning('luna-sa-1', { addresses: ['10.9.9.9'] }, appliance)
    expect(w).toMatch(
      /resolves to 10\.9\.9\.9 on this computer, but Rackside reaches the appliance at 192\.168\.5\.200/,
    )
    expect(w).toMatch(/Correct the DNS A record for luna-sa-1 to 192\.168\.5\.200/)
  })

  it('an IP address given as the name is compared with the appliance’s address directly', () => {
    const w = applianceNameWarning('10.9.9.9', { addresses: ['10.9.9.9'] }, appliance)
    expect(w).toMatch(
      /vtl addServer names 10\.9\.9\.9, but Rackside reaches the appliance at 192\.168\.5\.200/,
    )
  })

  it('an appliance reached by name is described with the addresses that name has', () => {
    const byName = { host: 'hsm.example.com', addresses: ['192.168.5.200'] }
    expect(applianceNameWarning('hsm', { addresses: ['192.168.5.200'] }, byName)).toBeUndefined()
    expect(applianceNameWarning('other', { addresses: ['10.1.1.1'] }, byName)).toMatch(
      /reaches the appliance at hsm\.example\.com \(192\.168\.5\.200\)/,
    )
    // The profile's own name is what Rackside connects with: nothing to compare.
    expect(applianceNameWarning('HSM.example.com', notFound, byName)).toBeUndefined()
  })
})

describe('vtl createCert: the client name must lead to this computer', () => {
  const local = ['192.168.5.174', '127.0.0.1', '::1']

  it('this computer’s name or address: nothing to say', () => {
    expect(clientNameWarning('cms01', { addresses: ['192.168.5.174'] }, local)).toBeUndefined()
    expect(clientNameWarning('192.168.5.174', { addresses: ['192.168.5.174'] }, local)).toBeUndefined()
  })

  it('a name without an A record: the HID guide’s DNS step, or the IP address', () => {
    const w = clientNameWarning('cms01.example.com', notFound, local)
    expect(w).toMatch(/"cms01\.example\.com" does not resolve on this computer/)
    expect(w).toMatch(
      /add a DNS A record for cms01\.example\.com pointing to this computer \(192\.168\.5\.174\)/,
    )
    expect(w).toMatch(/client register -ip/)
  })

  it('a name or address of another machine names both', () => {
    expect(clientNameWarning('cms01', { addresses: ['10.2.2.2'] }, local)).toMatch(
      /resolves to 10\.2\.2\.2, which is not an address of this computer \(192\.168\.5\.174\)/,
    )
    expect(clientNameWarning('10.2.2.2', { addresses: ['10.2.2.2'] }, local)).toMatch(
      /10\.2\.2\.2 is not an address of this computer/,
    )
  })

  it('a name the hosts file maps to loopback is useless to an appliance elsewhere, fine for one on loopback', () => {
    const w = clientNameWarning('cms01', { addresses: ['127.0.1.1'] }, local, ['192.168.5.200'])
    expect(w).toMatch(/leads to 127\.0\.1\.1, a loopback address/)
    expect(w).toMatch(/pointing to this computer's network address \(192\.168\.5\.174\)/)
    expect(clientNameWarning('localhost', { addresses: ['127.0.0.1'] }, local, ['127.0.0.1'])).toBeUndefined()
    // All of 127.0.0.0/8 is this computer, though no interface lists 127.0.1.1.
    expect(clientNameWarning('cms01', { addresses: ['127.0.1.1'] }, local, ['127.0.0.1'])).toBeUndefined()
  })
})

describe('resolving with the system resolver', () => {
  it('localhost and an IP address resolve; a name under .invalid never does (RFC 2606)', async () => {
    expect(await resolveName('localhost')).toEqual({
      addresses: expect.arrayContaining([expect.any(String)]),
    })
    const local = await resolveName('localhost')
    expect('addresses' in local && local.addresses.every(isLoopback)).toBe(true)
    expect(await resolveName('192.0.2.7')).toEqual({ addresses: ['192.0.2.7'] })
    expect(await resolveName('rackside-name-check.invalid')).toEqual({
      error: expect.stringMatching(/no DNS A record|name server did not answer/),
    })
  })

  it('a lookup that does not answer is given up after the limit, with that reason', async () => {
    const started = Date.now()
    const r = await resolveName('slow.example', { lookup: () => new Promise(() => undefined), timeoutMs: 50 })
    expect(r).toEqual({ error: 'the lookup did not answer within 50 ms' })
    expect(Date.now() - started).toBeLessThan(2_000)
  })

  it('checks against the simulator’s loopback address: localhost passes, .invalid and another IP are named', async () => {
    expect(await checkApplianceName('localhost', '127.0.0.1')).toBeUndefined()
    expect(await checkApplianceName('127.0.0.1', '127.0.0.1')).toBeUndefined()
    expect(await checkApplianceName('luna.invalid', '127.0.0.1')).toMatch(
      /"luna\.invalid" does not resolve on this computer.*pointing to 127\.0\.0\.1/,
    )
    expect(await checkApplianceName('192.0.2.7', '127.0.0.1')).toMatch(
      /names 192\.0\.2\.7, but Rackside reaches the appliance at 127\.0\.0\.1/,
    )
  })

  it('this computer’s addresses include loopback; its name checks as local', async () => {
    expect(localAddresses()).toContain('127.0.0.1')
    expect(await checkClientName('127.0.0.1', { applianceHost: '127.0.0.1' })).toBeUndefined()
    expect(await checkClientName('cms.invalid')).toMatch(/does not resolve/)
    expect(await checkClientName('192.0.2.7')).toMatch(/192\.0\.2\.7 is not an address of this computer/)
  })
})
