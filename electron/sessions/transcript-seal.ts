/**
 * Seals make a transcript tamper-evident. Now and then (after a Rackside note such as a step's outcome, once a
 * minute while output flows, and at the end) the transcript gets a line
 *
 *   #= sealed 2026-11-29T09:45:00.123Z sha256:<64 hex digits>
 *
 * whose digest is the SHA-256 of every byte of the file above it, earlier seals included, so each seal vouches
 * for all that came before. Changing, adding or removing anything above a seal breaks it. Output lines always
 * begin with their time stamp, so only Rackside writes lines that begin with `#`.
 *
 * What seals cannot show on their own: someone who rewrites the file can recompute every seal, and cutting the
 * file just after a seal leaves it consistent. The last seal's digest, kept elsewhere (an auditor's copy, a
 * sign-off), is what anchors the record; `verifySeals` reports it for that.
 */
import { createHash, type Hash } from 'node:crypto'

const marker = Buffer.from('#= sealed ')
const sealPattern = /^#= sealed (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{3})?Z) sha256:([0-9a-f]{64})$/

export function sealLine(at: string, digest: string): string {
  return `${marker.toString()}${at} sha256:${digest}\n`
}

/** The digest the next seal would carry: the hash of everything written so far (the hash goes on). */
export function digestSoFar(hash: Hash): string {
  return hash.copy().digest('hex')
}

/** A seal as written: when, and the digest of everything above it. */
export interface SealMark {
  at: string
  digest: string
}

export interface Seal extends SealMark {
  /** 1-based line number of the seal line. */
  line: number
}

export interface SealCheck {
  /** Seals that match what is above them, in order. */
  seals: number
  lastSeal?: Seal
  /**
   * The first seal that does not match: something from the seal before it (or the top) to this one was changed
   * after it was sealed, the seal line itself included. Nothing after it can be vouched for.
   */
  broken?: { line: number; from: number; reason: string }
  /** Lines after the last good seal: still being written, or the session ended without closing (a crash). */
  unsealedLines: number
}

const lineBreaks = (content: Buffer, from: number, to: number): number => {
  let n = 0
  for (let at = content.indexOf(0x0a, from); at >= 0 && at < to; at = content.indexOf(0x0a, at + 1)) n++
  return n
}

/** Where the next line that begins with the seal marker starts, at or after `from`; -1 if none. */
const nextSeal = (content: Buffer, from: number): number => {
  for (let at = content.indexOf(marker, from); at >= 0; at = content.indexOf(marker, at + 1))
    if (at === 0 || content[at - 1] === 0x0a) return at
  return -1
}

/** Checks every seal of a transcript against the bytes above it. */
export function verifySeals(content: Buffer): SealCheck {
  const hash = createHash('sha256')
  let pos = 0
  let line = 1
  let seals = 0
  let lastSeal: Seal | undefined
  const tail = (): number => {
    const rest = content.length - pos
    return rest === 0 ? 0 : lineBreaks(content, pos, content.length) + (content.at(-1) === 0x0a ? 0 : 1)
  }
  for (let at = nextSeal(content, pos); at >= 0; at = nextSeal(content, pos)) {
    const end = content.indexOf(0x0a, at)
    // A seal line cut short is the end of a session that stopped while writing it.
    if (end < 0) break
    hash.update(content.subarray(pos, at))
    line += lineBreaks(content, pos, at)
    // The seal before this one is vouched for by this one (its time and digest are text above it).
    const from = lastSeal ? lastSeal.line : 1
    const parsed = sealPattern.exec(content.toString('utf8', at, end))
    const reason = !parsed
      ? 'the seal line is not well-formed'
      : digestSoFar(hash) !== parsed[2]
        ? 'the text above it is not the text it sealed'
        : undefined
    if (!parsed || reason)
      return {
        seals,
        ...(lastSeal ? { lastSeal } : {}),
        broken: { line, from, reason: reason! },
        unsealedLines: tail(),
      }
    seals++
    lastSeal = { line, at: parsed[1]!, digest: parsed[2]! }
    hash.update(content.subarray(at, end + 1))
    pos = end + 1
    line++
  }
  return { seals, ...(lastSeal ? { lastSeal } : {}), unsealedLines: tail() }
}
