import { bodyLines } from './output-lines'
import { ok, parseError, type ParseError, type Result } from '../result'

export interface StatusDate {
  verified: false
  /** The line as printed, e.g. `Sat Nov 28 15:04:05 UTC 2026`. */
  text: string
  /** Parsed parts of a `date`-style line. */
  year?: number
  month?: number
  day?: number
  time?: string
  zone?: string
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * `status date` / `status time`. UNVERIFIED: no public source shows the output. Reads the first Linux `date` line
 * (`Sat Nov 28 15:04:05 UTC 2026`), as the simulator prints it; other lines are not read.
 */
export function parseStatusDate(text: string): Result<StatusDate, ParseError> {
  const body = bodyLines(text)
  for (const line of body) {
    const m =
      /^\s*(?:\w+:\s*)?(?:[A-Z][a-z]{2} )?([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}:\d{2}:\d{2}) ([A-Za-z0-9+\-/_]+) (\d{4})\s*$/.exec(
        line,
      )
    if (m) {
      const month = MONTHS.indexOf(m[1] ?? '') + 1
      if (month === 0) continue
      return ok({
        verified: false,
        text: line.trim(),
        year: Number(m[5]),
        month,
        day: Number(m[2]),
        time: m[3] ?? '',
        zone: m[4] ?? '',
      })
    }
  }
  return parseError('status date: no date line was found.', body[0])
}

const LABELLED_ZONE =
  /^\s*(?:Time ?zone|Zone)\s*(?:is)?\s*:?\s*([A-Za-z][A-Za-z0-9+\-/_]*)(?:\s+\(([^)]*)\))?\s*$/i
const BARE_ZONE = /^\s*([A-Za-z][A-Za-z0-9+\-/_]*)(?:\s+\(([^)]*)\))?\s*$/
const zoneFacts = (m: RegExpExecArray): { verified: false; zone: string; abbreviation?: string } =>
  m[2] === undefined
    ? { verified: false, zone: m[1] ?? '' }
    : { verified: false, zone: m[1] ?? '', abbreviation: m[2] }

/**
 * `status zone`. UNVERIFIED: no public source shows the output. Reads the simulator's `Timezone: Europe/Berlin
 * (GMT+1)` wherever it is; a bare zone only when it is the one line printed, since any word would look like one.
 */
export function parseStatusZone(
  text: string,
): Result<{ verified: false; zone: string; abbreviation?: string }, ParseError> {
  const body = bodyLines(text)
  for (const line of body) {
    const m = LABELLED_ZONE.exec(line)
    if (m) return ok(zoneFacts(m))
  }
  const bare = body.length === 1 ? BARE_ZONE.exec(body[0] ?? '') : null
  if (bare) return ok(zoneFacts(bare))
  return parseError('status zone: no line with the time zone was found.', body[0])
}
