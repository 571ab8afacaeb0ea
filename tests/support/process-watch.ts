/**
 * Watches processes while a test runs, the way another local user could: through /proc. Every process that
 * descends from this test process (whatever code started it, and whatever it started in turn) has its command
 * line and environment read on every tick, so an exec that changes them is seen too; any other new process on
 * the machine has its command line read once. Any of the given secrets found there is a leak.
 *
 * Linux only. A process that lives shorter than one tick can slip through: the tests that use this also record
 * the programs they expect (a logging shim) and check the watch saw them.
 */
import { readFileSync, readdirSync } from 'node:fs'

export interface SeenProcess {
  pid: number
  argv: string[]
  /** True when the process descends from this test process. */
  ours: boolean
}

export interface Leak {
  pid: number
  where: 'argv' | 'environment'
  argv: string[]
}

export interface ProcessWatch {
  /** Every distinct command line seen, by pid (the last one for a pid that exec'd). */
  readonly seen: SeenProcess[]
  readonly leaks: Leak[]
  stop(): void
}

const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'latin1')
  } catch {
    return undefined // gone already, or not ours to read
  }
}

/** The parent pid from /proc/PID/stat (the name in parentheses may itself hold spaces and parentheses). */
function parentOf(pid: number): number | undefined {
  const stat = read(`/proc/${pid}/stat`)
  if (!stat) return undefined
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return Number(fields[1])
}

export function watchProcesses(secrets: string[], options: { everyMs?: number } = {}): ProcessWatch {
  const root = process.pid
  const parents = new Map<number, number>()
  const others = new Set<number>()
  const seen = new Map<string, SeenProcess>()
  const leaks: Leak[] = []
  const reported = new Set<string>()
  const leak = (found: Leak): void => {
    const key = `${found.pid} ${found.where} ${found.argv.join('\0')}`
    if (reported.has(key)) return
    reported.add(key)
    leaks.push(found)
  }
  const found = (text: string | undefined) => text !== undefined && secrets.some((s) => text.includes(s))

  const descends = (pid: number): boolean => {
    for (let p: number | undefined = pid, depth = 0; p && depth < 64; depth++) {
      if (p === root) return true
      p = parents.get(p)
    }
    return false
  }

  const tick = (): void => {
    let pids: number[]
    try {
      pids = readdirSync('/proc')
        .filter((n) => /^\d+$/.test(n))
        .map(Number)
    } catch {
      return
    }
    const alive = new Set(pids)
    for (const pid of parents.keys()) if (!alive.has(pid)) parents.delete(pid)
    for (const pid of others) if (!alive.has(pid)) others.delete(pid)
    for (const pid of pids) {
      if (pid === root || parents.has(pid) || others.has(pid)) continue
      const parent = parentOf(pid)
      if (parent !== undefined) parents.set(pid, parent)
    }
    for (const pid of pids) {
      if (pid === root) continue
      const ours = descends(pid)
      if (!ours && others.has(pid)) continue
      const cmdline = read(`/proc/${pid}/cmdline`)
      if (cmdline === undefined || cmdline === '') continue
      const argv = cmdline.replace(/\0$/, '').split('\0')
      seen.set(`${pid} ${cmdline}`, { pid, argv, ours })
      if (found(cmdline)) leak({ pid, where: 'argv', argv })
      if (ours) {
        if (found(read(`/proc/${pid}/environ`))) leak({ pid, where: 'environment', argv })
      } else others.add(pid)
    }
  }

  tick()
  const timer = setInterval(tick, options.everyMs ?? 20)
  return {
    get seen() {
      return [...seen.values()]
    },
    leaks,
    stop: () => clearInterval(timer),
  }
}
