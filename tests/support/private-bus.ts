/**
 * A private D-Bus session bus for tests that need the Secret Service (CI has no session bus): no service
 * activation, so nothing appears on it that the test did not start itself (gnome-keyring-daemon, typically).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Starts dbus-daemon listening in `runtime`; resolves with its address. The process is pushed onto `children`. */
export function startPrivateBus(root: string, runtime: string, children: ChildProcess[]): Promise<string> {
  const conf = join(root, 'bus.conf')
  writeFileSync(
    conf,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=${runtime}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`,
  )
  const bus = spawn('dbus-daemon', ['--config-file', conf, '--nofork', '--print-address=1'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  })
  children.push(bus)
  return new Promise((resolve, reject) => {
    let out = ''
    bus.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const line = out.split('\n')[0]
      if (out.includes('\n') && line) resolve(line.trim())
    })
    bus.on('exit', (code) => reject(new Error(`dbus-daemon exited with ${code}`)))
  })
}

/** Whether a Secret Service (org.freedesktop.secrets) owns its name on the bus at `address`. */
export function secretsOnBus(address: string): boolean {
  const r = spawnSync(
    'dbus-send',
    [
      `--bus=${address}`,
      '--print-reply',
      '--dest=org.freedesktop.DBus',
      '/org/freedesktop/DBus',
      'org.freedesktop.DBus.NameHasOwner',
      'string:org.freedesktop.secrets',
    ],
    { encoding: 'utf8' },
  )
  return /boolean true/.test(r.stdout)
}

/**
 * Starts gnome-keyring-daemon (Secret Service only, unlocked) on the bus at `address`, with `env` over this
 * process's environment; resolves once it owns org.freedesktop.secrets. The process is pushed onto `children`.
 */
export async function startKeyring(
  address: string,
  children: ChildProcess[],
  env: NodeJS.ProcessEnv = {},
): Promise<void> {
  const daemon = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
    stdio: ['pipe', 'ignore', 'ignore'],
    env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: address, ...env },
  })
  children.push(daemon)
  daemon.stdin!.end('test-keyring-unlock')
  const until = Date.now() + 10_000
  while (!secretsOnBus(address)) {
    if (Date.now() > until) throw new Error('gnome-keyring-daemon did not register org.freedesktop.secrets')
    await new Promise((r) => setTimeout(r, 50))
  }
}
