import { contentLines } from './common'
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
 * `status date` / `status time`. UNVERIFIED: the reference has no transcript. Reads one Linux `date` line
 * (`Sat Nov 28 15:04:05 UTC 2026`), as the simulator prints it.
 */
export function parseStatusDate(text: string): Result<StatusDate, ParseError> {
  const body = contentLines(text)
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

/**
 * `status zone`. UNVERIFIED: reads the simulator's `Timezone: Europe/Berlin (GMT+1)`, or a bare zone on its own line.
 */
export function parseStatusZone(
  text: string,
): Result<{ verified: false; zone: string; abbreviation?: string }, ParseError> {
  const body = contentLines(text)
  if (body.length === 1) {
    const m =
      /^\s*(?:(?:Time ?zone|Zone)\s*(?:is)?\s*:?\s*)?([A-Za-z][A-Za-z0-9+\-/_]*)(?:\s+\(([^)]*)\))?\s*$/i.exec(
        body[0] ?? '',
      )
    if (m)
      return ok(
        m[2] === undefined
          ? { verified: false, zone: m[1] ?? '' }
          : { verified: false, zone: m[1] ?? '', abbreviation: m[2] },
      )
  }
  return parseError('status zone: expected one line with the time zone.', body[0])
}
