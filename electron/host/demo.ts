/**
 * The demo target: a simulated Luna appliance started in-process on loopback the first time the demo profile
 * is opened, and reused for every later demo session of this host (its state, e.g. a changed password, persists).
 */
export interface DemoAppliance {
  host: string
  port: number
  /** Reported by the simulator itself, so the demo's host key is pinned, never trusted blindly. */
  hostKeyFingerprint: string
  serial: string
}

export interface DemoProvider {
  start(): Promise<DemoAppliance>
  stop(): Promise<void>
}

export function simulatorDemo(): DemoProvider {
  let running: Promise<{ appliance: DemoAppliance; stop(): unknown }> | undefined

  const boot = async () => {
    // Loaded on first use: the app starts without the simulator in memory.
    const { startSimulator } = await import('../../simulator/index')
    const sim = await startSimulator({ host: '127.0.0.1', sshPort: 0 })
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
    }
    return { appliance, stop: () => sim.stop() }
  }

  return {
    async start() {
      running ??= boot().catch((error: unknown) => {
        running = undefined
        throw error
      })
      return (await running).appliance
    },
    async stop() {
      const current = running
      running = undefined
      if (current) await (await current.catch(() => undefined))?.stop()
    },
  }
}
