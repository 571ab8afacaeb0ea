import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { ApplianceContract, Era, Faults } from './appliance/contract'
import { createAppliance } from './appliance/index'
import { assertLoopback, isLoopback } from './transports/loopback'
import { startNtlsServer, type NtlsEndpoint, type NtlsServer } from './transports/ntls-server'
import { startSerialConsole, type SerialConsole } from './transports/serial'
import { startSshServer, type SshEndpoint, type SshServer } from './transports/ssh-server'
import { prepareClientRoot } from './vtl/client-root'
import { EndpointsFile, type EndpointRecord } from './vtl/sim-endpoints'

export type { ApplianceContract, Era, Faults } from './appliance/contract'
export type { NtlsEndpoint } from './transports/ntls-server'
export type { SshEndpoint } from './transports/ssh-server'
export { generateSshHostKey } from './appliance/certs'

export interface SimulatorOptions {
  /** Loopback address every endpoint listens on (default 127.0.0.1); anything else is refused. */
  host?: string
  /** SSH port of the first appliance, the next ones count up from it; 0 or unset = random free ports. */
  sshPort?: number
  /** Where the app opens the serial console (a symlink to a pty); with count > 1 each gets a `-N` suffix. */
  serialPath?: string
  /** NTLS port of the first appliance, counting up like sshPort; 0 or unset = random. */
  ntlsPort?: number
  /** State file; with count > 1 each appliance gets a `-N` suffix before the extension. */
  stateFile?: string
  era?: Era
  count?: number
  /** The Luna client folder vtl works in; default: a new temp folder, removed by stop(). */
  clientRoot?: string
  /** Pace serial output at 115200 baud 8N1. */
  serialLineRate?: boolean
  /** Serial number of the first appliance (the next ones count up); default 157541. */
  firstSerial?: string
  /** A password-authenticated HSM (default) or a PED-authenticated one (hsm init, login, partition create ask for keys). */
  hsmAuthentication?: 'password' | 'ped'
  /** PED operations wait this long before the PED answers (a fault knob, set at start). */
  pedDelayMs?: number
  /**
   * The program and leading arguments that run vtl (e.g. node and a built vtl.js), written into the client
   * folder's bin/vtl and bin/vtl.cmd; default: the repository's simulator/bin/vtl, which runs it from source.
   */
  vtlCommand?: string[]
  /** The SSH server forwards TCP (direct-tcpip) like a bastion; tests of ProxyJump only. */
  forwardTcp?: boolean
}

export interface ApplianceHandle {
  readonly serial: string
  hostname(): string
  /** Live objects: host changes if the appliance's eth0 moves to another loopback address. */
  readonly ssh: SshEndpoint
  readonly ntls: NtlsEndpoint
  /** The serial console's pty path, when serialPath was given. */
  readonly serialConsole?: { path: string }
  readonly appliance: ApplianceContract
  /** Replaces all faults (transport and shell ones) and applies NTLS down/up at once. */
  setFaults(faults: Faults): Promise<void>
  stop(): Promise<void>
}

export interface Simulator {
  appliances: ApplianceHandle[]
  /** The vtl executable bound to clientRoot. */
  vtlPath: string
  clientRoot: string
  stop(): Promise<void>
}

const DEFAULT_SERIAL = 157541

/** `state.json` -> `state-2.json`; no extension -> `state-2`. */
export function suffixed(path: string, index: number): string {
  const match = /^(.*?)(\.[^./]*)?$/.exec(path)
  return `${match?.[1] ?? path}-${index}${match?.[2] ?? ''}`
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1'
  assertLoopback(host)
  const count = options.count ?? 1
  if (!Number.isInteger(count) || count < 1 || count > 16)
    throw new Error(`count must be 1..16, got ${count}`)
  const era = options.era ?? 6
  if (![4, 5, 6, 7].includes(era)) throw new Error(`era must be 4, 5, 6 or 7, got ${String(era)}`)
  // A client folder we made ourselves goes away with the simulator; one the caller named is kept.
  const ownsClientRoot = options.clientRoot === undefined
  const clientRoot = resolve(options.clientRoot ?? mkdtempSync(join(tmpdir(), 'luna-client-')))
  const removeOwnClientRoot = () => {
    if (ownsClientRoot) rmSync(clientRoot, { recursive: true, force: true })
  }
  const { vtlPath } = prepareClientRoot(clientRoot, options.vtlCommand)
  const endpoints = new EndpointsFile(clientRoot)
  const handles: ApplianceHandle[] = []

  try {
    for (let index = 0; index < count; index++) {
      const nth = <T>(value: T | undefined, each: (value: T) => T) =>
        value === undefined ? undefined : count > 1 ? each(value) : value
      handles.push(
        await startOne({
          host,
          era,
          serial: String(Number(options.firstSerial ?? DEFAULT_SERIAL) + index),
          hostname: count > 1 ? `luna-sa-${index + 1}` : undefined,
          sshPort: options.sshPort ? options.sshPort + index : 0,
          ntlsPort: options.ntlsPort ? options.ntlsPort + index : 0,
          stateFile: nth(options.stateFile, (path) => suffixed(path, index + 1)),
          serialPath: nth(options.serialPath, (path) => `${path}-${index + 1}`),
          serialLineRate: options.serialLineRate ?? false,
          endpoints,
          hsmAuthentication: options.hsmAuthentication,
          pedDelayMs: options.pedDelayMs,
          forwardTcp: options.forwardTcp ?? false,
        }),
      )
    }
  } catch (error) {
    await Promise.allSettled(handles.map((handle) => handle.stop()))
    endpoints.close()
    removeOwnClientRoot()
    throw error
  }

  return {
    appliances: handles,
    vtlPath,
    clientRoot,
    async stop() {
      await Promise.allSettled(handles.map((handle) => handle.stop()))
      endpoints.close()
      removeOwnClientRoot()
    },
  }
}

interface OneOptions {
  host: string
  era: Era
  serial: string
  hostname: string | undefined
  sshPort: number
  ntlsPort: number
  stateFile: string | undefined
  serialPath: string | undefined
  serialLineRate: boolean
  endpoints: EndpointsFile
  hsmAuthentication: 'password' | 'ped' | undefined
  pedDelayMs: number | undefined
  forwardTcp: boolean
}

async function startOne(options: OneOptions): Promise<ApplianceHandle> {
  const appliance = await createAppliance({
    serial: options.serial,
    era: options.era,
    hostname: options.hostname,
    stateFile: options.stateFile,
    eth0Address: options.host,
    ...(options.hsmAuthentication ? { hsmAuthentication: options.hsmAuthentication } : {}),
  })
  if (options.pedDelayMs !== undefined)
    appliance.setFaults({ ...appliance.faults(), pedDelayMs: options.pedDelayMs })
  let ssh: SshServer | undefined
  let ntls: NtlsServer | undefined
  let serialConsole: SerialConsole | undefined
  try {
    ssh = await startSshServer(appliance, {
      host: options.host,
      port: options.sshPort,
      forwardTcp: options.forwardTcp,
    })
    ntls = await startNtlsServer(appliance, { host: options.host, port: options.ntlsPort })
    if (options.serialPath) {
      serialConsole = await startSerialConsole(appliance, {
        path: options.serialPath,
        lineRate: options.serialLineRate,
      })
    }
  } catch (error) {
    await Promise.allSettled([ssh?.close(), ntls?.close(), serialConsole?.close()])
    throw error
  }
  const sshServer = ssh
  const ntlsServer = ntls

  const record = (): EndpointRecord => ({
    serial: appliance.serial,
    hostname: appliance.hostname(),
    address: ntlsServer.endpoint.host,
    ntlsPort: ntlsServer.endpoint.port,
    sshPort: sshServer.endpoint.port,
    serverCertificatePem: appliance.ntlsView().serverCertificatePem,
  })
  options.endpoints.track(appliance.serial, record)

  const ntlsTrouble = (error: unknown) => {
    const { host, port } = ntlsServer.endpoint
    process.stderr.write(
      `simulator: NTLS of ${appliance.serial} cannot listen on ${host}:${port}: ${String(error)}\n`,
    )
  }
  const onNtlsChanged = () => {
    ntlsServer.reload().catch(ntlsTrouble)
    options.endpoints.refresh()
  }
  const onNetworkRestart = (info: { device: string; oldAddress: string; newAddress: string }) => {
    if (info.device !== 'eth0') return
    // The shell is still printing the restart messages; the link goes down a moment later, as on the appliance.
    setTimeout(() => sshServer.dropConnectionsTo(info.oldAddress), 300)
    // A new address outside 127.0.0.0/8 cannot be bound on this machine: keep listening where we were, so the
    // demo stays reachable; the dropped sessions still show the operator what the real appliance does.
    if (!isLoopback(info.newAddress) || info.newAddress === sshServer.endpoint.host) {
      // Trust links on the restarted interface go down too; NTLS comes back on the address it had.
      setTimeout(() => ntlsServer.reload().catch(ntlsTrouble), 300)
      return
    }
    void Promise.all([sshServer.moveTo(info.newAddress), ntlsServer.moveTo(info.newAddress)])
      .catch(() => {
        // The new loopback address could not be bound (in use): stay on the old one.
      })
      .finally(() => options.endpoints.refresh())
  }
  appliance.on('ntls-changed', onNtlsChanged)
  appliance.on('network-restart', onNetworkRestart)

  let stopped: Promise<void> | undefined
  return {
    serial: appliance.serial,
    hostname: () => appliance.hostname(),
    ssh: sshServer.endpoint,
    ntls: ntlsServer.endpoint,
    serialConsole: serialConsole ? { path: serialConsole.path } : undefined,
    appliance,
    async setFaults(faults) {
      appliance.setFaults(faults)
      await ntlsServer.refresh().catch(ntlsTrouble)
    },
    stop() {
      stopped ??= (async () => {
        appliance.off('ntls-changed', onNtlsChanged)
        appliance.off('network-restart', onNetworkRestart)
        options.endpoints.untrack(appliance.serial)
        await Promise.allSettled([sshServer.close(), ntlsServer.close(), serialConsole?.close()])
      })()
      return stopped
    },
  }
}
