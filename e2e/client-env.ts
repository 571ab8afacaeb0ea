/**
 * What the client-side e2e specs give the web host: a private D-Bus session bus with an unlocked gnome-keyring
 * (the way tests/integration/client-keychain.test.ts does it), a SoftHSM2 token in a temporary folder, and a data
 * folder of its own. Everything lives under one temporary folder and is stopped and removed afterwards.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { secretsOnBus, startPrivateBus } from '../tests/support/private-bus'

export interface ClientEnv {
  root: string
  dataDir: string
  cmsDir: string
  /** For startWebHost: the keychain's bus, SOFTHSM2_CONF, RACKSIDE_DATA_DIR. */
  env: NodeJS.ProcessEnv
  stop(): void
}

/** A private bus with an unlocked gnome-keyring (keychain: true), or a bus with no Secret Service (false). */
export async function startClientEnv(options: { keychain: boolean }): Promise<ClientEnv> {
  const root = mkdtempSync(join(tmpdir(), 'rackside-e2e-client-'))
  const home = join(root, 'home')
  const runtime = join(root, 'run')
  const dataDir = join(root, 'data')
  const cmsDir = join(root, 'cms')
  const soft = join(root, 'softhsm')
  for (const d of [home, dataDir, cmsDir, join(soft, 'tokens')]) mkdirSync(d, { recursive: true })
  mkdirSync(runtime, { recursive: true, mode: 0o700 })
  const children: ChildProcess[] = []
  const stop = (): void => {
    for (const c of children.reverse()) if (c.exitCode === null && c.pid) process.kill(c.pid, 'SIGTERM')
    rmSync(root, { recursive: true, force: true })
  }
  try {
    const address = await startPrivateBus(root, runtime, children)
    if (options.keychain) {
      const daemon = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
        stdio: ['pipe', 'ignore', 'ignore'],
        env: {
          ...process.env,
          DBUS_SESSION_BUS_ADDRESS: address,
          HOME: home,
          XDG_DATA_HOME: join(home, '.local/share'),
          XDG_RUNTIME_DIR: runtime,
        },
      })
      children.push(daemon)
      daemon.stdin!.end('e2e-keyring-unlock')
      const until = Date.now() + 10_000
      while (!secretsOnBus(address)) {
        if (Date.now() > until)
          throw new Error('gnome-keyring-daemon did not register org.freedesktop.secrets')
        await new Promise((r) => setTimeout(r, 50))
      }
    }
    const softConf = join(soft, 'softhsm2.conf')
    writeFileSync(
      softConf,
      `directories.tokendir = ${join(soft, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`,
    )
    execFileSync(
      'softhsm2-util',
      ['--init-token', '--free', '--label', 'cms', '--pin', '1234', '--so-pin', '0000'],
      { env: { ...process.env, SOFTHSM2_CONF: softConf }, stdio: 'ignore' },
    )
    return {
      root,
      dataDir,
      cmsDir,
      env: { DBUS_SESSION_BUS_ADDRESS: address, SOFTHSM2_CONF: softConf, RACKSIDE_DATA_DIR: dataDir },
      stop,
    }
  } catch (error) {
    stop()
    throw error
  }
}

/** Every file under the folders, for the "no password in any file Rackside wrote" scan. */
export function filesUnder(...dirs: string[]): string[] {
  const out: string[] = []
  for (const dir of dirs) {
    if (!existsSync(dir)) continue
    for (const name of readdirSync(dir, { recursive: true }) as string[]) {
      const p = join(dir, name)
      if (statSync(p).isFile()) out.push(p)
    }
  }
  return out
}
