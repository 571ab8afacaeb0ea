/** The simulator's serial endpoint as its tests see it from outside: the socat process that holds a pty pair. */
import { readdirSync, readFileSync } from 'node:fs'

/** The socat process serving a pty link (the simulator started it; a test ends it by its id to pull the cable). */
export function socatPidFor(link: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')
      if (cmdline[0]?.endsWith('socat') && cmdline.some((arg) => arg.includes(`link=${link}`)))
        return Number(entry)
    } catch {
      // the process ended while we looked
    }
  }
  return undefined
}
