/**
 * A fault names a command by its first words, case-insensitive. It matches what was typed or the command it
 * resolved to, so `hsm show` also catches `HSM SH`.
 */
export function matchesFault(pattern: string | undefined, typed: string, canonical: string): boolean {
  if (!pattern) return false
  const norm = (s: string): string => s.trim().replace(/\s+/g, ' ').toLowerCase()
  const wanted = norm(pattern)
  if (wanted === '') return false
  const startsWith = (s: string): boolean => s === wanted || s.startsWith(`${wanted} `)
  return startsWith(norm(typed)) || (canonical !== '' && startsWith(norm(canonical)))
}

const NOISE = '#$%&*+/<=>@[]^`{|}~\\?!;:0123456789abcdefABCDEF\u00b1\u00a7\u00d7\u00f7\u00bf\u00ac'

/** Line noise of the same shape: every character but line ends replaced. */
export function garble(text: string): string {
  let out = ''
  for (const ch of text) out += ch === '\n' ? ch : NOISE[Math.floor(Math.random() * NOISE.length)]
  return out
}

/** Passes the first `chars` characters of everything written through it, then nothing. */
export function truncator(chars: number): (text: string) => string {
  let remaining = chars
  return (text) => {
    const kept = text.slice(0, Math.max(0, remaining))
    remaining -= text.length
    return kept
  }
}

/** Stray bytes a noisy line adds: NUL, BEL, DEL, and characters a bad line decodes to (none of them in lunash output). */
const STRAY = ['\x00', '\x07', '\x7f', '\ufffd', '\u00bf', '\u00a4', '\u00b6']
/** Escape sequences a terminal swallows without showing anything: colours, bold, erase to end of line, cursor. */
const SWALLOWED = ['\x1b[0m', '\x1b[1m', '\x1b[32m', '\x1b[39;49m', '\x1b[K', '\x1b[?25l', '\x1b[?25h']

/**
 * Mixes noise into text at random places between characters (about one in `every`): stray bytes that show, or
 * escape sequences that a terminal swallows. Line ends are left alone, as the shell converts them afterwards.
 * With a seed the same text gets the same noise, so a run can be repeated.
 */
export function noisy(kind: 'garbage' | 'ansi', seed?: number, every = 24): (text: string) => string {
  const pool = kind === 'garbage' ? STRAY : SWALLOWED
  const random = seed === undefined ? Math.random : seeded(seed)
  return (text) => {
    let out = ''
    for (const ch of text) {
      if (ch !== '\n' && random() * every < 1) out += pool[Math.floor(random() * pool.length)]
      out += ch
    }
    return out
  }
}

/** mulberry32: a small seeded generator in [0, 1). */
function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const RESULT_SUCCESS = 'Command Result : 0 (Success)'
export const RESULT_FAILURE = 'Command Result : 65535 (Luna Shell execution)'

/** A lying result line: success is printed as failure and failure as success. */
export function wrongResult(text: string): string {
  if (text.includes(RESULT_SUCCESS)) return text.replace(RESULT_SUCCESS, RESULT_FAILURE)
  return text.replace(RESULT_FAILURE, RESULT_SUCCESS)
}

/**
 * Output that stops after `afterChars` characters for `ms`, then goes on in order (whatever was written
 * meanwhile, the prompt included, waits behind it). Once it has flowed again it passes everything straight on.
 */
export class OutputStall {
  private remaining: number
  private queued: string[] | undefined
  private timer: ReturnType<typeof setTimeout> | undefined
  private released = false

  constructor(
    afterChars: number,
    private readonly ms: number,
    private readonly out: (text: string) => void,
  ) {
    this.remaining = Math.max(0, afterChars)
  }

  /** True once the stall has happened and everything held was written. */
  get done(): boolean {
    return this.released
  }

  write(text: string): void {
    if (this.queued) {
      this.queued.push(text)
      return
    }
    if (this.released || text.length <= this.remaining) {
      this.remaining -= text.length
      this.out(text)
      return
    }
    const head = text.slice(0, this.remaining)
    this.remaining = 0
    if (head) this.out(head)
    this.queued = [text.slice(head.length)]
    this.timer = setTimeout(() => this.release(), this.ms)
  }

  /** The command is over: if the stall has not begun, it never will. */
  settle(): void {
    if (!this.queued) this.released = true
  }

  /** Writes what is held now (the stall ends early). */
  release(): void {
    clearTimeout(this.timer)
    const held = this.queued ?? []
    this.queued = undefined
    this.released = true
    for (const text of held) this.out(text)
  }

  /** The line is gone: nothing held is written. */
  cancel(): void {
    clearTimeout(this.timer)
    this.queued = undefined
    this.released = true
  }
}
