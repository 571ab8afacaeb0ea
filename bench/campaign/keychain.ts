/**
 * A real OS keychain for the campaign: gnome-keyring on a private D-Bus session bus that the campaign starts
 * itself (the machine's own keyring is never touched), so the partition and admin passwords Rackside stores
 * after a step go where they go in the product. Without dbus-daemon or gnome-keyring the campaign runs with no
 * keychain and every secret comes from the panel's form.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { secretsOnBus, startPrivateBus } from '../../tests/support/private-bus'

export interface PrivateKeyring {
  stop(): void
}

const installed = (command: string) => spawnSync('which', [command], { stdio: 'ignore' }).status === 0

export function keyringAvailable(): boolean {
  return installed('dbus-daemon') && installed('gnome-keyring-daemon') && installed('dbus-send')
}

/**
 * Starts the bus and the keyring and points this process at them (libdbus reads the address once, so call this
 * before the first keychain call). The keyring's files live in a temporary home, removed by stop().
 */
export async function startPrivateKeyring(): Promise<PrivateKeyring> {
  const root = mkdtempSync(join(tmpdir(), 'rackside-campaign-keyring-'))
  const home = join(root, 'home')
  const runtime = join(root, 'run')
  mkdirSync(home, { recursive: true })
  mkdirSync(runtime, { recursive: true, mode: 0o700 })
  const children: ChildProcess[] = []
  const saved = {
    DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS,
    XDG_DATA_HOME: process.env.XDG_DATA_HOME,
    XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR,
  }
  const stop = () => {
    for (const child of children.reverse()) if (child.exitCode === null && child.pid) child.kill('SIGTERM')
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
    rmSync(root, { recursive: true, force: true })
  }
  try {
    const address = await startPrivateBus(root, runtime, children)
    const daemon = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
      stdio: ['pipe', 'ignore', 'ignore'],
      env: {
        ...process.env,
        HOME: home,
        XDG_DATA_HOME: join(home, '.local/share'),
        DBUS_SESSION_BUS_ADDRESS: address,
      },
    })
    children.push(daemon)
    daemon.stdin?.end('campaign-keyring-unlock')
    const until = Date.now() + 10_000
    while (!secretsOnBus(address)) {
      if (Date.now() > until) throw new Error('gnome-keyring-daemon did not register org.freedesktop.secrets')
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    process.env.DBUS_SESSION_BUS_ADDRESS = address
    process.env.XDG_DATA_HOME = join(home, '.local/share')
    process.env.XDG_RUNTIME_DIR = runtime
    return { stop }
  } catch (error) {
    stop()
    throw error
  }
}
