import type { CommandTable } from './commandTable'
import type { SshLogin } from './contract'
import type { ApplianceCore } from './core'
import { executeLine, NoInput, PedTimeout } from './executor'
import { findUser } from './users'

/**
 * `ssh admin@hsm "hsm show"`: the banner, then the command's output and its Command Result line. Nothing can
 * answer a prompt, so commands that ask fail unless given -force. Output uses bare LF: there is no pty.
 */
export async function runOneShot(
  app: ApplianceCore,
  table: CommandTable,
  user: string,
  commandLine: string,
  remoteAddress: string,
  login: SshLogin = 'password',
): Promise<{ output: string; exitCode: number }> {
  const account = findUser(app.state, user)
  let output = ''
  const print = (text: string): void => {
    output += text
  }
  if (!account) return { output: 'Permission denied\n', exitCode: 1 }
  // Only a password login meets the forced change (see LunaShell.run).
  if (account.mustChangePassword && login === 'password') {
    // unverified: NOT FOUND in reference (a one-shot command before the first-login password change).
    print('You are required to change your password immediately (root enforced)\n')
    return { output, exitCode: 1 }
  }
  print(`${app.banner()}\n`)
  const result = await executeLine(commandLine, {
    app,
    table,
    session: { user, role: account.role, remoteAddress, transport: 'exec' },
    // `exit` in a one-shot command: the channel closes when the command returns anyway.
    hangup: () => {},
    interrupted: new Promise<never>(() => {}),
    io: {
      interactive: false,
      print,
      ask: async (text) => {
        print(text)
        throw new NoInput()
      },
      confirm: async (text) => {
        print(text)
        throw new NoInput()
      },
      ped: async (instruction) => {
        print(`${instruction}\n`)
        const faults = app.faults
        if (faults.pedDelayMs) await new Promise((resolve) => setTimeout(resolve, faults.pedDelayMs))
        if (faults.pedTimeout) throw new PedTimeout('PED timeout')
      },
    },
  })
  return { output, exitCode: result === 'success' || result === 'empty' ? 0 : 1 }
}
