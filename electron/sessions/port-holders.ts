/**
 * Which other programs have a serial device open (Linux). serialport's own lock is an flock, which screen,
 * minicom, ModemManager and cat do not take, so two programs could share one line and each get part of what
 * the appliance sends. Found two ways:
 *   - /proc/<pid>/fd: the processes this user may see (all of them as root);
 *   - UUCP lock files (/var/lock/LCK..ttyUSB0, /run/lock/…), which minicom and cu leave for everyone to see.
 * The program at the master end of a pseudo-terminal (socat, the demo appliance) is the line's far end, not
 * another user of it, and is left out.
 */
import { readFileSync, readdirSync, readlinkSync, realpathSync } from 'node:fs'
import { basename, join } from 'node:path'

export interface PortHolder {
  pid: number
  /** The program's name (/proc/<pid>/comm), or how it was found. */
  name: string
}

export interface PortHolderOptions {
  procRoot?: string
  lockDirs?: string[]
  /** This process: its own open ports are serialport's business. */
  self?: number
}

const programName = (procRoot: string, pid: number): string => {
  try {
    return readFileSync(join(procRoot, String(pid), 'comm'), 'utf8').trim()
  } catch {
    return 'a program'
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' // another user's process
  }
}

/** The fds of `pid` as [fd, target] pairs ([] when they may not be read). */
function openFiles(procRoot: string, pid: string): [string, string][] {
  let fds: string[]
  try {
    fds = readdirSync(join(procRoot, pid, 'fd'))
  } catch {
    return []
  }
  const files: [string, string][] = []
  for (const fd of fds)
    try {
      files.push([fd, readlinkSync(join(procRoot, pid, 'fd', fd))])
    } catch {
      // closed meanwhile
    }
  return files
}

export function portHolders(path: string, options: PortHolderOptions = {}): PortHolder[] {
  if (process.platform !== 'linux' && options.procRoot === undefined) return []
  const procRoot = options.procRoot ?? '/proc'
  const self = options.self ?? process.pid
  let device: string
  try {
    device = realpathSync(path)
  } catch {
    return []
  }
  const ptyIndex = /^\/dev\/pts\/(\d+)$/.exec(device)?.[1]
  const isMasterOfThisPty = (pid: string, fd: string): boolean => {
    try {
      const info = readFileSync(join(procRoot, pid, 'fdinfo', fd), 'utf8')
      return new RegExp(`^tty-index:\\s*${ptyIndex}\\s*$`, 'm').test(info)
    } catch {
      return false
    }
  }

  const holders = new Map<number, PortHolder>()
  let pids: string[] = []
  try {
    pids = readdirSync(procRoot).filter((entry) => /^\d+$/.test(entry))
  } catch {
    // no /proc: only the lock files can tell
  }
  for (const pid of pids) {
    if (Number(pid) === self) continue
    const files = openFiles(procRoot, pid)
    if (!files.some(([, target]) => target === device)) continue
    const farEnd =
      ptyIndex !== undefined &&
      files.some(([fd, target]) => /^\/dev\/(pts\/)?ptmx$/.test(target) && isMasterOfThisPty(pid, fd))
    if (!farEnd) holders.set(Number(pid), { pid: Number(pid), name: programName(procRoot, Number(pid)) })
  }

  for (const dir of options.lockDirs ?? ['/var/lock', '/run/lock']) {
    let text: string
    try {
      text = readFileSync(join(dir, `LCK..${basename(device)}`), 'latin1')
    } catch {
      continue
    }
    // The pid in ASCII (HDB UUCP, as minicom and cu write it).
    const pid = Number(/^\s*(\d+)/.exec(text)?.[1] ?? 0)
    if (pid > 0 && pid !== self && !holders.has(pid) && alive(pid))
      holders.set(pid, { pid, name: programName(procRoot, pid) })
  }
  return [...holders.values()]
}

/** The refusal an operator reads when other programs have the port open. */
export function heldPortMessage(path: string, holders: PortHolder[]): string {
  const who = holders.map((h) => `${h.name} (pid ${h.pid})`).join(', ')
  return `${path} is open in another program: ${who}. Close it there, or pick another port: two programs on one serial line each get part of what the appliance sends.`
}
