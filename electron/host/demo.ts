/**
 * The demo target: a simulated Luna appliance started in-process on loopback the first time the demo profile
 * is opened, and reused for every later demo session of this host (its state, e.g. a changed password, persists).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { demoVtlCommand } from './demo-vtl'

const hasSocat = (): boolean => spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0

export interface DemoAppliance {
  host: string
  port: number
  /** Reported by the simulator itself, so the demo's host key is pinned, never trusted blindly. */
  hostKeyFingerprint: string
  serial: string
  /** The app-side end of the appliance's serial console (a pty), when socat is available. */
  serialPath?: string
  /** The appliance's NTLS listener (live, like host/port) and the simulated Luna client (client-side wizard). */
  ntls?: { host: string; port: number }
  clientRoot?: string
  vtlPath?: string
}

export interface DemoProvider {
  start(): Promise<DemoAppliance>
  stop(): Promise<void>
  /** The running appliance, if started (no start). */
  current?(): DemoAppliance | undefined
}

/** The simulated appliance's HSM: a password HSM (default) or a PED HSM whose PED answers after `pedDelayMs`. */
export interface DemoOptions {
  hsmAuthentication?: 'password' | 'ped'
  pedDelayMs?: number
  /** Its serial number (the PED demo has its own, so both can be open side by side). */
  firstSerial?: string
}

export function simulatorDemo(demoOptions: DemoOptions = {}): DemoProvider {
  let running: Promise<{ appliance: DemoAppliance; stop(): unknown }> | undefined
  let started: DemoAppliance | undefined

  const boot = async () => {
    // Loaded on first use: the app starts without the simulator in memory.
    const { startSimulator } = await import('../../simulator/index')
    // The serial console is a socat pty pair; without socat the demo is SSH only.
    const vtlCommand = demoVtlCommand()
    const dir = hasSocat() ? mkdtempSync(join(tmpdir(), 'rackside-demo-')) : undefined
    const sim = await startSimulator({
      host: '127.0.0.1',
      sshPort: 0,
      ...(dir ? { serialPath: join(dir, 'ttyLuna') } : {}),
      // Built, its client folder's vtl runs the built vtl with this Node or Electron, never tsx.
      ...(vtlCommand ? { vtlCommand } : {}),
      ...demoOptions,
    }).catch((error: unknown) => {
      if (dir) rmSync(dir, { recursive: true, force: true })
      throw error
    })
    const first = sim.appliances[0]
    if (!first) {
      await sim.stop()
      throw new Error('the simulator started without an appliance')
    }
    // Live: after an interface change the simulator moves its listener to the new loopback address.
    const endpoint = first.ssh
    const appliance: DemoAppliance = {
      get host() {
        return endpoint.host
      },
      get port() {
        return endpoint.port
      },
      hostKeyFingerprint: endpoint.hostKeyFingerprint,
      serial: first.serial,
      ...(first.serialConsole ? { serialPath: first.serialConsole.path } : {}),
      ntls: first.ntls,
      clientRoot: sim.clientRoot,
      vtlPath: sim.vtlPath,
    }
    const stop = async () => {
      await sim.stop()
      if (dir) rmSync(dir, { recursive: true, force: true })
    }
    return { appliance, stop }
  }

  return {
    async start() {
      running ??= boot().catch((error: unknown) => {
        running = undefined
        throw error
      })
      return (started = (await running).appliance)
    },
    current: () => started,
    async stop() {
      const current = running
      running = undefined
      started = undefined
      if (current) await (await current.catch(() => undefined))?.stop()
    },
  }
}
