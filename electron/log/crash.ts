/**
 * What a crash leaves behind: an uncaught exception, a rejected promise nobody awaited, a renderer or helper
 * process that died. Each becomes one line in the app log, so "it just closed" has an answer afterwards.
 */
import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { redact } from '../vault/redact'
import { LOG_FILE, type AppLog } from './app-log'

/** The part of `process` the handlers need (a test passes an EventEmitter). */
export interface CrashableProcess {
  on(event: 'uncaughtException', listener: (error: Error) => void): unknown
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown
  exit(code: number): never
}

/**
 * Logs an uncaught exception, synchronously (the process is about to end, an async write would be lost), then
 * exits with 1 as Node would. A rejected promise nobody awaited is logged and the app goes on: one failed
 * background task must not cut every open console.
 */
export function installCrashHandlers(log: AppLog, proc: CrashableProcess = process): void {
  proc.on('uncaughtException', (error) => {
    try {
      const stack = redact(error.stack ?? `${error.name}: ${error.message}`)
      appendFileSync(
        join(log.dir, LOG_FILE),
        `${JSON.stringify({ level: 'fatal', time: new Date().toISOString(), pid: process.pid, msg: 'uncaught-exception', error: { name: error.name, message: redact(error.message), stack } })}\n`,
      )
    } finally {
      proc.exit(1)
    }
  })
  proc.on('unhandledRejection', (reason) => log.error('unhandled-rejection', reason))
}

/** Electron's account of a process that went away (render-process-gone, child-process-gone). */
export interface GoneDetails {
  reason: string
  exitCode: number
  type?: string
  name?: string
  serviceName?: string
}

/** A clean exit is not worth a line; anything else is, with what Electron says about it. */
export function logProcessGone(log: AppLog, what: 'renderer' | 'child', details: GoneDetails): void {
  if (details.reason === 'clean-exit') return
  log.error(`${what}-process-gone`, undefined, {
    reason: details.reason,
    exitCode: details.exitCode,
    type: details.type,
    name: details.name ?? details.serviceName,
  })
}
