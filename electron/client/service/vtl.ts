/**
 * The Luna client tools console: a console tab in which Rackside runs `vtl` visibly, one command at a time, in a
 * pseudo-terminal (node-pty), so the operator sees the command line and everything vtl prints, and can answer
 * it if it asks. The executable is started directly with an argument list (no shell), so no field can add a
 * second command. While nothing runs, typing in the tab is ignored with a one-line note.
 *
 * No secret is ever put on a program's command line or in its environment: any local user can read those while
 * it runs (`ps`, /proc/PID/cmdline). A password goes to the program's own prompt, typed into the terminal.
 */
import type { IPty } from 'node-pty'
import type { ConsoleSession, SessionSink } from '../../sessions'

export interface VtlRun {
  command: string
  exitCode: number
  /** What vtl printed, escape sequences removed, line ends normalised to \n. */
  output: string
  timedOut: boolean
  /** With `secretPrompt`: whether the secret was typed, and whether the program then asked for it again. */
  answered?: boolean
  askedAgain?: boolean
}

/**
 * A secret for the program's own prompt: typed with Enter into the terminal once, when the last line the program
 * printed matches `prompt` (it turns echo off first, as password prompts do; the transcript redacts the secret
 * anyway). A second ask means the answer was refused: the program is stopped rather than answered again,
 * since every answer may spend a login attempt.
 */
export interface SecretPrompt {
  prompt: RegExp
  secret: string
}

export interface ToolsConsole extends ConsoleSession {
  readonly busy: boolean
  readonly ended: boolean
  /** Runs one program in the tab and resolves when it exits. Throws if another one is still running. */
  run(
    file: string,
    args: string[],
    options: {
      cwd: string
      env?: NodeJS.ProcessEnv
      display: string
      timeoutMs?: number
      secretPrompt?: SecretPrompt
    },
  ): Promise<VtlRun>
}

/** Quotes an argument for display only (the command never goes through a shell). */
export function displayArg(arg: string): string {
  return /^[A-Za-z0-9._/:=@+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`
}

// eslint-disable-next-line no-control-regex -- escape sequences are what this removes
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g

export class ToolsBusyError extends Error {
  readonly code = 'busy'
  constructor(running: string) {
    super(
      `"${running}" is still running in the Luna client tools console. Wait for it to finish, then try again.`,
    )
    this.name = 'ToolsBusyError'
  }
}

export async function openToolsConsole(
  sink: SessionSink,
  options: { cols: number; rows: number; title?: string; folder?: string },
): Promise<ToolsConsole> {
  const { spawn } = await import('node-pty')
  let cols = options.cols
  let rows = options.rows
  let current: { pty: IPty; command: string } | undefined
  let ended = false
  let noted = false

  sink.status('connected', 'Luna client tools: Rackside runs vtl here, visibly.')
  sink.data(
    `\x1b[2mLuna client tools console — the vtl commands of the client-side steps run here.${
      options.folder ? `\r\nClient folder: ${options.folder}` : ''
    }\x1b[0m\r\n`,
  )

  const console_: ToolsConsole = {
    title: options.title ?? 'Luna client tools',
    kind: 'local',
    get busy() {
      return current !== undefined
    },
    get ended() {
      return ended
    },
    write(data) {
      if (ended) return
      if (current) return current.pty.write(data)
      if (!noted) {
        noted = true
        sink.data('\r\n\x1b[2m(Nothing is running: the wizard starts each vtl command here.)\x1b[0m\r\n')
      }
    },
    resize(c, r) {
      cols = c
      rows = r
      if (current) current.pty.resize(c, r)
    },
    ack() {
      // vtl prints a few lines: no back-pressure needed.
    },
    close() {
      if (ended) return
      ended = true
      current?.pty.kill()
      sink.status('closed', 'Luna client tools console closed.')
    },
    run(file, args, runOptions) {
      if (ended) return Promise.reject(new Error('The Luna client tools console is closed. Open it again.'))
      if (current) return Promise.reject(new ToolsBusyError(current.command))
      // eslint-disable-next-line no-control-regex -- a control character would end the answer early or edit it
      if (runOptions.secretPrompt && /[\x00-\x1f\x7f]/.test(runOptions.secretPrompt.secret))
        return Promise.reject(
          new Error('The kept password contains a control character, so it cannot be typed at a prompt.'),
        )
      const display = runOptions.display
      sink.data(`\r\n\x1b[1;36m$ ${display}\x1b[0m\r\n`)
      let pty: IPty
      try {
        pty = spawn(file, args, {
          name: 'xterm-256color',
          cols,
          rows,
          cwd: runOptions.cwd,
          env: { ...(runOptions.env ?? process.env), TERM: 'xterm-256color' } as Record<string, string>,
        })
      } catch (error) {
        const message = `Could not start ${file}: ${error instanceof Error ? error.message : String(error)}`
        sink.data(`\x1b[31m${message}\x1b[0m\r\n`)
        return Promise.reject(new Error(message))
      }
      current = { pty, command: display }
      let output = ''
      let timedOut = false
      const asked = runOptions.secretPrompt
      let answered = false
      let askedAgain = false
      /** What the program printed since it was last answered, for finding its prompt on the last line. */
      let since = ''
      return new Promise<VtlRun>((resolve) => {
        const timer = setTimeout(() => {
          timedOut = true
          pty.kill()
        }, runOptions.timeoutMs ?? 60_000)
        pty.onData((data) => {
          if (output.length < 1 << 20) output += data
          if (!ended) sink.data(data)
          if (!asked || askedAgain) return
          since = (since + data).slice(-4096)
          const lastLine =
            since
              .replace(ANSI, '')
              .split(/\r\n|\r|\n/)
              .at(-1) ?? ''
          if (!asked.prompt.test(lastLine)) return
          if (answered) {
            askedAgain = true
            pty.kill()
            return
          }
          answered = true
          since = ''
          pty.write(`${asked.secret}\r`)
        })
        pty.onExit(({ exitCode }) => {
          clearTimeout(timer)
          current = undefined
          const code = timedOut || askedAgain ? -1 : exitCode
          const end = timedOut
            ? 'stopped: no end within the time limit'
            : askedAgain
              ? 'stopped: it asked for the password again'
              : `exit status ${code}`
          if (!ended) sink.data(`\x1b[2m[${end}]\x1b[0m\r\n`)
          resolve({
            command: display,
            exitCode: code,
            output: output.replace(ANSI, '').replace(/\r\n?/g, '\n'),
            timedOut,
            ...(asked ? { answered, askedAgain } : {}),
          })
        })
      })
    },
  }
  return console_
}
