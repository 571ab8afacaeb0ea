import { expect } from 'vitest'
import type { ApplianceHandle } from '../index'
import { firstLogin, OpenSshClient, run, type Run } from './openssh'

export const ADMIN_PASSWORD = 'Rack-side-2026'
export const SO_PASSWORD = 'S0-Passw0rd!'
export const DOMAIN = 'Cl0ning-Domain'
export const PARTITION_PASSWORD = 'Part-Passw0rd1'

/** A one-shot lunash command over OpenSSH that must succeed. */
export async function lunash(client: OpenSshClient, command: string): Promise<Run> {
  const result = await client.exec(command)
  expect(result.stdout, `${command}\n${result.stdout}${result.stderr}`).toContain(
    'Command Result : 0 (Success)',
  )
  return result
}

/**
 * An appliance with the admin password changed, an initialised HSM (SO logged in) and partitions, set up only
 * through OpenSSH one-shot commands.
 */
export async function provisionHsm(handle: ApplianceHandle, partitions: string[]): Promise<OpenSshClient> {
  const client = new OpenSshClient(handle, 'PASSWORD')
  const login = await firstLogin(client, handle.ssh.port, ADMIN_PASSWORD)
  expect(login.code, login.stdout).toBe(0)
  await lunash(client, `hsm init -label simHSM -password ${SO_PASSWORD} -domain ${DOMAIN} -force`)
  await lunash(client, `hsm login -password ${SO_PASSWORD}`)
  for (const name of partitions) {
    await lunash(
      client,
      `partition create -partition ${name} -password ${PARTITION_PASSWORD} -domain ${DOMAIN} -force`,
    )
  }
  return client
}

/** `vtl <args>` through the launcher the simulator printed. */
export function vtl(vtlPath: string, args: string[]): Promise<Run> {
  return run(vtlPath, args, { timeoutMs: 30_000 })
}
