/**
 * Learns which software version a console's appliance runs from what it prints: the login banner
 * (`Luna SA 5.1.0-24 Command Line Shell …`, `… Command Line Shell v7.8.5-20.`), the serial pre-login line
 * (`Luna SA 5.1.0-24 [Build Time: …]`) and `hsm show`'s `Software Version:`, whoever typed it. The version picks the
 * era whose syntax the guided steps type (shared/lunash/commands/era.ts), and names the era on the console's tab.
 */
import { softwareVersionIn } from '../../shared/lunash/commands/era'
import { normalise } from '../../shared/lunash/text'

/** Long enough for any version line, with its escape codes. */
const carryLength = 512
/** Only chunks holding one of these can show a version: a flood of other output costs one search each. */
const markers = ['Command Line Shell', 'Build Time', 'Software Version']

/**
 * Watches a console's output as it streams and calls `changed` with each new version it shows. A line split across
 * two chunks is found (the end of each chunk is carried to the next).
 */
export function applianceVersionWatcher(changed: (version: string) => void): (data: string) => void {
  let carry = ''
  let current: string | undefined
  return (data) => {
    const text = carry + data
    carry = text.slice(-carryLength)
    if (!markers.some((m) => text.includes(m))) return
    // Only complete lines count: a version still arriving (`5.1` of `5.1.0-24`) waits for its line end.
    const end = text.lastIndexOf('\n')
    if (end < 0) return
    const version = softwareVersionIn(normalise(text.slice(0, end + 1)))
    if (version === undefined || version === current) return
    current = version
    changed(version)
  }
}
