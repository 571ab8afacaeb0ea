/**
 * The simulator's NTLS application protocol (the real one is proprietary). After the mutual-TLS handshake the
 * client sends text lines, the server answers each with one line:
 *
 *   LIST\n  ->  {"client":"<registered name>","partitions":[{"name":"p1","serial":"157541008","label":"p1"}]}\n
 *   PING\n  ->  PONG\n
 *   QUIT\n  ->  (server closes the connection)
 *   other   ->  ERR unknown command\n
 *
 * An unregistered certificate, a wrong source address (ipcheck) or NTLS being down ends the connection without
 * any reply; with TLS 1.3 that can happen after the client's handshake looked complete, so a client decides
 * success by the reply, never by the handshake.
 */

export interface NtlsPartition {
  name: string
  serial: string
  label: string
}

export interface NtlsListReply {
  client: string
  partitions: NtlsPartition[]
}

export function formatListReply(reply: NtlsListReply): string {
  return `${JSON.stringify(reply)}\n`
}

export function parseListReply(line: string): NtlsListReply | undefined {
  try {
    const value = JSON.parse(line) as Partial<NtlsListReply>
    if (typeof value.client !== 'string' || !Array.isArray(value.partitions)) return undefined
    return { client: value.client, partitions: value.partitions }
  } catch {
    return undefined
  }
}
