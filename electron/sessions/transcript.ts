/**
 * A session's transcript, written as it happens: one file per session, one line per line of output, each
 * stamped with the UTC time (ISO 8601) at which it began. What is recorded is the text as received with ANSI
 * escape sequences STRIPPED (colours, cursor moves and bracketed-paste markers would make the record unreadable
 * for an auditor) and backspaces applied. Secrets are redacted before anything reaches the disk:
 *   - every secret in the process-wide registry (electron/vault: keychain passwords, console password answers);
 *   - whatever the operator types after a `password:`-style prompt appears in the output (registered too, so
 *     an echo of it later in the session is also hidden).
 * Complete lines are appended with one write each, so a crash loses at most the line still being typed.
 * Seal lines (transcript-seal.ts) make the record tamper-evident: after each Rackside note, once a minute while
 * output flows, and at the end.
 * A write that fails (the disk full, the folder gone) stops the transcript and says so once (`onFailure`); the
 * console goes on, since the operator at the rack needs it more than the record.
 */
import { createHash, type Hash } from 'node:crypto'
import { closeSync, constants, fstatSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { REDACTED, learnSecret, redact } from '../vault/redact'
import { digestSoFar, sealLine, type SealMark } from './transcript-seal'

export interface TranscriptOptions {
  dir: string
  title: string
  /**
   * The file of an earlier transcript of the same console (the host reconnecting it): the record goes on in
   * that file, under a line that says a new connection begins, so one console keeps one transcript.
   */
  continues?: string
  now?: () => Date
  /** The record could not be written: called once, with the reason; nothing more is written. */
  onFailure?: (reason: string) => void
}

export interface Transcript {
  readonly path: string
  /** Session output, as the terminal receives it. */
  output(text: string): void
  /** Operator input (keystrokes, pastes): only used to learn what was typed at a password prompt. */
  input(text: string): void
  /**
   * A line written by Rackside itself (connected, port vanished, a step's outcome…), marked with `--`; sealed.
   * After close too (a step that ended with the link): appended if the file is still as this transcript left it.
   * Returns the seal that follows it; undefined when nothing could be written.
   */
  note(text: string): SealMark | undefined
  close(): void
}

/** Why a file operation failed, in words (Node's message names the call and path, which the caller knows). */
export function fileFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  const words: Record<string, string> = {
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
    EIO: 'an input/output error (was the drive removed?)',
    ENOENT: 'the folder is gone',
    ENOTDIR: 'a file stands where the folder should be',
    EEXIST: 'a file stands where the folder should be',
  }
  return (code && words[code]) ?? (error instanceof Error ? error.message : String(error))
}

/** Prompts after which the next typed line is a secret. */
export const passwordPromptPattern = /(pass(word|phrase)|\bPIN\b|secret|cloning domain)[^:\n]{0,80}:\s*$/i
/**
 * lunash asks on one line and takes the answer on the next, after `> ` (S5 in the lunash reference):
 *   Please enter a password for the HSM Administrator:
 *   > ********
 */
const answerMarker = /^>\s*$/
/** What a shell echoes while a secret is typed: a mask character per key, or nothing. */
const maskedEcho = /^\**$/
/**
 * A secret typed as part of a command (`hsm login -password S3cret`, `partition create … -domain D`): the option
 * names lunash, lunacm and vtl use for passwords and cloning domains. The value is recorded as [redacted].
 */
const secretOption = /(-(?:password|passwd|pwd|pw|sopw|newpw|oldpw|pin|domain)(?:\s+|=))("[^"]*"|\S+)/gi

const ansi =
  // eslint-disable-next-line no-control-regex -- matching escape sequences is the point
  /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|[()*+][0-9A-Za-z]|[@-Z\\-_]|[0-9=<>])/g

/**
 * Escape sequences, then runs of control characters other than tab, backspace and newline (CR among them),
 * then a stray ESC: all removed in one pass over the text, which is half the time of two.
 */
const unprintable = new RegExp(`${ansi.source}|[\\x00-\\x07\\x0b-\\x1a\\x1c-\\x1f]+|\\x1b`, 'g')

/** Strips escape sequences and control characters; DEL becomes a backspace. */
const clean = (text: string): string => {
  const out = text.replace(unprintable, '')
  return out.includes('\x7f') ? out.replace(/\x7f/g, '\b') : out
}
/** Applies backspaces the way the screen shows them. */
function applyBackspaces(text: string): string {
  if (!text.includes('\b')) return text
  let out = ''
  for (const ch of text) out = ch === '\b' ? out.slice(0, -1) : out + ch
  return out
}

const pad = (n: number) => String(n).padStart(2, '0')
const slug = (title: string) =>
  title
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'session'

export function transcriptFileName(title: string, at: Date): string {
  const stamp = `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}-${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}`
  return `${stamp}Z-${slug(title)}-${Math.random().toString(16).slice(2, 6)}.log`
}

/** Feeds the first `length` bytes of a file to `hash`, a megabyte at a time. */
function hashFile(hash: Hash, path: string, length: number): void {
  const fd = openSync(path, 'r')
  try {
    const chunk = Buffer.alloc(Math.min(length, 1 << 20))
    for (let at = 0, n = 1; at < length && n > 0; at += n) {
      n = readSync(fd, chunk, 0, Math.min(chunk.length, length - at), at)
      hash.update(chunk.subarray(0, n))
    }
  } finally {
    closeSync(fd)
  }
}

/** While output flows, how often a seal is added (a quiet console is sealed by its next note or its close). */
export const SEAL_EVERY_MS = 60_000

export function openTranscript(options: TranscriptOptions): Transcript {
  const now = options.now ?? (() => new Date())
  mkdirSync(options.dir, { recursive: true, mode: 0o700 })
  const started = now()
  const continued =
    options.continues !== undefined && dirname(resolve(options.continues)) === resolve(options.dir)
      ? options.continues
      : undefined
  const path = continued ?? join(options.dir, transcriptFileName(options.title, started))
  let fd = openSync(path, 'a', 0o600)
  const opened = fstatSync(fd)
  /** The file's length as this transcript knows it: a late note goes on only if nobody wrote after it. */
  let size = opened.size
  /** Everything the file holds, hashed as it is written: the digest of the next seal. */
  const sealed = createHash('sha256')
  // Going on in a file: its seals cover what is already there. Only a regular file has a "there" (a device or
  // a pipe standing in its place reads forever or blocks), and only up to its length when opened.
  if (continued && opened.isFile()) hashFile(sealed, path, size)
  let unsealedBytes = 0
  let lastSealMs = started.getTime()
  let closed = false
  /** A write failed: the record has stopped for good. */
  let failed = false
  let line = ''
  let lineStarted: string | undefined
  /** The ISO time, formatted at most once per millisecond (a flood has thousands of lines per ms). */
  let lastMs = -1
  let lastIso = ''
  const stamp = (): string => {
    const d = now()
    const ms = d.getTime()
    if (ms !== lastMs) {
      lastMs = ms
      lastIso = d.toISOString()
    }
    return lastIso
  }
  let pendingEscape = ''
  /** The last complete line (lunash puts its question there and the answer marker on the next). */
  let lastLine = ''
  /** Set when a password prompt is showing; the next typed line is a secret. */
  let secretNext = false
  /** The line as it stood when the prompt showed: what follows it on that line is the answer's echo. */
  let promptLine = ''
  let typed = ''
  /** The prompt on the current line has had its answer. */
  let answered = false
  /** This session's own secrets (also registered process-wide when long enough). */
  const local = new Set<string>()

  const scrub = (text: string): string => {
    let out = text.replace(secretOption, (match: string, option: string, value: string, at: number) => {
      // An option starts a word (not the middle of one: "re-pin" is no option).
      if (at > 0 && !/\s/.test(text[at - 1]!)) return match
      const bare = value.replace(/^"|"$/g, '')
      if (bare !== REDACTED) {
        local.add(bare)
        learnSecret(bare)
      }
      return `${option}${REDACTED}`
    })
    out = redact(out)
    for (const s of local) if (s && out.includes(s)) out = out.replaceAll(s, REDACTED)
    return out
  }
  const write = (text: string) => {
    if (closed || !text) return
    try {
      // writeSync may write part of a buffer (a disk filling up): the rest goes after it, or the error ends it.
      const bytes = Buffer.from(text, 'utf8')
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done)
      sealed.update(bytes)
      unsealedBytes += bytes.length
      size += bytes.length
    } catch (error) {
      closed = true
      failed = true
      try {
        closeSync(fd)
      } catch {
        // already unusable
      }
      options.onFailure?.(fileFailure(error))
    }
  }
  /**
   * Opens the closed file again for a late note, unless someone else (the console's next connection) wrote it
   * since, or it is gone (no O_CREAT: a deleted record is not begun again with a stray line).
   */
  const reopen = (): boolean => {
    try {
      const again = openSync(path, constants.O_WRONLY | constants.O_APPEND)
      if (fstatSync(again).size !== size) {
        closeSync(again)
        return false
      }
      fd = again
      closed = false
      return true
    } catch {
      return false
    }
  }
  /** Vouches for everything written so far (transcript-seal.ts). */
  const seal = (at: Date = now()): SealMark | undefined => {
    if (closed || unsealedBytes === 0) return undefined
    const mark = { at: at.toISOString(), digest: digestSoFar(sealed) }
    write(sealLine(mark.at, mark.digest))
    unsealedBytes = 0
    lastSealMs = at.getTime()
    return closed ? undefined : mark
  }
  write(
    continued
      ? `${started.toISOString()}  -- A new connection of the same console: ${options.title}\n`
      : `# Rackside transcript: ${options.title}\n# started ${started.toISOString()}; times are UTC; ANSI escape sequences stripped; secrets redacted\n# each "#= sealed" line holds the SHA-256 of everything above it (check: rackside transcript verify FILE)\n`,
  )

  /** A finished line, not yet redacted (the caller redacts a whole batch of lines at once). */
  const endLine = (): string => {
    const at = lineStarted ?? stamp()
    const text = `${at}  ${line}\n`
    lastLine = line
    line = ''
    lineStarted = undefined
    return text
  }

  /** Continues the current line with text that holds no line break. */
  const extendLine = (piece: string, at: string): void => {
    if (!piece) return
    lineStarted ??= at
    line = piece.includes('\b') ? applyBackspaces(line + piece) : line + piece
  }

  /** Splits text at line breaks, one line at a time (needed when backspaces rub out earlier characters). */
  const linesOneByOne = (text: string, at: string): string => {
    let out = ''
    let start = 0
    for (;;) {
      const nl = text.indexOf('\n', start)
      extendLine(nl < 0 ? text.slice(start) : text.slice(start, nl), at)
      if (nl < 0) return out
      lineStarted ??= at
      out += endLine()
      start = nl + 1
    }
  }

  /**
   * The same for text without backspaces, with native string operations: every line that both starts and ends
   * in this chunk gets the chunk's time, so one replaceAll stamps them all. A flood must not slow the console.
   */
  const linesAtOnce = (text: string, at: string): string => {
    const first = text.indexOf('\n')
    if (first < 0) {
      extendLine(text, at)
      return ''
    }
    extendLine(text.slice(0, first), at)
    lineStarted ??= at
    let out = endLine()
    const last = text.lastIndexOf('\n')
    if (last > first) {
      out += `${at}  ${text.slice(first + 1, last).replaceAll('\n', `\n${at}  `)}\n`
      lastLine = text.slice(text.lastIndexOf('\n', last - 1) + 1, last)
    }
    extendLine(text.slice(last + 1), at)
    return out
  }

  return {
    path,
    output(chunk) {
      if (closed || !chunk) return
      let text = pendingEscape + chunk
      pendingEscape = ''
      // An escape sequence cut at the end of a chunk waits for the rest.
      const lastEsc = text.lastIndexOf('\x1b')
      if (lastEsc >= 0 && lastEsc > text.length - 32) {
        const tail = text.slice(lastEsc)
        if (tail.replace(ansi, '') === tail && tail.length < 32) {
          pendingEscape = tail
          text = text.slice(0, lastEsc)
        }
      }
      text = clean(text)
      const at = stamp()
      const out = text.includes('\b') ? linesOneByOne(text, at) : linesAtOnce(text, at)
      // Secrets never span a line break, so the batch is redacted in one pass.
      write(out && scrub(out))
      if (out) answered = false
      if (out && lastMs - lastSealMs >= SEAL_EVERY_MS) seal(new Date(lastMs))
      // The answer being typed: the shell echoes a mask per key (lunash), or the keys themselves (local echo).
      const echo = line.slice(promptLine.length)
      if (
        secretNext &&
        !out &&
        line.startsWith(promptLine) &&
        (maskedEcho.test(echo) || typed.startsWith(echo))
      )
        return
      const prompting =
        !answered &&
        (passwordPromptPattern.test(line) ||
          (answerMarker.test(line) && passwordPromptPattern.test(lastLine)))
      if (prompting && !secretNext) {
        typed = ''
        promptLine = line
      }
      secretNext = prompting
    },
    input(data) {
      if (!secretNext || closed) return
      for (const ch of data) {
        if (ch === '\r' || ch === '\n') {
          secretNext = false
          answered = true
          if (typed) {
            local.add(typed)
            learnSecret(typed)
          }
          typed = ''
          return
        }
        if (ch === '\x03') {
          secretNext = false
          typed = ''
          return
        }
        if (ch === '\x7f' || ch === '\b') typed = typed.slice(0, -1)
        else if (ch >= ' ') typed += ch
      }
    },
    note(text) {
      const late = closed && !failed && reopen()
      if (closed) return undefined
      const pending = line ? scrub(endLine()) : ''
      const at = now()
      write(`${pending}${at.toISOString()}  -- ${scrub(text.replace(/[\r\n]+/g, ' '))}\n`)
      const mark = seal(at)
      if (late && !closed) {
        closed = true
        closeSync(fd)
      }
      return mark
    },
    close() {
      if (closed) return
      if (line) write(scrub(endLine()))
      seal()
      if (closed) return // the last write failed and closed it
      closed = true
      closeSync(fd)
    },
  }
}
