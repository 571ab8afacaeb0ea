/**
 * The appliance's first-login password change over SSH, through the command runner, as on a fresh appliance:
 * logs in as admin with the factory password and sets `newPassword`.
 */
import { Client, type ClientChannel } from 'ssh2'
import { streamChannel } from '../../electron/runner/channel'
import { CommandRunner } from '../../electron/runner/runner'
import { firstLoginPasswordChange } from '../../shared/lunash/commands'

export async function changeFactoryPassword(
  ssh: { host: string; port: number },
  newPassword: string,
): Promise<void> {
  const client = new Client()
  await new Promise<void>((resolve, reject) =>
    client
      .on('ready', () => resolve())
      .on('error', reject)
      .connect({ host: ssh.host, port: ssh.port, username: 'admin', password: 'PASSWORD' }),
  )
  try {
    const stream = await new Promise<ClientChannel>((resolve, reject) =>
      client.shell({ term: 'vt100' }, (e, s) => (e ? reject(e) : resolve(s))),
    )
    const runner = new CommandRunner(streamChannel(stream))
    await new Promise((r) => setTimeout(r, 300))
    const result = await runner.run(
      firstLoginPasswordChange,
      {},
      {
        confirm: async () => ({ proceed: false }),
        secret: async (r) => (r.secret === 'appliance-current-password' ? 'PASSWORD' : newPassword),
        ped: () => undefined,
      },
    )
    if (result.status !== 'done') throw new Error(result.reason)
  } finally {
    client.end()
  }
}
