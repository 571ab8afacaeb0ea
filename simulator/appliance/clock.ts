const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

export interface ZonedParts {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  weekday: number
  abbreviation: string
}

export function isKnownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

export function zonedParts(date: Date, zone: string): ZonedParts {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    weekday: 'short',
    timeZoneName: 'short',
  }).formatToParts(date)
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? ''
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')),
    minute: Number(get('minute')),
    second: Number(get('second')),
    weekday: DAYS.indexOf(get('weekday')),
    abbreviation: zoneAbbreviation(date, zone, get('timeZoneName')),
  }
}

/**
 * What `date` prints for the zone: the abbreviation (EST, CET, AEDT) where some English locale knows one,
 * else the numeric form glibc uses for zones without one (`+04`, `+0530`).
 */
function zoneAbbreviation(date: Date, zone: string, usName: string): string {
  if (!usName.startsWith('GMT') || usName === 'GMT') return usName
  for (const locale of ['en-GB', 'en-AU', 'en-IN']) {
    const name = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' })
      .formatToParts(date)
      .find((p) => p.type === 'timeZoneName')?.value
    if (name && !name.startsWith('GMT') && !name.startsWith('UTC')) return name
  }
  const m = /^GMT([+-])(\d{1,2})(?::(\d{2}))?$/.exec(usName)
  if (!m) return usName
  return `${m[1]}${(m[2] ?? '').padStart(2, '0')}${m[3] ?? ''}`
}

const two = (n: number): string => String(n).padStart(2, '0')

/** `date` as Linux prints it: `Thu Apr 21 22:28:18 UTC 2016`. */
export function formatLinuxDate(date: Date, zone: string): string {
  const p = zonedParts(date, zone)
  return `${DAYS[p.weekday]} ${MONTHS[p.month - 1]} ${String(p.day).padStart(2, ' ')} ${two(p.hour)}:${two(p.minute)}:${two(p.second)} ${p.abbreviation} ${p.year}`
}

/** `Last login: Mon Jan 30 11:24:00 from ...` as the reference shows it (no year). */
export function formatLastLogin(date: Date, zone: string): string {
  const p = zonedParts(date, zone)
  return `${DAYS[p.weekday]} ${MONTHS[p.month - 1]} ${String(p.day).padStart(2, ' ')} ${two(p.hour)}:${two(p.minute)}:${two(p.second)}`
}

/** `ls -l` style date: `Nov 28 15:54`. */
export function formatFileDate(date: Date, zone: string): string {
  const p = zonedParts(date, zone)
  return `${MONTHS[p.month - 1]} ${String(p.day).padStart(2, ' ')} ${two(p.hour)}:${two(p.minute)}`
}

/** The UTC instant at which the wall clock in `zone` reads the given local time. */
export function zonedTimeToUtc(
  local: { year: number; month: number; day: number; hour: number; minute: number; second: number },
  zone: string,
): Date {
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second)
  let guess = asUtc
  // Two rounds settle the zone offset, including across a DST change.
  for (let i = 0; i < 2; i++) {
    const p = zonedParts(new Date(guess), zone)
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
    guess += asUtc - shown
  }
  return new Date(guess)
}
