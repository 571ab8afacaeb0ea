import { describe, expect, it } from 'vitest'
import { RacksideError } from '../../shared/api'
import { LiveAppliances, type KeptPasswords } from './live-appliance'

/** A keychain holding one admin password, for the profile 'rack-7'. */
const keychain: KeptPasswords = {
  lookup: async (account) => (account.applianceId === 'rack-7' ? 'Kept-Admin-1' : undefined),
}
const target = { host: '10.0.0.7', port: 22, hostKeyFingerprint: 'SHA256:abc' }

describe('LiveAppliance', () => {
  it('speaks the era the profile pins, else the one of the version the appliance printed', () => {
    const appliances = new LiveAppliances(keychain)
    const unpinned = appliances.open('s-1', { client: 'w', profileId: 'rack-7', title: 'Rack 7' })
    expect(unpinned.era).toBeUndefined()
    expect(unpinned.learnVersion('6.2.2-5')).toBe(true)
    expect(unpinned.learnVersion('6.2.2-5')).toBe(false)
    expect(unpinned.era).toBe(6)
    const pinned = appliances.open('s-2', { client: 'w', profileId: 'rack-8', title: 'Rack 8', era: 4 })
    pinned.learnVersion('7.8.4')
    expect(pinned.era).toBe(4)
    expect(pinned.eraPinned).toBe(true)
  })

  it('keeps what the appliance said across a reconnection of the same console, and forgets it when it ends', () => {
    const appliances = new LiveAppliances(keychain)
    const first = appliances.open('s-1', { client: 'w', profileId: 'rack-7', title: 'Rack 7' })
    first.learnVersion('7.8.4')
    first.name = 'rack7'
    appliances.closed('s-1', true)
    expect(() => appliances.mine('w', 's-1')).toThrow(/closed/)
    const again = appliances.open('s-1', { client: 'w', profileId: 'rack-7', title: 'Rack 7', target })
    expect(again).toBe(first)
    expect(again.era).toBe(7)
    expect(again.name).toBe('rack7')
    expect(appliances.mine('w', 's-1').target).toEqual(target)
    appliances.closed('s-1')
    expect(appliances.get('s-1')).toBeUndefined()
  })

  it("answers only the window that opened the console, with a 'not-found' the operator can act on", () => {
    const appliances = new LiveAppliances(keychain)
    appliances.open('s-1', { client: 'window-a', profileId: 'rack-7', title: 'Rack 7' })
    const refused = (() => {
      try {
        appliances.mine('window-b', 's-1')
      } catch (error) {
        return error
      }
    })()
    expect(refused).toBeInstanceOf(RacksideError)
    expect((refused as RacksideError).code).toBe('not-found')
    expect((refused as Error).message).toMatch(/Connect again/)
  })

  it('describes its verified address, else the address and key remembered for its saved profile', () => {
    const appliances = new LiveAppliances(keychain)
    const remembered: { key?: typeof target } = {}
    const saved = appliances.open('s-1', {
      client: 'w',
      profileId: 'rack-7',
      title: 'Rack 7',
      remembered: () => remembered.key,
    })
    expect(saved.describe()).toEqual({ profileId: 'rack-7', title: 'Rack 7' })
    // The operator accepts and remembers the key after the console opened: the next question sees it.
    remembered.key = target
    expect(saved.describe()).toEqual({ profileId: 'rack-7', title: 'Rack 7', target })
    const demo = appliances.open('s-2', {
      client: 'w',
      profileId: 'demo',
      title: 'Demo',
      target: { ...target, host: '127.0.0.1' },
      remembered: () => target,
    })
    expect(demo.describe().target?.host).toBe('127.0.0.1')
  })

  it('looks up the admin password the keychain keeps for its own profile only', async () => {
    const appliances = new LiveAppliances(keychain)
    expect(
      await appliances.open('s-1', { client: 'w', profileId: 'rack-7', title: 'R7' }).adminPassword(),
    ).toBe('Kept-Admin-1')
    expect(
      await appliances.open('s-2', { client: 'w', profileId: 'rack-8', title: 'R8' }).adminPassword(),
    ).toBe(undefined)
    expect(await appliances.keptAdminPassword('rack-7')).toBe('Kept-Admin-1')
  })

  it('follows its appliance to a new address only where its profile can, and uses an armed plan once', () => {
    const appliances = new LiveAppliances(keychain)
    const serial = appliances.open('s-1', { client: 'w', profileId: 'rack-serial', title: 'Serial' })
    expect(serial.followPlan()).toBeUndefined()
    const saved = appliances.open('s-2', {
      client: 'w',
      profileId: 'rack-7',
      title: 'Rack 7',
      follows: { profileName: 'Rack 7' },
    })
    expect(saved.followPlan()).toEqual({ profileName: 'Rack 7' })
    saved.armFollow({ address: '10.0.0.8', password: undefined, saveProfile: true })
    expect(saved.followArmed).toBe(true)
    expect(saved.takeFollow()).toEqual({ address: '10.0.0.8', password: undefined, saveProfile: true })
    expect(saved.takeFollow()).toBeUndefined()
    saved.armFollow({ address: '10.0.0.9', password: undefined, saveProfile: false })
    saved.disarmFollow()
    expect(saved.takeFollow()).toBeUndefined()
  })
})
