/**
 * A local terminal (node-pty) for the client-side tools (vtl, lunacm, cmu): the operator's shell, started in
 * the Luna client folder when one is known, else in the home folder. Output goes through the same pipeline
 * as the other consoles; back-pressure pauses the pty.
 */
import { existsSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import type { IPty } from 'node-pty'
import { RacksideError } from '../../shared/api'
import type { ConsoleSession, SessionSink } from './session'
import { outputPipeline } from './stages'

export interface LocalSessionOptions {
  cols: number
  rows: number
  /** The folder to start in; falls back to the home folder when missing. */
  cwd?: string
  shell?: string
  args?: string[]
  title?: string
  env?: NodeJS.ProcessEnv
}

export function defaultShell(platform = process.platform, env = process.env): string {
  if (platform === 'win32') return env.COMSPEC || 'powershell.exe'
  return env.SHELL || '/bin/bash'
}

const isDir = (path: string | undefined): path is string => {
  try {
    return !!path && existsSync(path) && statSync(path).isDirectory()
  } catch {
    return false
  }
}

export async function openLocalSession(
  options: LocalSessionOptions,
  sink: SessionSink,
): Promise<ConsoleSession> {
  const { spawn } = await import('node-pty')
  const cwd = isDir(options.cwd) ? options.cwd : homedir()
  const shell = options.shell ?? defaultShell()
  let pty: IPty
  try {
    pty = spawn(shell, options.args ?? [], {
      name: 'xterm-256color',
      cols: options.cols,
      rows: options.rows,
      cwd,
      env: { ...(options.env ?? process.env), TERM: 'xterm-256color' } as Record<string, string>,
    })
  } catch (error) {
    throw new RacksideError({
      code: 'connection-failed',
      message: `Could not start ${shell} in ${cwd}: ${(error as Error).message}`,
    })
  }
  let ended = false
  let closedByUser = false
  const output = outputPipeline({
    emit: (text) => sink.data(text),
    pause: () => pty.pause(),
    resume: () => pty.resume(),
  })
  pty.onData((data) => output.pushText(data))
  pty.onExit(({ exitCode, signal }) => {
    if (ended) return
    ended = true
    output.end()
    sink.status(
      'closed',
      closedByUser
        ? 'Local terminal closed.'
        : `The shell exited${signal ? ` on signal ${signal}` : ` with status ${exitCode}`}.`,
    )
    output.dispose()
  })
  sink.status(
    'connected',
    `Local terminal in ${cwd}${options.cwd && cwd !== options.cwd ? ` (${options.cwd} not found)` : ''}.`,
  )
  return {
    title: options.title ?? `Local terminal`,
    kind: 'local',
    write: (data) => {
      if (!ended) pty.write(data)
    },
    resize: (cols, rows) => {
      if (!ended) pty.resize(cols, rows)
    },
    ack: (chars) => output.ack(chars),
    close() {
      if (ended) return
      closedByUser = true
      pty.kill()
    },
    tap: (listener) => output.tap(listener),
  }
}
