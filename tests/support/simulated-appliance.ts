/**
 * Test seams on a simulated appliance: what its shell received, and the demo provider that points the host's
 * built-in demo at it.
 */
import type { DemoProvider } from '../../electron/host/demo'
import type { Simulator } from '../../simulator/index'

type Handle = Simulator['appliances'][number]

/** Records every piece of input the appliance's shells receive, as the simulator sees it, into `into`. */
export function recordShellInput(handle: Handle, into: string[]): void {
  const appliance = handle.appliance
  const open = appliance.openShell.bind(appliance)
  appliance.openShell = (terminal, options) => {
    const shell = open(terminal, options)
    return {
      ...shell,
      input: (data: string) => {
        into.push(data)
        shell.input(data)
      },
      close: () => shell.close(),
      resize: (c: number, r: number) => shell.resize?.(c, r),
    }
  }
}

/** The host's demo appliance is this simulated one. */
export function demoOf(handle: Handle): DemoProvider {
  return {
    start: async () => ({
      host: handle.ssh.host,
      port: handle.ssh.port,
      hostKeyFingerprint: handle.ssh.hostKeyFingerprint,
      serial: handle.serial,
    }),
    stop: async () => undefined,
  }
}
