/**
 * Which other programs have a serial device open (Linux). serialport's own lock is an flock, which screen,
 * minicom, ModemManager and cat do not take, so two programs could share one line and each get part of what
 * the appliance sends. Found two ways:
 *   - /proc/<pid>/fd: the processes this user may see (all of them as root);
 *   - UUCP lock files (/var/lock/LCK..ttyUSB0, /run/lock/…), which minicom and cu leave for everyone to see.
 * The program at the master end of a pseudo-terminal (socat, the demo appliance) is the line's far end, not
 * another user of it, and is left out. Asynchronous: a desktop has hundreds of processes, and the host's event
 * loop (Electron's main process) must not stall while they are read.
 */
import { readFile, readdir, readlink, realpath } from 'node:fs/promises'
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

const programName = (procRoot: string, pid: number): Promise<string> =>
  readFile(join(procRoot, String(pid), 'comm'), 'utf8').then(
    (comm) => comm.trim(),
    () => 'a program',
  )

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' // another user's process
  }
}

/** The fds of `pid` as [fd, target] pairs ([] when they may not be read). */
async function openFiles(procRoot: string, pid: string): Promise<[string, string][]> {
  const fds = await readdir(join(procRoot, pid, 'fd')).catch(() => [] as string[])
  const files = await Promise.all(
    fds.map((fd) =>
      readlink(join(procRoot, pid, 'fd', fd)).then(
        (target): [string, string] => [fd, target],
        () => undefined, // closed meanwhile
      ),
    ),
  )
  return files.filter((f) => f !== undefined)
}

export async function portHolders(path: string, options: PortHolderOptions = {}): Promise<PortHolder[]> {
  if (process.platform !== 'linux' && options.procRoot === undefined) return []
  const procRoot = options.procRoot ?? '/proc'
  const self = options.self ?? process.pid
  const device = await realpath(path).catch(() => undefined)
  if (device === undefined) return []
  const ptyIndex = /^\/dev\/pts\/(\d+)$/.exec(device)?.[1]
  const isMasterOfThisPty = (pid: string, fd: string): Promise<boolean> =>
    readFile(join(procRoot, pid, 'fdinfo', fd), 'utf8').then(
      (info) => new RegExp(`^tty-index:\\s*${ptyIndex}\\s*$`, 'm').test(info),
      () => false,
    )

  const holders = new Map<number, PortHolder>()
  // No /proc: only the lock files can tell.
  const pids = (await readdir(procRoot).catch(() => [] as string[])).filter(
    (entry) => /^\d+$/.test(entry) && Number(entry) !== self,
  )
  const check = async (pid: string): Promise<void> => {
    const files = await openFiles(procRoot, pid)
    if (!files.some(([, target]) => target === device)) return
    const masters = files.filter(([, target]) => /^\/dev\/(pts\/)?ptmx$/.test(target))
    const farEnd =
      ptyIndex !== undefined &&
      (await Promise.all(masters.map(([fd]) => isMasterOfThisPty(pid, fd)))).some(Boolean)
    if (!farEnd)
      holders.set(Number(pid), { pid: Number(pid), name: await programName(procRoot, Number(pid)) })
  }
  // A few processes at a time: quicker than one by one, without thousands of requests in flight at once.
  for (let i = 0; i < pids.length; i += 16) await Promise.all(pids.slice(i, i + 16).map(check))

  for (const dir of options.lockDirs ?? ['/var/lock', '/run/lock']) {
    const text = await readFile(join(dir, `LCK..${basename(device)}`), 'latin1').catch(() => undefined)
    if (text === undefined) continue
    // The pid in ASCII (HDB UUCP, as minicom and cu write it).
    const pid = Number(/^\s*(\d+)/.exec(text)?.[1] ?? 0)
    if (pid > 0 && pid !== self && !holders.has(pid) && alive(pid))
      holders.set(pid, { pid, name: await programName(procRoot, pid) })
  }
  return [...holders.values()]
}

/** The refusal an operator reads when other programs have the port open. */
export function heldPortMessage(path: string, holders: PortHolder[]): string {
  const who = holders.map((h) => `${h.name} (pid ${h.pid})`).join(', ')
  return `${path} is open in another program: ${who}. Close it there, or pick another port: two programs on one serial line each get part of what the appliance sends.`
}
