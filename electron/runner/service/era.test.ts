/**
 * The runner service when it has not seen the appliance's banner (a serial cable plugged into a console that was
 * already logged in): a step whose syntax differs between eras first reads the version with `hsm show`, then types
 * the era's line; if the appliance does not say a version Rackside speaks, the step is refused and only `hsm show`
 * was sent. A profile's pinned era is used as is. The appliance is the real simulator's shell, in process.
 */
import { describe, expect, it } from 'vitest'
import { createAppliance } from '../../../simulator/appliance/index'
import type { ApplianceCore } from '../../../simulator/appliance/core'
import { settleAdmin } from '../../../simulator/appliance/testkit'
import type { Era } from '../../../simulator/appliance/contract'
import { serviceUnderTest } from './service-under-test'

const SESSION = 's-0123456789abcdef'

async function consoleWithoutBanner(era: Era, options: { pinned?: Era; version?: string } = {}) {
  const appliance = await createAppliance({ serial: '902514', era, eth0Address: '127.0.0.1' })
  const core = (appliance as unknown as { core: ApplianceCore }).core
  settleAdmin(core)
  if (options.version) core.state.software.version = options.version
  const { events, appliances, service } = serviceUnderTest()
  const typed: string[] = []
  // Until Rackside attaches, what the appliance prints goes nowhere: the banner was shown before.
  let sink: (text: string) => void = () => undefined
  const shell = appliance.openShell(
    { write: (t) => sink(t), hangup: () => service.closed(SESSION, 'hung up') },
    { user: 'admin', transport: 'ssh', remoteAddress: '10.0.0.9' },
  )
  await new Promise((r) => setTimeout(r, 200))
  sink = (t) => service.data(SESSION, t)
  service.open({
    appliance: appliances.open(SESSION, {
      client: 'c',
      profileId: 'rack',
      title: 'Rack serial',
      ...(options.pinned === undefined ? {} : { era: options.pinned }),
    }),
    write: (t) => {
      typed.push(t)
      shell.input(t)
    },
    writeSecret: (t) => shell.input(t),
  })
  service.status(SESSION, 'connected')
  // The operator presses Enter: the prompt shows again.
  shell.input('\r')
  await new Promise((r) => setTimeout(r, 100))
  return { service, typed, events, core }
}

describe('a console whose banner Rackside did not see', () => {
  it('reads the version with hsm show first, then types the 4.x line', async () => {
    const { service, typed, events, core } = await consoleWithoutBanner(4)
    expect(service.softwareOf(SESSION)).toMatchObject({ version: null, era: null })
    const result = await service.run('c', {
      sessionId: SESSION,
      commandId: 'network.hostname',
      fields: { hostname: 'ade-luna-sa' },
    })
    expect(result.status, result.reason).toBe('done')
    expect(typed.slice(0, 2)).toEqual(['hsm show\r', 'net hostname ade-luna-sa\r'])
    expect(core.state.network.hostname).toBe('ade-luna-sa')
    expect(events).toContainEqual({
      name: 'session.software',
      payload: { sessionId: SESSION, version: '3.3.0-5', era: 4, pinned: false },
    })
    // Known now: the next step types at once.
    typed.length = 0
    await service.run('c', {
      sessionId: SESSION,
      commandId: 'network.domain',
      fields: { domain: 'example.com' },
    })
    expect(typed[0]).toBe('net domain example.com\r')
  })

  it('types a step that is the same in every era without reading the version', async () => {
    const { service, typed } = await consoleWithoutBanner(6)
    const result = await service.run('c', { sessionId: SESSION, commandId: 'hsm.show', fields: {} })
    expect(result.status).toBe('done')
    // One hsm show: the step's own, not a read of the version before it.
    expect(typed).toEqual(['hsm show\r'])
  })

  it('asks instead of guessing when the appliance names no version Rackside speaks: only hsm show was sent', async () => {
    const { service, typed, core } = await consoleWithoutBanner(6, { version: '2.1.0-4' })
    await expect(
      service.run('c', { sessionId: SESSION, commandId: 'network.hostname', fields: { hostname: 'h1' } }),
    ).rejects.toThrow(
      /it says 2\.1\.0-4, which is no .* era .*Pin the era in the connection profile.*Only hsm show was sent/,
    )
    expect(typed).toEqual(['hsm show\r'])
    expect(core.state.network.hostname).toBeNull()
  })

  it('uses the era the profile pins, without reading anything first', async () => {
    const { service, typed, events } = await consoleWithoutBanner(4, { pinned: 4 })
    expect(events).toContainEqual({
      name: 'session.software',
      payload: { sessionId: SESSION, version: null, era: 4, pinned: true },
    })
    expect(
      service.preview('network.hostname', { hostname: 'h1' }, { client: 'c', sessionId: SESSION }),
    ).toMatchObject({
      command: 'net hostname h1',
      era: 4,
    })
    // Another client's console is not this one: its era is not used.
    expect(
      service.preview('network.hostname', { hostname: 'h1' }, { client: 'x', sessionId: SESSION }),
    ).toMatchObject({
      command: 'network hostname h1',
    })
    const result = await service.run('c', {
      sessionId: SESSION,
      commandId: 'network.hostname',
      fields: { hostname: 'h1' },
    })
    expect(result.status, result.reason).toBe('done')
    expect(typed[0]).toBe('net hostname h1\r')
  })
})
