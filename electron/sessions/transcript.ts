/**
 * A session's transcript, written as it happens: one file per session, one line per line of output, each
 * stamped with the UTC time (ISO 8601) at which it began. What is recorded is the text as received with ANSI
 * escape sequences STRIPPED (colours, cursor moves and bracketed-paste markers would make the record unreadable
 * for an auditor) and backspaces applied. Secrets are redacted before anything reaches the disk
 * (secret-lines.ts, from the table in shared/secret-table.ts):
 *   - every secret in the process-wide registry (electron/vault: keychain passwords, console password answers);
 *   - the value of every secret-bearing option on a command line, however it is spelt or abbreviated, also
 *     when the echo of a long line wraps at the terminal's edge;
 *   - whatever the operator types after a secret question (password, PIN, challenge, cloning domain,
 *     passphrase…), read from the keystrokes (typed-line.ts), so it is hidden however the echo comes back;
 *     registered too, so an echo of it later in the session is also hidden.
 * Complete lines are appended with one write each, so a crash loses at most the line still being typed.
 * Seal lines (transcript-seal.ts) make the record tamper-evident: after each Rackside note, once a minute while
 * output flows, and at the end.
 * A write that fails (the disk full, the folder gone) stops the transcript and says so once (`onFailure`); the
 * console goes on, since the operator at the rack needs it more than the record.
 */
import { createHash, type Hash } from 'node:crypto'
import { closeSync, constants, fstatSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { endsWithShellPrompt, asksForSecret } from '../../shared/secret-table'
import { redactable } from '../../shared/secret-value'
import { learnSecret } from '../vault/redact'
import { scanCommandLine } from './secret-options'
import { lineRedactor } from './secret-lines'
import { digestSoFar, sealLine, type SealMark } from './transcript-seal'
import { typedLine } from './typed-line'

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
  /** Operator input (keystrokes, pastes): only used to learn the secrets typed (at a question, on a command line). */
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
  /** A CR that ended the last chunk: a line end if a LF follows, a wrap at the terminal's edge if not. */
  let pendingCr = ''
  /** The last complete line (lunash puts its question there and the answer marker on the next). */
  let lastLine = ''
  /** What the operator is typing, from the keystrokes. */
  const typed = typedLine()
  /** The question line while a secret question waits for its answer: what is typed next is a secret. */
  let asking: string | undefined
  /** The question on the current line has had its answer (its echo may still be arriving). */
  let answered = false
  /** Command lines the operator entered lately, as typed. */
  const entered: string[] = []
  /** This session's own secrets (also registered process-wide when a command's row names the option). */
  const local = new Set<string>()
  const learn = (secret: string, everywhere: boolean): void => {
    if (!redactable(secret)) return
    local.add(secret)
    if (everywhere) learnSecret(secret)
  }
  /** The secrets in the line being typed, recomputed only when it changes. */
  let typingCache: { line: string; values: string[] } = { line: '', values: [] }
  const redactor = lineRedactor({
    local,
    typing() {
      const now = typed.current
      if (asking !== undefined) return [now]
      if (now !== typingCache.line)
        typingCache = { line: now, values: scanCommandLine(now).values.map((v) => v.text) }
      return typingCache.values
    },
    entered: () => entered,
    learn: (value) => learn(value, false),
  })
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

  /** Lines finished by a chunk, raw (each ending in '\n'), and when the first of them began. */
  let body = ''
  let firstAt = ''

  /** Finishes the current line into `body`. */
  const endLine = (): void => {
    if (!body) firstAt = lineStarted ?? stamp()
    body += `${line}\n`
    lastLine = line
    line = ''
    lineStarted = undefined
  }

  /** Continues the current line with text that holds no line break. */
  const extendLine = (piece: string, at: string): void => {
    if (!piece) return
    lineStarted ??= at
    line = piece.includes('\b') ? applyBackspaces(line + piece) : line + piece
  }

  /** Splits text at line breaks, one line at a time (needed when backspaces rub out earlier characters). */
  const linesOneByOne = (text: string, at: string): void => {
    let start = 0
    for (;;) {
      const nl = text.indexOf('\n', start)
      extendLine(nl < 0 ? text.slice(start) : text.slice(start, nl), at)
      if (nl < 0) return
      lineStarted ??= at
      endLine()
      start = nl + 1
    }
  }

  /**
   * The same for text without backspaces, with native string operations: every line that both starts and ends
   * in this chunk is taken in one slice (and stamped with one replaceAll). A flood must not slow the console.
   */
  const linesAtOnce = (text: string, at: string): void => {
    const first = text.indexOf('\n')
    if (first < 0) {
      extendLine(text, at)
      return
    }
    extendLine(text.slice(0, first), at)
    lineStarted ??= at
    endLine()
    const last = text.lastIndexOf('\n')
    if (last > first) {
      body += text.slice(first + 1, last + 1)
      lastLine = text.slice(text.lastIndexOf('\n', last - 1) + 1, last)
    }
    extendLine(text.slice(last + 1), at)
  }

  /** The finished lines so far and whatever the redactor held back, redacted and stamped. */
  const finished = (at: string, partial: string): string => {
    const text = body
    body = ''
    return text || redactor.holding ? redactor.push(text, firstAt, at, partial) : ''
  }

  /** Follows the console's questions: is it waiting for a secret now? */
  const watchQuestions = (linesEnded: boolean): void => {
    if (linesEnded) answered = false
    if (asking !== undefined) {
      // The question went away (answered by the runner, timed out): the shell's prompt is back. (The echo of
      // the answer on the question's line may end in `$` or `#` too: that is no prompt.)
      if (!line.startsWith(asking) && endsWithShellPrompt(line)) asking = undefined
      else if (linesEnded) {
        // Another secret question (`Please re-enter password to confirm:`)…
        if (asksForSecret(line, lastLine)) {
          asking = line
          typed.reset()
        }
        // …or the question moved on with nothing typed (the runner answered it unseen, it timed out): what is
        // typed next (`quit` at a proceed question) is no secret. A long answer's echo wrapping to a new line
        // comes with its keys typed.
        else if (typed.current === '') asking = undefined
      }
      return
    }
    if (!answered && asksForSecret(line, lastLine)) {
      asking = line
      typed.reset()
    }
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
      // A terminal wrapping an echo at its edge may send ` \r`: the space moves the cursor to the next line and
      // the CR brings it back to the start, where the next character overwrites the space. Without the space, a
      // secret cut there is still one word (a lone \r is dropped with the other control characters).
      text = pendingCr + text
      pendingCr = ''
      if (text.includes('\r')) {
        // A CR at the end of a chunk: whether a LF follows is for the next chunk to say.
        if (text.endsWith('\r')) {
          pendingCr = '\r'
          text = text.slice(0, -1)
        }
        if (text[0] === '\r' && text[1] !== '\n' && line.endsWith(' ')) line = line.slice(0, -1)
        if (/ \r(?!\n)/.test(text)) text = text.replace(/ \r(?!\n)/g, '')
      }
      text = clean(text)
      const at = stamp()
      if (text.includes('\b')) linesOneByOne(text, at)
      else linesAtOnce(text, at)
      const linesEnded = body.length > 0
      write(finished(at, line))
      if (linesEnded && lastMs - lastSealMs >= SEAL_EVERY_MS) seal(new Date(lastMs))
      watchQuestions(linesEnded)
    },
    input(data) {
      if (closed) return
      for (const text of typed.feed(data)) {
        if (asking !== undefined) {
          // The answer to a secret question: a secret, whatever it looks like.
          learn(text, true)
          redactor.answerAfter(asking)
          asking = undefined
          answered = true
        } else {
          entered.push(text)
          if (entered.length > 8) entered.shift()
          for (const value of scanCommandLine(text).values) learn(value.text, value.sure)
        }
      }
      // A value the operator has finished typing on the command line (a space or more options follow) is a
      // secret already: its echo may reach the screen, wrapped, before the Enter that ends the line.
      if (asking === undefined && typed.current) {
        const typing = scanCommandLine(typed.current)
        for (const value of typing.values) if (value.complete) learn(value.text, false)
      }
      // Ctrl-C: what was typed so far was still meant as a secret, and its echo may be on the screen.
      const dropped = typed.takeAbandoned()
      if (dropped !== undefined) {
        if (asking !== undefined) learn(dropped, true)
        else for (const value of scanCommandLine(dropped).values) learn(value.text, false)
        asking = undefined
      }
    },
    note(text) {
      const late = closed && !failed && reopen()
      if (closed) return undefined
      if (line) endLine()
      const at = now()
      const pending = finished(at.toISOString(), '') + redactor.flush()
      write(`${pending}${at.toISOString()}  -- ${redactor.line(text.replace(/[\r\n]+/g, ' '))}\n`)
      const mark = seal(at)
      if (late && !closed) {
        closed = true
        closeSync(fd)
      }
      return mark
    },
    close() {
      if (closed) return
      if (line) endLine()
      write(finished(stamp(), '') + redactor.flush())
      seal()
      if (closed) return // the last write failed and closed it
      closed = true
      closeSync(fd)
    },
  }
}
