import { existsSync, readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { CLIENT_SECTION, listServers, type ServerEntry } from './chrystoki'
import type { ClientRoot } from './client-root'
import { haGroups, haOnly } from './ha-config'
import { listPartitions } from './ntls-client'
import { VtlError, type ParsedArgs, type VtlIo } from './output'
import { findEndpoint, readEndpoints } from './sim-endpoints'

export interface FoundPartition {
  server: string
  serial: string
  label: string
}

export interface Discovery {
  partitions: FoundPartition[]
  failures: { server: string; reason: string }[]
  servers: ServerEntry[]
}

/** The first slot number. 6.2+ and 7.x clients count from 0 (S5, S16); 5.x clients counted from 1. */
export const FIRST_SLOT = 0

function clientCredentials(client: ClientRoot): { certPem: string; keyPem: string } {
  const conf = client.readConf()
  const certFile = conf.get(CLIENT_SECTION, 'ClientCertFile')
  const keyFile = conf.get(CLIENT_SECTION, 'ClientPrivKeyFile')
  if (!certFile || !keyFile || !existsSync(certFile) || !existsSync(keyFile)) {
    // unverified: NOT FOUND in reference (verify before createCert)
    throw new VtlError(
      'Error: No client certificate is configured. Use vtl createCert -n <client name> first.',
    )
  }
  return { certPem: readFileSync(certFile, 'utf8'), keyPem: readFileSync(keyFile, 'utf8') }
}

/** Connects to every registered server's NTLS and collects the partitions this client is assigned. */
export async function discover(client: ClientRoot): Promise<Discovery> {
  const conf = client.readConf()
  const servers = listServers(conf)
  if (servers.length === 0) {
    // [V~] third-party claim (Azure guide); unverified
    throw new VtlError('Error: There are no registered servers')
  }
  const credentials = clientCredentials(client)
  const caPem = existsSync(client.caFile) ? readFileSync(client.caFile, 'utf8') : ''
  const timeoutMs = Math.min(Number(conf.get(CLIENT_SECTION, 'ReceiveTimeout') || 20000), 10000)
  const endpoints = readEndpoints(client.root)
  const results = await Promise.all(
    servers.map(async (server) => {
      const certPath = client.serverCertPath(server.name)
      const serverPem = existsSync(certPath) ? readFileSync(certPath, 'utf8') : undefined
      // A hostname of a simulated appliance is not in DNS: reach it at the address the simulator listens on.
      const host = isIP(server.name)
        ? server.name
        : (findEndpoint(endpoints, server.name, serverPem)?.address ?? server.name)
      try {
        const reply = await listPartitions({ host, port: server.port, caPem, ...credentials, timeoutMs })
        return { server, partitions: reply.partitions, reason: undefined }
      } catch (error) {
        return { server, partitions: [], reason: error instanceof Error ? error.message : String(error) }
      }
    }),
  )
  return {
    servers,
    partitions: results.flatMap((result) =>
      result.partitions.map((partition) => ({
        server: result.server.name,
        serial: partition.serial,
        label: partition.label,
      })),
    ),
    failures: results
      .filter((result) => result.reason !== undefined)
      .map((result) => ({ server: result.server.name, reason: result.reason as string })),
  }
}

const NOT_FOUND = 'Error: Unable to find any Luna SA slots/partitions among registered server'

/** `vtl verify`: the slot table with its TAB layout (S16). */
export async function verify(client: ClientRoot, _args: ParsedArgs, io: VtlIo): Promise<number> {
  const found = await discover(client)
  if (found.partitions.length === 0) {
    // The reference has this line up to "server"; whatever the real tool prints after it is unverified.
    throw new VtlError(NOT_FOUND)
  }
  io.print('\nThe following Luna SA Slots/Partitions were found:\n\n')
  io.print('Slot\tSerial #        \tLabel\n')
  io.print('====\t================\t=====\n')
  found.partitions.forEach((partition, index) => {
    io.print(
      `${String(FIRST_SLOT + index).padStart(4)}\t${partition.serial.padStart(16)} \t${partition.label}\n`,
    )
  })
  return 0
}

export interface SlotRow {
  slot: number
  description: string
  label: string
  serial: string
  status: string
}

/** Physical (LunaNet) slots first, then one HA virtual slot per group; HAOnly hides the physical ones. */
export function slotRows(client: ClientRoot, partitions: FoundPartition[]): SlotRow[] {
  const conf = client.readConf()
  const groups = haGroups(conf)
  const physical = partitions.map((partition) => ({
    description: 'LunaNet Slot',
    label: partition.label,
    serial: partition.serial,
    status: 'Present',
  }))
  const virtual = groups.map((group) => {
    const alive = group.members.some((member) => partitions.some((partition) => partition.serial === member))
    return {
      description: 'HA Virtual Card Slot',
      label: group.label,
      serial: group.number,
      status: alive ? 'Present' : 'Not present',
    }
  })
  const shown = haOnly(conf) ? virtual : [...physical, ...virtual]
  return shown.map((row, index) => ({ slot: FIRST_SLOT + index, ...row }))
}

/** `vtl listSlots` */
export async function listSlots(client: ClientRoot, _args: ParsedArgs, io: VtlIo): Promise<number> {
  const found = await discover(client)
  const rows = slotRows(client, found.partitions)
  // unverified: column widths (S8's whitespace is collapsed; the underline widths are 9/20/31/10/12)
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd([9, 20, 31, 10, 12][i] as number))
      .join(' ')
      .trimEnd()
  io.print(`Number of slots: ${rows.length}\n\nThe following slots were found:\n\n`)
  io.print(`${line(['Slot #', 'Description', 'Label', 'Serial #', 'Status'])}\n`)
  io.print(`${line(['=========', '='.repeat(20), '='.repeat(31), '='.repeat(10), '='.repeat(12)])}\n`)
  for (const row of rows)
    io.print(`${line([`slot #${row.slot}`, row.description, row.label, row.serial, row.status])}\n`)
  return 0
}
