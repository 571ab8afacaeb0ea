import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type ApplianceHandle, type Simulator } from '../index'
import { expectSsh, firstLogin, OpenSshClient, removeDir } from './openssh'

const ADMIN = 'Rack-side-2026'

describe('changing the interface address restarts networking', () => {
  let sim: Simulator
  let hsm: ApplianceHandle
  let admin: OpenSshClient

  beforeAll(async () => {
    sim = await startSimulator({ era: 6 })
    hsm = sim.appliances[0]!
    admin = new OpenSshClient(hsm, 'PASSWORD')
    expect((await firstLogin(admin, hsm.ssh.port, ADMIN)).code).toBe(0)
  })

  afterAll(async () => {
    await sim?.stop()
    admin?.dispose()
    removeDir(sim.clientRoot)
  })

  it('drops the SSH session on the old address and, for an address outside loopback, keeps listening where it was', async () => {
    const session = await expectSsh(admin, hsm.ssh.port, ADMIN, [
      {
        expect: '] lunash:>',
        send: 'network interface -device eth0 -ip 10.20.30.40 -netmask 255.255.255.0 -gateway 10.20.30.1',
      },
      { expect: "type 'proceed'", send: 'proceed' },
      { expect: 'Restarting network service' },
    ])
    // The session ended by itself (expect saw eof): the appliance dropped it.
    expect(session.code, session.stdout).toBe(0)
    expect(hsm.ssh.host).toBe('127.0.0.1')
    const again = await admin.exec('network show')
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).toContain('10.20.30.40')
  })
})
