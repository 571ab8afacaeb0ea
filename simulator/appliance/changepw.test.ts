/**
 * `partition changePw` as the lunash references show it: a menu on PED HSMs without -oldpw/-newpw (6.0, 7.x),
 * the current Crypto Officer challenge first on 7.x, `'partition -changePw' successful.` with -oldpw/-newpw (6.0).
 */
import { describe, expect, it } from 'vitest'
import type { Era } from './contract'
import { hashPassword, verifyPassword } from './passwords'
import { makeAppliance, openSession, settleAdmin } from './testkit'

async function pedPartition(era: Era) {
  const h = await makeAppliance({ era, hsmAuthentication: 'ped' })
  settleAdmin(h.core)
  const t = await openSession(h.appliance)
  await t.lines('hsm init -label rack', 'proceed', 'hsm login', 'partition create -partition p1', 'proceed')
  const partition = () => h.core.state.partitions.find((p) => p.name === 'p1')!
  let challenge = /displays the partition password: (\S+)\)/.exec(t.text)?.[1]
  if (era === 7) {
    // 7.x partitions get their Crypto Officer and its challenge in lunacm, which the simulator has not: set it.
    challenge = 'Co-Challenge1'
    partition().pedChallengeHash = hashPassword(challenge)
  }
  if (!challenge) throw new Error('no challenge shown')
  t.mark()
  return { ...h, t, challenge, partition }
}

describe('partition changePw on a PED HSM', () => {
  it('6.x: shows the menu; 2 changes the challenge after the current one', async () => {
    const { t, challenge, partition } = await pedPartition(6)
    await t.lines('partition changePw -partition p1')
    expect(t.sinceMark).toContain(
      'Which part of the partition password do you wish to change?\n1. change partition owner (black) PED key\n2. change the challenge',
    )
    expect(t.sinceMark).toMatch(/0\. abort command\n\nPlease select one of the above options: $/)
    await t.lines('2', challenge, 'NewChallenge1', 'NewChallenge1')
    expect(t.sinceMark).toContain("'partition changePw' successful.")
    expect(verifyPassword('NewChallenge1', partition().pedChallengeHash ?? '')).toBe(true)
  })

  it('6.x: 1 changes the black PED key and leaves the challenge', async () => {
    const { t, challenge, partition } = await pedPartition(6)
    await t.lines('partition changePw -partition p1', '1')
    expect(t.sinceMark).toContain('Luna PED operation required to change partition PED data')
    expect(t.sinceMark).toContain('Command Result : 0 (Success)')
    expect(verifyPassword(challenge, partition().pedChallengeHash ?? '')).toBe(true)
  })

  it('0 aborts and changes nothing', async () => {
    const { t, challenge, partition } = await pedPartition(6)
    await t.lines('partition changePw -partition p1', '0')
    expect(t.sinceMark).toContain('Command Result : 65535')
    expect(verifyPassword(challenge, partition().pedChallengeHash ?? '')).toBe(true)
  })

  it('7.x: asks for the current Crypto Officer challenge, then the PED, and deactivates the role', async () => {
    const { t, challenge } = await pedPartition(7)
    await t.lines('partition changePw -partition p1')
    expect(t.sinceMark).toContain(
      '  1.  change partition PED key data for Crypto Officer\n  2.  change the challenge for Crypto Officer\n  0.  abort command\n\n  Please select one of the above options: ',
    )
    await t.lines('1')
    expect(t.sinceMark).toMatch(/Please enter the current Crypto Officer's challenge:\n {2}> $/)
    await t.lines(challenge)
    expect(t.sinceMark).toContain(
      "Luna PED operation required to change partition PED data - use Crypto Officer PED key.\nWarning: PED key change has caused Crypto Officer role deactivation. Please use 'partition activate' to re-activate.\n\nCommand Result : 0 (Success)",
    )
  })

  it('7.x: a wrong current challenge fails and changes nothing', async () => {
    const { t, challenge, partition } = await pedPartition(7)
    await t.lines('partition changePw -partition p1', '2', 'wrong-one')
    expect(t.sinceMark).toContain('LUNA_RET_UM_PIN_INCORRECT')
    expect(verifyPassword(challenge, partition().pedChallengeHash ?? '')).toBe(true)
  })

  it('6.0 with -oldpw/-newpw changes the challenge, as the HID guide does, and says so the 6.0 way', async () => {
    const { t, challenge, partition } = await pedPartition(6)
    await t.lines(`partition changePw -partition p1 -newpw 12365478 -oldpw ${challenge}`)
    expect(t.sinceMark).toContain(
      "Luna PED operation required to activate partition on HSM - use User or Partition Owner (black) PED Key.\n'partition -changePw' successful.\n \n\nCommand Result : 0 (Success)",
    )
    expect(verifyPassword('12365478', partition().pedChallengeHash ?? '')).toBe(true)
  })
})

describe('partition changePw on a password HSM', () => {
  it('asks the current password and the new one twice; no menu', async () => {
    const h = await makeAppliance({ era: 6 })
    settleAdmin(h.core)
    const t = await openSession(h.appliance)
    await t.lines('hsm init -label rack', 'S0-Passw0rd', 'S0-Passw0rd', 'dom', 'dom', 'proceed')
    await t.lines('hsm login', 'S0-Passw0rd', 'partition create -partition p1')
    await t.lines('Par-Passw0rd', 'Par-Passw0rd', 'pdom', 'pdom', 'proceed')
    t.mark()
    await t.lines('partition changePw -partition p1', 'Par-Passw0rd', 'N3w-Passw0rd', 'N3w-Passw0rd')
    expect(t.sinceMark).not.toContain('Which part')
    expect(t.sinceMark).toContain("'partition changePw' successful.")
    const p = h.core.state.partitions.find((x) => x.name === 'p1')!
    expect(verifyPassword('N3w-Passw0rd', p.passwordHash ?? '')).toBe(true)
  })
})
