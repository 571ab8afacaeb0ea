/**
 * The legacy SCP protocol (what `scp -O` speaks) over an exec channel: runs the appliance's `scp -f` / `scp -t .`,
 * times the transfer, and turns what the remote scp printed on stderr into the reason a transfer failed.
 */
import type { ClientChannel } from 'ssh2'
import { ScpProtocolError, ScpRemoteError } from './scp-protocol'
import { PasswordChangeRequiredError, type TransferConnection } from './transfer-connection'

function exec(conn: TransferConnection, command: string): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    conn.client.exec(command, (error, channel) => (error ? reject(error) : resolve(channel)))
  })
}

/** Waits for the remote scp to exit and reports a non-zero status with what it printed on stderr. */
function exitStatus(channel: ClientChannel, stderr: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    let code: number | undefined
    channel.on('exit', (c: number | null) => {
      code = c ?? undefined
    })
    channel.on('close', () => {
      if (code === undefined || code === 0) resolve()
      else
        reject(
          new ScpProtocolError(
            `The appliance's scp ended with status ${code}${stderr() ? `: ${stderr().trim()}` : ''}.`,
          ),
        )
    })
  })
}

export async function withScp<T>(
  conn: TransferConnection,
  command: string,
  timeoutMs: number,
  run: (channel: ClientChannel) => Promise<T>,
): Promise<T> {
  const channel = await exec(conn, command)
  let errText = ''
  channel.stderr.on('data', (d: Buffer) => {
    if (errText.length < 2000) errText += d.toString('utf8')
  })
  const done = exitStatus(channel, () => errText)
  done.catch(() => undefined)
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      channel.close()
      reject(
        new ScpProtocolError(
          `The transfer did not finish within ${Math.round(timeoutMs / 1000)} s. Try again.`,
        ),
      )
    }, timeoutMs)
  })
  try {
    const result = await Promise.race([run(channel), timeout])
    channel.end()
    await Promise.race([done, timeout])
    return result
  } catch (error) {
    channel.close()
    // When the appliance's scp never started, what it printed on stderr says why better than the framing does.
    await Promise.race([done.catch(() => undefined), new Promise((r) => setTimeout(r, 500))])
    const said = errText.trim()
    if (/password (has )?expired|password change required/i.test(said))
      throw new PasswordChangeRequiredError(conn.user)
    if (said && error instanceof ScpProtocolError && /closed the transfer/.test(error.message))
      throw new ScpRemoteError(said.split('\n')[0]!.replace(/^scp:\s*/, ''), 'copy the file')
    throw error
  } finally {
    clearTimeout(timer)
  }
}
