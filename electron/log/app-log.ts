/**
 * The app log: one JSON line per event (pino) in `rackside.log` in the log folder, rotated by size as logrotate
 * does (rackside.log.1 is the newest old one). What goes in is what an administrator or a support engineer needs
 * to tell what happened (a console opened or dropped, a request refused, a crash), never console output: every
 * string passes through the vault's redaction first, so a secret Rackside knows cannot reach the file.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import pino, { type Logger } from 'pino'
import { createStream } from 'rotating-file-stream'
import { redact } from '../vault/redact'

export const LOG_FILE = 'rackside.log'

/** Plain facts beside an event; strings are redacted, nothing else is accepted. */
export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>

export interface AppLog {
  /** The folder the log is in ("Open log folder"). */
  readonly dir: string
  info(event: string, fields?: LogFields): void
  warn(event: string, fields?: LogFields): void
  /** An event caused by an error: its name, message and stack are kept, redacted. */
  error(event: string, error?: unknown, fields?: LogFields): void
  /** Writes what is buffered and closes the file. */
  close(): Promise<void>
}

export interface AppLogOptions {
  dir: string
  /** Rotate when the file reaches this size (default 5 MiB). */
  maxBytes?: number
  /** How many rotated files to keep besides the live one (default 4). */
  keep?: number
  /** Where a line goes when the file cannot be written (default: standard error). */
  fallback?: (line: string) => void
}

/** A log that writes nothing: for tests and tools that were given none. */
export const silentLog: AppLog = {
  dir: '',
  info() {},
  warn() {},
  error() {},
  async close() {},
}

function cleanFields(fields: LogFields | undefined): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {}
  for (const [key, value] of Object.entries(fields ?? {})) {
    if (value === undefined) continue
    out[key] = typeof value === 'string' ? redact(value) : value
  }
  return out
}

function describeError(error: unknown): { name: string; message: string; stack?: string; code?: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code
    return {
      name: error.name,
      message: redact(error.message),
      ...(error.stack ? { stack: redact(error.stack) } : {}),
      ...(typeof code === 'string' ? { code } : {}),
    }
  }
  return { name: typeof error, message: redact(String(error)) }
}

/**
 * Opens the log. Never throws: where the folder cannot be made (a file in its place, no permission) it says so
 * once through `fallback` and hands back a log that writes nothing, since the consoles matter more than the log.
 */
export function createAppLog(options: AppLogOptions): AppLog {
  const keep = options.keep ?? 4
  const fallback =
    options.fallback ?? ((line: string) => void process.stderr.write(`rackside log: ${line}\n`))
  try {
    mkdirSync(options.dir, { recursive: true })
  } catch (error) {
    fallback(
      `cannot create the log folder ${options.dir} (${(error as Error).message}); the app goes on without its log`,
    )
    return { ...silentLog, dir: options.dir }
  }
  const stream = createStream((index) => (index ? `${LOG_FILE}.${index}` : LOG_FILE), {
    path: options.dir,
    size: `${Math.max(1024, options.maxBytes ?? 5 * 1024 * 1024)}B`,
    rotate: keep,
  })
  // A full disk or a vanished folder must not take the app down with it: say so once, where someone may see it.
  let failed = false
  stream.on('error', (error: Error) => {
    if (failed) return
    failed = true
    fallback(
      `cannot write ${join(options.dir, LOG_FILE)} (${error.message}); the app goes on without its log`,
    )
  })
  const logger: Logger = pino(
    {
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // The fields were redacted one by one; this catches a secret registered between then and now.
      hooks: { streamWrite: (line) => redact(line) },
    },
    stream,
  )
  return {
    dir: options.dir,
    info: (event, fields) => logger.info(cleanFields(fields), event),
    warn: (event, fields) => logger.warn(cleanFields(fields), event),
    error: (event, error, fields) =>
      logger.error(
        { ...cleanFields(fields), ...(error === undefined ? {} : { error: describeError(error) }) },
        event,
      ),
    close: () =>
      new Promise<void>((resolve) => {
        logger.flush()
        stream.end(() => resolve())
      }),
  }
}
