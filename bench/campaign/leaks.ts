/**
 * Looks for the campaign's secrets in every file Rackside wrote under its data folder: transcripts, profiles,
 * known hosts, the record of done steps, logs. A secret counts as leaked in plain text, and also when a line
 * wrap split it (the rest of it on the next line, after that line's timestamp) or escape sequences were mixed
 * into it.
 *
 * Every campaign secret has one shape (see drawSecrets), so a pass finds candidates by that shape and looks them
 * up, rather than searching for thousands of strings one by one; files that only grow are read from where the
 * last pass stopped.
 */
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs'
import { join } from 'node:path'

export interface Leak {
  secret: string
  /** The run that drew the secret. */
  run: number
  file: string
  /** 'plain', or 'wrapped' (found only once line breaks and timestamps were taken out). */
  how: 'plain' | 'wrapped'
}

/** The shape of drawSecrets' secrets: a two-letter tag, nine letters or digits, `!`, two digits. */
const SHAPE = /(?:So|Dm|Pp|Pn|Ad|Pd)[A-Za-z0-9]{9}![0-9]{2}/g
// eslint-disable-next-line no-control-regex -- escape sequences and control bytes, which a terminal does not show
const NOT_SHOWN = /\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-Za-z]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g
/** A transcript line's own prefix (its UTC timestamp and two spaces), taken out before lines are joined. */
const LINE_PREFIX = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z {2}/
/** Lines Rackside adds between output lines (seals, headers): not part of what the appliance printed. */
const OWN_LINE = /^#/
/** Files that only grow (transcripts, logs) are read from a little before the last pass's end. */
const OVERLAP = 4096
const SMALL = 256 * 1024

export class LeakScanner {
  private readonly owners = new Map<string, number>()
  private readonly read = new Map<string, number>()
  private readonly found = new Map<string, Leak>()

  constructor(private readonly root: string) {}

  /** A secret of run `run`, to look for from now on. */
  watch(secret: string, run: number): void {
    this.owners.set(secret, run)
  }

  /** Every leak found so far, one per secret and file. */
  get leaks(): Leak[] {
    return [...this.found.values()]
  }

  /** Reads what is new under the folder; returns the leaks this pass found. */
  scan(): Leak[] {
    const fresh: Leak[] = []
    for (const file of filesUnder(this.root)) {
      let size: number
      try {
        size = statSync(file).size
      } catch {
        continue
      }
      const before = this.read.get(file) ?? 0
      const from = size < before || size <= SMALL ? 0 : Math.max(0, before - OVERLAP)
      if (size === before && size > SMALL) continue
      const text = readRange(file, from, size)
      this.read.set(file, size)
      for (const leak of this.inspect(text, file)) {
        const key = `${leak.secret}\u0000${leak.file}`
        if (this.found.has(key)) continue
        this.found.set(key, leak)
        fresh.push(leak)
      }
    }
    return fresh
  }

  private inspect(text: string, file: string): Leak[] {
    const out: Leak[] = []
    const look = (haystack: string, how: Leak['how']) => {
      for (const m of haystack.matchAll(SHAPE)) {
        const run = this.owners.get(m[0])
        if (run !== undefined) out.push({ secret: m[0], run, file, how })
      }
    }
    look(text, 'plain')
    const joined = text
      .replace(NOT_SHOWN, '')
      .split(/\r?\n/)
      .filter((line) => !OWN_LINE.test(line))
      .map((line) => line.replace(LINE_PREFIX, ''))
      .join('')
    look(joined, 'wrapped')
    return out
  }
}

function filesUnder(dir: string): string[] {
  const out: string[] = []
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return out
  }
  for (const name of names) {
    const path = join(dir, name)
    try {
      if (statSync(path).isDirectory()) out.push(...filesUnder(path))
      else out.push(path)
    } catch {
      // removed meanwhile
    }
  }
  return out
}

function readRange(file: string, from: number, to: number): string {
  const fd = openSync(file, 'r')
  try {
    const buffer = Buffer.alloc(Math.max(0, to - from))
    let at = 0
    while (at < buffer.length) {
      const n = readSync(fd, buffer, at, buffer.length - at, from + at)
      if (n === 0) break
      at += n
    }
    return buffer.subarray(0, at).toString('utf8')
  } finally {
    closeSync(fd)
  }
}
