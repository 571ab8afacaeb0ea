import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { addServerEntry, blankServerEntry, listServers } from './chrystoki'
import type { ClientRoot } from './client-root'
import { option, VtlError, type ParsedArgs, type VtlIo } from './output'
import { findEndpoint, readEndpoints } from './sim-endpoints'

const NTLS_PORT = 1792

/** CAFile.pem is the concatenation of the registered servers' certificates. */
function rebuildCaFile(client: ClientRoot): void {
  const pems = listServers(client.readConf())
    .map((server) => client.serverCertPath(server.name))
    .filter((path) => existsSync(path))
    .map((path) => readFileSync(path, 'utf8').trimEnd() + '\n')
  writeFileSync(client.caFile, pems.join(''))
}

/** `vtl addServer -n <server host/ip> -c <server.pem> [-htl]` */
export function addServer(client: ClientRoot, args: ParsedArgs, io: VtlIo): number {
  const name = option(args, 'n', 'name')
  const certFile = option(args, 'c', 'certificate')
  if (!name || !certFile) {
    // unverified: NOT FOUND in reference (addServer usage text)
    throw new VtlError('Usage: vtl addServer -n <server host name or IP> -c <server certificate file> [-htl]')
  }
  if (!/^[A-Za-z0-9._:-]+$/.test(name)) {
    // unverified: NOT FOUND in reference
    throw new VtlError(`Error: ${name} is not a valid server host name or IP address`)
  }
  const conf = client.readConf()
  if (listServers(conf).some((server) => server.name.toLowerCase() === name.toLowerCase())) {
    // unverified: NOT FOUND in reference (only the substring `This server is already registered` is known)
    throw new VtlError('\nThis server is already registered.')
  }
  let pem: string
  try {
    pem = readFileSync(certFile, 'utf8')
  } catch {
    // unverified: NOT FOUND in reference
    throw new VtlError(`Error: Unable to read server certificate file ${certFile}`)
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    // unverified: NOT FOUND in reference
    throw new VtlError(`Error: ${certFile} does not contain a PEM certificate`)
  }
  // The simulator's appliances each listen on their own loopback port; a real server is on 1792.
  const endpoint = findEndpoint(readEndpoints(client.root), name, pem)
  writeFileSync(client.serverCertPath(name), pem.trimEnd() + '\n')
  addServerEntry(conf, name, endpoint?.ntlsPort ?? NTLS_PORT, args.options.has('htl'))
  client.writeConf(conf)
  rebuildCaFile(client)
  io.print(`\nNew server ${name} successfully added to server list.\n`)
  return 0
}

/** `vtl deleteServer -n <server>` */
export function deleteServer(client: ClientRoot, args: ParsedArgs, io: VtlIo): number {
  const name = option(args, 'n', 'name')
  if (!name) {
    // unverified: NOT FOUND in reference (deleteServer usage text)
    throw new VtlError('Usage: vtl deleteServer -n <server host name or IP>')
  }
  const conf = client.readConf()
  const entry = listServers(conf).find((server) => server.name.toLowerCase() === name.toLowerCase())
  if (!entry) {
    // unverified: NOT FOUND in reference
    throw new VtlError(`\nError: Server ${name} is not in the server list.`)
  }
  blankServerEntry(conf, entry.index)
  client.writeConf(conf)
  rmSync(client.serverCertPath(entry.name), { force: true })
  rebuildCaFile(client)
  // unverified: NOT FOUND in reference (deleteServer output)
  io.print(`\nServer ${entry.name} successfully removed from server list.\n`)
  return 0
}

/** `vtl listServers` */
export function listServersCommand(client: ClientRoot, _args: ParsedArgs, io: VtlIo): number {
  const servers = listServers(client.readConf())
  if (servers.length === 0) {
    // [V~] claimed in a third-party script comment; unverified
    io.print('There are no servers registered.\n')
    return 0
  }
  for (const server of servers)
    io.print(`Server: ${server.name}  HTL required: ${server.htl ? 'yes' : 'no'}\n`)
  return 0
}
