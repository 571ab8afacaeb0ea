/**
 * CPU time the hypervisor gave to other guests while a run waited ("steal" in /proc/stat): on a shared VM it
 * lengthens a run without any change in the code, so the console bench prints it next to each run. Linux only;
 * elsewhere there is nothing to read and the bench says so.
 */
import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'

/** The kernel's clock ticks per second for /proc/stat (USER_HZ): 100 on every Linux build that matters here. */
const ticksPerSecond = 100

/** Stolen CPU time summed over all CPUs since boot, in ms; undefined where /proc/stat is not there. */
export function stolenMs(): number | undefined {
  try {
    // cpu  user nice system idle iowait irq softirq steal guest guest_nice
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/)
    const steal = Number(fields[8])
    return Number.isFinite(steal) ? (steal * 1000) / ticksPerSecond : undefined
  } catch {
    return undefined
  }
}

/**
 * Starts measuring; `share()` is the share of the machine's CPU time the hypervisor stole since: stolen ms over
 * (wall ms × CPUs), so 0.5 on two CPUs means one of them was gone all along. Undefined off Linux.
 */
export function stealMeter(): { share(): number | undefined } {
  const before = stolenMs()
  const t0 = performance.now()
  return {
    share() {
      const after = stolenMs()
      const wall = performance.now() - t0
      if (before === undefined || after === undefined || wall <= 0) return undefined
      return (after - before) / (wall * availableParallelism())
    },
  }
}
