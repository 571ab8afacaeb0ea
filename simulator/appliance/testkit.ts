/** Test helpers: an appliance with a collecting terminal, driven the way a person types. */
import type { ApplianceContract, ApplianceOptions, Shell, ShellOptions } from './contract'
import type { ApplianceCore } from './core'
import { createAppliance } from './index'
import { hashPassword } from './passwords'

export interface Harness {
  appliance: ApplianceContract
  core: ApplianceCore
}

export async function makeAppliance(options: Partial<ApplianceOptions> = {}): Promise<Harness> {
  const appliance = await createAppliance({ serial: '157541', era: 5, eth0Address: '127.0.0.1', ...options })
  return { appliance, core: (appliance as unknown as { core: ApplianceCore }).core }
}

/** Skips the first-login change: the admin password is already `Admin123!`. */
export function settleAdmin(core: ApplianceCore, password = 'Admin123!'): void {
  const admin = core.state.users.find((u) => u.name === 'admin')
  if (!admin) throw new Error('no admin')
  admin.passwordHash = hashPassword(password)
  admin.mustChangePassword = false
}

export class TestTerminal {
  raw = ''
  hungUp: string | undefined
  shell!: Shell

  write(text: string): void {
    this.raw += text
  }

  hangup(reason: string): void {
    this.hungUp = reason
  }

  /** Output with CRLF as LF, backspace-erasures left in. */
  get text(): string {
    return this.raw.replace(/\r\n/g, '\n')
  }

  /** Waits until the output stops changing (the shell is waiting for input or done). */
  async settle(quietMs = 15, maxMs = 10_000): Promise<void> {
    const started = Date.now()
    let last = -1
    while (Date.now() - started < maxMs) {
      if (this.raw.length === last) return
      last = this.raw.length
      await new Promise((resolve) => setTimeout(resolve, quietMs))
    }
  }

  async type(text: string): Promise<void> {
    this.shell.input(text)
    await this.settle()
  }

  /** Types each line followed by Enter, waiting for the shell after each. */
  async lines(...lines: string[]): Promise<void> {
    for (const line of lines) await this.type(`${line}\r`)
  }

  /** Output since the mark; call mark() before the part of a transcript you want. */
  private from = 0
  mark(): void {
    this.from = this.raw.length
  }

  get sinceMark(): string {
    return this.raw.slice(this.from).replace(/\r\n/g, '\n')
  }
}

export async function openSession(
  appliance: ApplianceContract,
  options: Partial<ShellOptions> = {},
): Promise<TestTerminal> {
  const terminal = new TestTerminal()
  terminal.shell = appliance.openShell(terminal, {
    user: 'admin',
    transport: 'ssh',
    remoteAddress: '10.1.1.1',
    ...options,
  })
  await terminal.settle()
  return terminal
}

/** Whitespace at line ends never matters (the reference does not keep it). */
export function trimLines(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
}

/**
 * For sources whose rendering collapsed whitespace (marked in the reference): runs of spaces become one,
 * blank lines go, and the unspaced `Command Result:` of some docs is read as the spaced form.
 */
export function collapse(text: string): string {
  return text
    .replace(/Command Result:/g, 'Command Result :')
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trim())
    .filter((l) => l !== '')
    .join('\n')
}

/** Runs `lines` and returns what a screen shows from the current prompt on: the prompt, echoes and output. */
export async function replay(terminal: TestTerminal, ...lines: string[]): Promise<string> {
  const before = terminal.text
  const prompt = before.slice(before.lastIndexOf('\n') + 1)
  terminal.mark()
  await terminal.lines(...lines)
  return prompt + terminal.sinceMark
}
