/**
 * `partition changePw` driven by the runner service against the simulator's shell (in process): on PED HSMs the
 * menu is answered with the form's choice (6.x and 7.x menus, 7.x's current Crypto Officer challenge first), a menu
 * that offers something else is not answered, and on a password HSM there is no menu and the password changes.
 */
import { describe, expect, it } from 'vitest'
import { createAppliance } from '../../../simulator/appliance/index'
import type { ApplianceCore } from '../../../simulator/appliance/core'
import type { Era } from '../../../simulator/appliance/contract'
import { hashPassword, verifyPassword } from '../../../simulator/appliance/passwords'
import { settleAdmin } from '../../../simulator/appliance/testkit'
import type { RunnerPromptEvent } from '../../../shared/api'
import { serviceUnderTest } from './service-under-test'

const SESSION = 's-00112233445566aa'
const CHALLENGE = 'Co-Challenge1'

async function partitionConsole(era: Era, hsmAuthentication: 'ped' | 'password') {
  const appliance = await createAppliance({
    serial: '534071',
    era,
    eth0Address: '127.0.0.1',
    hsmAuthentication,
  })
  const core = (appliance as unknown as { core: ApplianceCore }).core
  settleAdmin(core)
  core.state.hsm.initialized = true
  core.state.hsm.label = 'rack'
  core.state.partitions.push({
    name: 'p1',
    serial: '534071001',
    label: 'p1',
    policies: { '22': 1 },
    activated: true,
    objects: 0,
    ...(hsmAuthentication === 'ped'
      ? { pedChallengeHash: hashPassword(CHALLENGE) }
      : { passwordHash: hashPassword(CHALLENGE) }),
  })
  const { events, appliances, service } = serviceUnderTest()
  const typed: string[] = []
  const input: { shell?: { input(data: string): void } } = {}
  service.open({
    appliance: appliances.open(SESSION, { client: 'c', profileId: 'rack', title: 'Rack', era }),
    write: (t) => {
      typed.push(t)
      input.shell?.input(t)
    },
    writeSecret: (t) => input.shell?.input(t),
  })
  service.status(SESSION, 'connected')
  // Attached before the shell starts: the runner sees the banner and the prompt.
  input.shell = appliance.openShell(
    { write: (t) => service.data(SESSION, t), hangup: () => service.closed(SESSION, 'hung up') },
    { user: 'admin', transport: 'ssh', remoteAddress: '10.0.0.9' },
  )
  await new Promise((r) => setTimeout(r, 150))
  const partition = () => core.state.partitions.find((p) => p.name === 'p1')!
  const peds = () =>
    events.filter((e) => e.name === 'runner.prompt' && (e.payload as RunnerPromptEvent).kind === 'ped')
  const changePw = (credential: string, secrets: Record<string, string>) =>
    service.run('c', {
      sessionId: SESSION,
      commandId: 'partition.changePw',
      fields: { partition: 'p1', credential },
      secrets,
    })
  return { core, typed, partition, peds, changePw }
}

describe('partition changePw through the runner', () => {
  for (const era of [6, 7] as const) {
    it(`${era}.x PED HSM: "challenge" answers 2 and sets the new challenge, never on the command line`, async () => {
      const c = await partitionConsole(era, 'ped')
      const result = await c.changePw('challenge', {
        'partition-password': CHALLENGE,
        'partition-new-password': 'N3w-Challenge',
      })
      expect(result.status, result.reason).toBe('done')
      expect(c.typed[0]).toBe('partition changePw -partition p1\r')
      expect(c.typed[1]).toBe('2\r')
      expect(verifyPassword('N3w-Challenge', c.partition().pedChallengeHash ?? '')).toBe(true)
      expect(result.transcript).not.toContain('N3w-Challenge')
    })

    it(`${era}.x PED HSM: "ped-key" answers 1, shows the PED notice, and leaves the challenge`, async () => {
      const c = await partitionConsole(era, 'ped')
      const result = await c.changePw('ped-key', { 'partition-password': CHALLENGE })
      expect(result.status, result.reason).toBe('done')
      expect(c.typed[1]).toBe('1\r')
      expect(c.peds().length).toBe(1)
      expect(verifyPassword(CHALLENGE, c.partition().pedChallengeHash ?? '')).toBe(true)
      if (era === 7) {
        expect(result.facts).toMatchObject({ deactivated: true })
        expect(c.partition().activated).toBe(false)
      }
    })
  }

  it('a password HSM: no menu, the password changes; "ped-key" there answers nothing and changes nothing', async () => {
    const c = await partitionConsole(6, 'password')
    const refused = await c.changePw('ped-key', { 'partition-password': CHALLENGE })
    expect(refused.status).not.toBe('done')
    expect(refused.interactions.some((i) => i.kind === 'password')).toBe(false)
    expect(verifyPassword(CHALLENGE, c.partition().passwordHash ?? '')).toBe(true)
    const result = await c.changePw('challenge', {
      'partition-password': CHALLENGE,
      'partition-new-password': 'N3w-Passw0rd',
    })
    expect(result.status, result.reason).toBe('done')
    expect(verifyPassword('N3w-Passw0rd', c.partition().passwordHash ?? '')).toBe(true)
  })
})
