/**
 * The Luna client tools console: a console tab in which Rackside runs `vtl` visibly, one command at a time, in a
 * pseudo-terminal (node-pty), so the operator sees the command line and everything vtl prints, and can answer
 * it if it asks. The executable is started directly with an argument list (no shell), so no field can add a
 * second command. While nothing runs, typing in the tab is ignored with a one-line note.
 */
import type { IPty } from 'node-pty'
import type { ConsoleSession, SessionSink } from '../sessions/session'

export interface VtlRun {
  command: string
  exitCode: number
  /** What vtl printed, escape sequences removed, line ends normalised to \n. */
  output: string
  timedOut: boolean
}

export interface ToolsConsole extends ConsoleSession {
  readonly busy: boolean
  readonly ended: boolean
  /** Runs one program in the tab and resolves when it exits. Throws if another one is still running. */
  run(
    file: string,
    args: string[],
    options: { cwd: string; env?: NodeJS.ProcessEnv; display: string; timeoutMs?: number },
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
      return new Promise<VtlRun>((resolve) => {
        const timer = setTimeout(() => {
          timedOut = true
          pty.kill()
        }, runOptions.timeoutMs ?? 60_000)
        pty.onData((data) => {
          if (output.length < 1 << 20) output += data
          if (!ended) sink.data(data)
        })
        pty.onExit(({ exitCode }) => {
          clearTimeout(timer)
          current = undefined
          const code = timedOut ? -1 : exitCode
          if (!ended)
            sink.data(
              `\x1b[2m[${timedOut ? 'stopped: no end within the time limit' : `exit status ${code}`}]\x1b[0m\r\n`,
            )
          resolve({
            command: display,
            exitCode: code,
            output: output.replace(ANSI, '').replace(/\r\n?/g, '\n'),
            timedOut,
          })
        })
      })
    },
  }
  return console_
}
