/** A simulated appliance for one describe block, driven from outside with the real OpenSSH client. */
import { afterAll, beforeAll, expect } from 'vitest'
import { startSimulator, type Simulator } from '../index'
import { firstLogin, OpenSshClient, removeDir, tempDir } from './openssh'

export interface OpenSshAppliance {
  sim: Simulator
  /** admin's client: the factory password, or `newPassword` once the first login changed it. */
  client: OpenSshClient
  /** A scratch folder for files copied to and from the appliance. */
  work: string
}

/**
 * Starts the simulator before the block's tests and stops it (client, work folder, client root) after them.
 * With `newPassword` the forced first-login change is done first, as most tests need a usable admin.
 */
export function openSshAppliance(options: {
  era: NonNullable<Parameters<typeof startSimulator>[0]>['era']
  workPrefix: string
  newPassword?: string
}): OpenSshAppliance {
  const at = {} as OpenSshAppliance
  beforeAll(async () => {
    at.sim = await startSimulator({ era: options.era })
    at.client = new OpenSshClient(at.sim.appliances[0]!, 'PASSWORD')
    at.work = tempDir(options.workPrefix)
    if (options.newPassword !== undefined) {
      const login = await firstLogin(at.client, at.sim.appliances[0]!.ssh.port, options.newPassword)
      expect(login.code, login.stdout).toBe(0)
    }
  })
  afterAll(async () => {
    await at.sim?.stop()
    at.client?.dispose()
    if (at.work) removeDir(at.work)
    if (at.sim) removeDir(at.sim.clientRoot)
  })
  return at
}
