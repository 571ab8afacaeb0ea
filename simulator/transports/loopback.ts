import { isIP } from 'node:net'

/** 127.0.0.0/8 or ::1: the only addresses the simulator listens on (it is a local demo target and test bench). */
export function isLoopback(host: string): boolean {
  if (host === '::1' || host === 'localhost') return true
  return isIP(host) === 4 && host.startsWith('127.')
}

export function assertLoopback(host: string): void {
  if (!isLoopback(host)) {
    throw new Error(
      `Refusing to listen on ${host}: the simulator only listens on loopback addresses (127.0.0.0/8 or ::1).`,
    )
  }
}

/** Node reports IPv4 peers on dual-stack sockets as ::ffff:a.b.c.d. */
export function plainAddress(address: string | undefined): string {
  if (!address) return ''
  return address.startsWith('::ffff:') ? address.slice(7) : address
}
