import type { Shell, ShellOptions, ShellTerminal } from './contract'
import type { CommandIo, CommandTable, SessionInfo } from './commandTable'
import type { ApplianceCore } from './core'
import { formatLastLogin } from './clock'
import { executeLine, PedTimeout, type Execution } from './executor'
import { garble, matchesFault, noisy, OutputStall, truncator, wrongResult } from './faults'
import { Interrupted, LineClosed, LineEditor, type EchoMode } from './lineEditor'
import { hashPassword, passwordWeakness, verifyPassword } from './passwords'
import { authenticate, findUser } from './users'

type OutputFilter = (text: string) => string

/** One interactive lunash session on a terminal (SSH pty or serial line). */
export class LunaShell implements Shell {
  private readonly editor: LineEditor
  private closed = false
  private filter: OutputFilter | undefined
  /** A stalled line (fault): what the shell writes waits behind it. */
  private stall: OutputStall | undefined
  /** ANSI noise (fault) reaches the prompt after the command too. */
  private promptNoise: OutputFilter | undefined
  private interruptCommand: ((error: Interrupted) => void) | undefined

  constructor(
    private readonly app: ApplianceCore,
    private readonly table: CommandTable,
    private readonly terminal: ShellTerminal,
    private readonly options: ShellOptions,
  ) {
    this.editor = new LineEditor(
      (text) => this.write(text),
      () => this.onInterrupt(),
    )
    void this.run().catch((error: unknown) => {
      if (error instanceof LineClosed) return
      // Ctrl-C during the first-login password change abandons the login, as passwd does.
      if (error instanceof Interrupted) return this.hangup('interrupted')
      this.write(`\nInternal error: ${String(error)}\n`)
      this.hangup('internal error')
    })
  }

  input(data: string): void {
    this.editor.input(data)
  }

  resize(): void {}

  close(): void {
    this.closed = true
    this.stall?.cancel()
    this.editor.close()
    this.interruptCommand?.(new Interrupted())
  }

  private write(text: string): void {
    if (this.closed || text.length === 0) return
    const crlf = text.replace(/\r?\n/g, '\r\n')
    if (this.stall) this.stall.write(crlf)
    else this.terminal.write(crlf)
  }

  private print(text: string): void {
    this.write(this.filter ? this.filter(text) : text)
  }

  private hangup(reason: string): void {
    if (this.closed) return
    this.closed = true
    this.stall?.cancel()
    this.editor.close()
    this.terminal.hangup(reason)
  }

  private onInterrupt(): void {
    const interrupt = this.interruptCommand
    if (!interrupt) return
    this.write('^C\n')
    interrupt(new Interrupted())
  }

  /** A promise that rejects when Ctrl-C is pressed, for the duration of one command. */
  private armInterrupt(): Promise<never> {
    const promise = new Promise<never>((_, reject) => {
      this.interruptCommand = reject
    })
    promise.catch(() => {})
    return promise
  }

  private async run(): Promise<void> {
    let user = this.options.user
    if (user === undefined) {
      user = await this.serialLogin()
      if (user === undefined) return
    }
    const account = findUser(this.app.state, user)
    if (!account) return this.hangup('unknown user')
    // A real appliance forces the factory-password change at a password login (PAM's expired-password flow
    // belongs to the password it just checked). A public-key login has no password to change: it goes straight
    // to the prompt, and the change still waits for the next password login.
    // unverified: NOT FOUND in reference (a key login while the factory password is unchanged).
    const mustChange = account.mustChangePassword && this.options.login !== 'publickey'
    if (mustChange && !(await this.forcedPasswordChange(user))) return
    const previous = account.lastLogin
    const now = this.app.now()
    const shown = previous ? new Date(previous.at) : now
    // lastlog says "from <ip>" for network logins and "on <tty>" for the console.
    const where = previous
      ? previous.serial
        ? `on ${previous.from}`
        : `from ${previous.from}`
      : this.options.transport === 'serial'
        ? `on ${this.options.remoteAddress}`
        : `from ${this.options.remoteAddress}`
    this.write(`\nLast login: ${formatLastLogin(shown, this.app.state.time.zone)} ${where}\n`)
    account.lastLogin = {
      at: now.getTime(),
      from: this.options.remoteAddress,
      ...(this.options.transport === 'serial' ? { serial: true } : {}),
    }
    this.app.commit()
    this.write(`\n${this.app.banner()}\n\n${this.app.profile.resultLine(0)}\n`)
    await this.commandLoop({
      user,
      role: account.role,
      remoteAddress: this.options.remoteAddress,
      transport: this.options.transport,
    })
  }

  private async serialLogin(): Promise<string | undefined> {
    const sw = this.app.state.software
    this.write(
      `\n${this.app.profile.product} ${sw.version} [Build Time: ${sw.buildTime}]\n\nAuthorized Use Only\n\n`,
    )
    for (;;) {
      const host = this.app.state.network.hostname ?? 'localhost'
      this.write(`[${host}] ttyS0 login: `)
      const name = await this.readOrRetry('echo')
      if (name === undefined) continue
      if (name === '') continue
      this.write('Password: ')
      const password = await this.readOrRetry('hidden')
      if (password === undefined) continue
      if (authenticate(this.app.state, name, password).ok) return name
      this.write('Login incorrect\n\n')
    }
  }

  /** Reads a line; Ctrl-C gives undefined (start the prompt again). */
  private async readOrRetry(mode: EchoMode): Promise<string | undefined> {
    try {
      return await this.editor.readLine(mode)
    } catch (error) {
      if (error instanceof Interrupted) return undefined
      throw error
    }
  }

  /** The PAM first-login change (S10): current password, then the new one twice, three tries. */
  private async forcedPasswordChange(user: string): Promise<boolean> {
    const account = findUser(this.app.state, user)
    if (!account) return false
    this.write(
      `You are required to change your password immediately (root enforced)\nChanging password for ${user}\n(current) UNIX password: `,
    )
    const current = await this.editor.readLine('hidden')
    if (!verifyPassword(current, account.passwordHash)) {
      // unverified: NOT FOUND in reference (PAM's text for a wrong current password).
      this.write('passwd: Authentication token manipulation error\n')
      this.hangup('password change failed')
      return false
    }
    this.write(
      '\nYou can now choose the new password.\n\n' +
        'A valid password should be a mix of upper and lower case letters,\n' +
        'digits, and other characters. You can use an 8 character long\n' +
        'password with characters from at least 3 of these 4 classes.\n' +
        'An upper case letter that begins the password and a digit that\n' +
        'ends it do not count towards the number of character classes used.\n\n',
    )
    for (let attempt = 0; attempt < 3; attempt++) {
      this.write('Enter new password: ')
      const first = await this.editor.readLine('hidden')
      // unverified: NOT FOUND in reference (the BAD PASSWORD and mismatch lines; standard pam_cracklib text).
      const weakness = first === current ? 'is the same as the old one' : passwordWeakness(first)
      if (weakness) {
        this.write(`BAD PASSWORD: ${weakness}\n`)
        continue
      }
      this.write('Re-type new password: ')
      const second = await this.editor.readLine('hidden')
      if (first !== second) {
        this.write('Sorry, passwords do not match.\n')
        continue
      }
      account.passwordHash = hashPassword(first)
      account.mustChangePassword = false
      this.app.commit()
      return true
    }
    // unverified: NOT FOUND in reference.
    this.write('passwd: Have exhausted maximum number of retries for service\n')
    this.hangup('password change failed')
    return false
  }

  private async commandLoop(session: SessionInfo): Promise<void> {
    const io = this.makeIo()
    while (!this.closed) {
      const prompt = this.app.prompt
      this.write(this.promptNoise ? this.promptNoise(prompt) : prompt)
      this.promptNoise = undefined
      let line: string
      try {
        line = await this.editor.readLine('echo', (typed) => this.table.complete(typed))
      } catch (error) {
        if (error instanceof Interrupted) continue
        throw error
      }
      const faults = this.app.faults
      const resolved = this.table.resolve(line.trim().split(/\s+/))
      const canonical = resolved.kind === 'command' ? resolved.spec.words.join(' ') : ''
      const hits = (pattern: string | undefined): boolean => matchesFault(pattern, line, canonical)
      if (hits(faults.disconnectAtCommand)) return this.hangup(`fault: disconnect at '${line.trim()}'`)
      // A stall still holding output keeps holding this command's output behind it, in order.
      if (this.stall?.done) this.stall = undefined
      if (!this.stall && faults.stallAtCommand && hits(faults.stallAtCommand.command)) {
        const { afterChars, ms } = faults.stallAtCommand
        this.stall = new OutputStall(afterChars, ms, (text) => {
          if (!this.closed) this.terminal.write(text)
        })
      }
      const interrupted = this.armInterrupt()
      if (hits(faults.hangAtCommand)) {
        await interrupted.catch(() => {})
        this.interruptCommand = undefined
        this.print(`\n${this.app.profile.resultLine(65535)}\n`)
        continue
      }
      const truncate =
        faults.truncateAtCommand && hits(faults.truncateAtCommand.command)
          ? faults.truncateAtCommand
          : undefined
      const filters: OutputFilter[] = []
      if (truncate) filters.push(truncator(truncate.chars))
      const garbling = !truncate && hits(faults.garbleCommand)
      if (garbling) filters.push(garble)
      const noise =
        faults.noiseAtCommand && hits(faults.noiseAtCommand.command)
          ? noisy(faults.noiseAtCommand.kind, faults.noiseAtCommand.seed)
          : undefined
      if (noise) filters.push(noise)
      if (noise && faults.noiseAtCommand?.kind === 'ansi') this.promptNoise = noise
      const during =
        faults.disconnectDuringCommand && hits(faults.disconnectDuringCommand.command)
          ? this.dropAfter(faults.disconnectDuringCommand.afterChars, line)
          : undefined
      if (during) filters.push(during.filter)
      this.filter = filters.length ? (text) => filters.reduce((t, f) => f(t), text) : undefined
      const lying = hits(faults.wrongResultAtCommand)
      const exec: Execution = {
        app: this.app,
        table: this.table,
        io,
        session,
        interrupted,
        hangup: (reason) => this.hangup(reason),
        printResult: (text) => {
          // A drop armed for this command that its output never reached happens before the result line.
          if (during && !this.closed) during.now()
          const shown = lying ? wrongResult(text) : text
          // Line noise replaces the output, not the result line a runner waits for.
          if (garbling) this.write(shown)
          else this.print(shown)
        },
      }
      const result = await executeLine(line, exec)
      this.filter = undefined
      // A stall whose point this command's output never reached does not hit a later command.
      this.stall?.settle()
      if (result === 'closed') return
      if (hits(faults.disconnectAfterCommand) && !this.closed)
        return this.hangup(`fault: disconnect after '${line.trim()}'`)
      if (truncate && !this.closed) {
        // The prompt never comes; only Ctrl-C gets the shell back.
        await this.armInterrupt().catch(() => {})
      }
      this.interruptCommand = undefined
    }
  }

  /** An output filter that passes `chars` characters and then drops the line; `now()` drops it at once. */
  private dropAfter(chars: number, line: string): { filter: OutputFilter; now(): void } {
    let remaining = chars
    const drop = (): void => this.hangup(`fault: disconnect during '${line.trim()}'`)
    return {
      filter: (text) => {
        if (remaining <= 0) return ''
        const kept = text.slice(0, remaining)
        remaining -= text.length
        // The characters before the drop still go out; the shell hangs up once they are written.
        if (remaining <= 0) queueMicrotask(drop)
        return kept
      },
      now: drop,
    }
  }

  private makeIo(): CommandIo {
    const ask = async (text: string, mode: EchoMode = 'mask'): Promise<string> => {
      this.print(text)
      return this.editor.readLine(mode)
    }
    return {
      interactive: true,
      print: (text) => this.print(text),
      ask,
      confirm: async (text) => (await ask(text, 'echo')).trim().toLowerCase() === 'proceed',
      ped: async (instruction) => {
        this.print(`${instruction}\n`)
        const faults = this.app.faults
        if (faults.pedDelayMs) await this.sleep(faults.pedDelayMs)
        if (faults.pedTimeout) throw new PedTimeout('PED timeout')
      },
    }
  }

  /** Waits, unless Ctrl-C or the line closing comes first. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, ms)
      const previous = this.interruptCommand
      this.interruptCommand = (error) => {
        clearTimeout(timer)
        reject(error)
        previous?.(error)
      }
    })
  }
}
