/**
 * A host whose built-in demo appliance is a simulator started by the test (real SSH on loopback), with its
 * profiles, known hosts and transcripts in `dataDir`; and a watcher for what one client's consoles show.
 */
import { rmSync } from 'node:fs'
import { createHost, type Host, type HostEvent, type HostOptions } from '../../electron/host/host'
import type { EventPayload } from '../../shared/api'
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator/index'

export async function hostWithSimulatedDemo(
  dataDir: string,
  options: { simulator?: SimulatorOptions; runner?: HostOptions['runner'] } = {},
): Promise<{ sim: Simulator; host: Host; stop(): Promise<void> }> {
  const sim = await startSimulator({ host: '127.0.0.1', sshPort: 0, ...options.simulator })
  const { ssh, serial } = sim.appliances[0]!
  const host = createHost({
    kind: 'web',
    dataDir,
    version: '0.0.0-test',
    demo: { start: async () => ({ ...ssh, serial }), stop: async () => undefined },
    ...(options.runner ? { runner: options.runner } : {}),
  })
  return {
    sim,
    host,
    async stop() {
      await host.close()
      await sim.stop()
      rmSync(sim.clientRoot, { recursive: true, force: true })
    },
  }
}

/** Collects the console output in a client's events (pass `seen` to actAsOperator) and waits for text in it. */
export function consoleWatcher() {
  let output = ''
  return {
    seen(e: HostEvent): void {
      if (e.name === 'session.data') output += (e.payload as EventPayload<'session.data'>).data
    },
    text: () => output,
    async until(pattern: RegExp, timeoutMs = 15_000): Promise<void> {
      const deadline = Date.now() + timeoutMs
      while (!pattern.test(output)) {
        if (Date.now() > deadline) throw new Error(`never saw ${pattern}:\n${output.slice(-1500)}`)
        await new Promise((r) => setTimeout(r, 20))
      }
    },
  }
}
