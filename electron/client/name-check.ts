/**
 * The HID procedure's DNS check on the client side. `vtl addServer -n <appliance>` records a name the Luna client
 * later connects to, and with DNS the guide registers the CMS server by hostname, which needs a DNS A record for
 * it. A name that does not resolve, or resolves to another machine, only shows up later as an NTLS link that will
 * not come up; so the name is resolved here (DNS and the hosts file, as the system resolver does) and compared
 * with the appliance's address or this computer's, and the operator is told before going on.
 *
 * The verdicts are pure functions of what was resolved; only `resolveName` and `localAddresses` touch the system.
 */
import { promises as dns } from 'node:dns'
import { isIP } from 'node:net'
import { networkInterfaces } from 'node:os'

/** What resolving a name gave: its addresses, or why there are none. */
export type Resolution = { addresses: string[] } | { error: string }

export type Lookup = (name: string) => Promise<string[]>

const systemLookup: Lookup = async (name) =>
  (await dns.lookup(name, { all: true, verbatim: true })).map((a) => a.address)

const LOOKUP_TIMEOUT_MS = 5_000

/**
 * An address in one spelling for comparison: IPv4-mapped IPv6 (`::ffff:10.0.0.5`) as IPv4, IPv6 compressed and
 * lower-case, a zone (`%eth0`) dropped. Anything else is returned as given.
 */
export function normaliseAddress(address: string): string {
  const bare = address.trim().replace(/%.*$/, '')
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(bare)
  if (mapped?.[1]) return mapped[1]
  if (isIP(bare) !== 6) return bare
  try {
    return new URL(`http://[${bare}]/`).hostname.slice(1, -1)
  } catch {
    return bare.toLowerCase()
  }
}

const sameAddresses = (a: readonly string[], b: readonly string[]): boolean => {
  const set = new Set(a.map(normaliseAddress))
  return b.some((x) => set.has(normaliseAddress(x)))
}

/** Addresses for a sentence: a computer may have a dozen (IPv6 link-local, bridges); the first few say enough. */
const list = (addresses: readonly string[], max = 4): string =>
  addresses.length <= max
    ? addresses.join(', ')
    : `${addresses.slice(0, max).join(', ')} and ${addresses.length - max} more`

/** 127.0.0.0/8 and ::1: an address only this computer can reach. */
export const isLoopback = (address: string): boolean => {
  const a = normaliseAddress(address)
  return /^127\./.test(a) || a === '::1'
}

/** Why a lookup failed, in words: the resolver's codes mean little to an administrator. */
function failure(error: unknown, timeoutMs: number): string {
  if (error === 'timeout')
    return `the lookup did not answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}`
  const code = (error as { code?: unknown } | undefined)?.code
  if (code === 'ENOTFOUND' || code === 'ENODATA' || code === 'EAI_NONAME')
    return 'no DNS A record or hosts-file entry'
  if (code === 'EAI_AGAIN' || code === 'ETIMEOUT') return 'the name server did not answer'
  return `the lookup failed: ${typeof code === 'string' ? code : error instanceof Error ? error.message : String(error)}`
}

/** Resolves a name as the system does (DNS and the hosts file); an IP address resolves to itself. */
export async function resolveName(
  name: string,
  options: { lookup?: Lookup; timeoutMs?: number } = {},
): Promise<Resolution> {
  if (isIP(name)) return { addresses: [name] }
  const timeoutMs = options.timeoutMs ?? LOOKUP_TIMEOUT_MS
  let timer: NodeJS.Timeout | undefined
  try {
    // getaddrinfo cannot be cancelled; past the limit its answer is simply not waited for.
    const addresses = await Promise.race([
      (options.lookup ?? systemLookup)(name),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs)
      }),
    ])
    return addresses.length > 0 ? { addresses } : { error: failure({ code: 'ENODATA' }, timeoutMs) }
  } catch (error) {
    return {
      error: failure(error instanceof Error && error.message === 'timeout' ? 'timeout' : error, timeoutMs),
    }
  } finally {
    clearTimeout(timer)
  }
}

/** Where Rackside reaches the appliance: the SSH target as given, and the addresses that target resolves to. */
export interface ApplianceAddress {
  /** The SSH profile's host, or what `network show` read: a name or an address. */
  host: string
  addresses: string[]
}

const describeAppliance = (a: ApplianceAddress): string =>
  isIP(a.host) || a.addresses.length === 0 ? a.host : `${a.host} (${list(a.addresses)})`

/** The address to suggest using instead of a name: the appliance's own IP address. */
const applianceIp = (a: ApplianceAddress): string | undefined =>
  isIP(a.host) ? a.host : (a.addresses.find((x) => isIP(x) === 4) ?? a.addresses[0])

/**
 * `vtl addServer -n <name>`: the name must lead to the appliance Rackside reaches. Undefined when it does;
 * otherwise a sentence naming both addresses and what to do.
 */
export function applianceNameWarning(
  name: string,
  resolved: Resolution,
  appliance: ApplianceAddress,
): string | undefined {
  if (name.toLowerCase() === appliance.host.toLowerCase()) return undefined
  const at = describeAppliance(appliance)
  const ip = applianceIp(appliance)
  const useIp = ip ? `the appliance's IP address (${ip})` : "the appliance's IP address"
  if ('error' in resolved)
    return (
      `"${name}" does not resolve on this computer (${resolved.error}), so the Luna client will not find the ` +
      `appliance by that name. Add a DNS A record (or a hosts-file entry) for ${name} pointing to ${ip ?? at}, ` +
      `or run vtl addServer with ${useIp}.`
    )
  if (appliance.addresses.length === 0 || sameAddresses(resolved.addresses, appliance.addresses))
    return undefined
  if (isIP(name))
    return (
      `vtl addServer names ${name}, but Rackside reaches the appliance at ${at}: the Luna client would connect ` +
      `to another machine. Use ${useIp}, or its name where DNS resolves it there.`
    )
  return (
    `"${name}" resolves to ${list(resolved.addresses)} on this computer, but Rackside reaches the appliance at ` +
    `${at}: the Luna client would connect to another machine. Correct the DNS A record for ${name} to ` +
    `${ip ?? at}, or use ${useIp}. (Behind address translation or a tunnel this can be expected.)`
  )
}

/**
 * `vtl createCert -n <name>`: the certificate names this computer, and the appliance registers the client by
 * that hostname (with DNS) or address. Undefined when the name leads here; otherwise what is wrong and what to do.
 * `applianceAddresses`, when known: a name that leads only to loopback is of no use to an appliance elsewhere.
 */
export function clientNameWarning(
  name: string,
  resolved: Resolution,
  local: string[],
  applianceAddresses: string[] = [],
): string | undefined {
  const outward = local.filter((a) => !isLoopback(a))
  const here = local.length > 0 ? ` (${list(outward.length > 0 ? outward : local)})` : ''
  if ('error' in resolved)
    return (
      `"${name}" does not resolve on this computer (${resolved.error}). The HID guide registers the client by ` +
      `hostname only where DNS knows it: add a DNS A record for ${name} pointing to this computer${here}, or ` +
      `make the certificate for this computer's IP address (vtl createCert -n <address>, then client register -ip).`
    )
  const applianceElsewhere = applianceAddresses.length > 0 && !applianceAddresses.some(isLoopback)
  if (applianceElsewhere && resolved.addresses.every(isLoopback))
    return (
      `"${name}" leads to ${list(resolved.addresses)}, a loopback address (a hosts file often maps a computer's ` +
      `own name there), and the appliance cannot reach this computer by it. ${
        isIP(name)
          ? `Use this computer's network address${here}.`
          : `Add a DNS A record for ${name} pointing to this computer's network address${here}, or use that address.`
      }`
    )
  // All of 127.0.0.0/8 is this computer, though an interface lists only 127.0.0.1.
  const reachesHere =
    resolved.addresses.some((a) => isLoopback(a)) || sameAddresses(resolved.addresses, local)
  if (local.length === 0 || reachesHere) return undefined
  if (isIP(name))
    return (
      `${name} is not an address of this computer${here}: the appliance would expect the client at another ` +
      `machine. Use the address this computer reaches the appliance from.`
    )
  return (
    `"${name}" resolves to ${list(resolved.addresses)}, which is not an address of this computer${here}: the ` +
    `appliance would look for this client at another machine. Correct the DNS A record for ${name} to point ` +
    `here, or use this computer's IP address.`
  )
}

/** This computer's addresses, outward-facing IPv4 first (the ones worth suggesting), loopback last. */
export function localAddresses(): string[] {
  const all = Object.values(networkInterfaces())
    .flat()
    .filter((a): a is NonNullable<typeof a> => a !== undefined)
  const rank = (a: (typeof all)[number]): number => (a.internal ? 2 : 0) + (a.family === 'IPv4' ? 0 : 1)
  return [...new Set([...all].sort((a, b) => rank(a) - rank(b)).map((a) => normaliseAddress(a.address)))]
}

/** Resolves the name given to vtl addServer and the appliance's own host, and compares them. */
export async function checkApplianceName(
  name: string,
  applianceHost: string,
  options: { lookup?: Lookup; timeoutMs?: number } = {},
): Promise<string | undefined> {
  if (name.toLowerCase() === applianceHost.toLowerCase()) return undefined
  const [resolved, appliance] = await Promise.all([
    resolveName(name, options),
    resolveName(applianceHost, options),
  ])
  return applianceNameWarning(name, resolved, {
    host: applianceHost,
    addresses: 'addresses' in appliance ? appliance.addresses : [],
  })
}

/**
 * Resolves the name given to vtl createCert and compares it with this computer's addresses; with the appliance's
 * host, also that the name is not one only this computer can reach.
 */
export async function checkClientName(
  name: string,
  options: { lookup?: Lookup; timeoutMs?: number; local?: string[]; applianceHost?: string } = {},
): Promise<string | undefined> {
  const [resolved, appliance] = await Promise.all([
    resolveName(name, options),
    options.applianceHost === undefined ? undefined : resolveName(options.applianceHost, options),
  ])
  return clientNameWarning(
    name,
    resolved,
    options.local ?? localAddresses(),
    appliance && 'addresses' in appliance ? appliance.addresses : [],
  )
}
