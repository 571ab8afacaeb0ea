/**
 * One page's API socket: requests in (read by frames.ts), replies and events out. Whatever a client sends, it
 * gets a reply under its request's id or a close with a code and a reason; other clients never notice, and the
 * host logs one line per refused frame, never the frame itself (it may hold a password).
 */
import type { WebSocket } from 'ws'
import type { Host, HostEvent } from '../host/host'
import type { Reply } from '../../shared/api'
import { encodeDataFrame } from '../../shared/data-frame'
import { closeCode, maxMessageBytes, readFrame } from './frames'

/**
 * ws closes a connection whose frames break the protocol (over the size limit, bad UTF-8, a malformed frame)
 * by itself, before the socket's `error` event, with a status code and no reason. These are the reasons.
 */
const protocolCloseReasons: Record<number, string> = {
  [closeCode.protocolError]: 'WebSocket protocol error: a malformed frame.',
  [closeCode.invalidPayload]: 'Invalid UTF-8 in a text frame.',
  [closeCode.messageTooBig]: `Message too big: the limit is ${maxMessageBytes / 1024} KiB.`,
}

function toBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data)
  return Buffer.isBuffer(data) ? data : Buffer.from(data)
}

/** Serves `ws` as host client `client` until it closes. `log` takes one line, without a newline. */
export function serveApiSocket(
  ws: WebSocket,
  client: string,
  appHost: Host,
  log: (line: string) => void,
): void {
  /** The close code the connection is ending with, once the host (or ws) has decided to close it. */
  let closing: number | undefined
  /** A connection's close is logged once, whatever else its client sends while it closes. */
  let closeLogged = false
  const inFlight = new Set<number>()
  const say = (line: string): void => log(`client ${client}: ${line}`)
  const logClose = (code: number, reason: string): void => {
    if (!closeLogged) say(`closed ${code}: ${reason}`)
    closeLogged = true
  }

  // ws calls close(code) itself on a protocol error; this gives that close its reason and remembers the code.
  const protocolClose = ws.close.bind(ws)
  ws.close = (code?: number, reason?: string | Buffer): void => {
    closing ??= code
    protocolClose(code, reason ?? (code === undefined ? undefined : protocolCloseReasons[code]))
  }
  // Without this listener one bad frame ended the whole process: ws emits `error` for every protocol error.
  ws.on('error', (error: Error & { code?: string }) => {
    if (closing === undefined) say(`connection error (${error.code ?? 'error'})`)
    else logClose(closing, `${protocolCloseReasons[closing] ?? 'protocol error'} (${error.code ?? 'error'})`)
  })

  const send = (data: string | Uint8Array): void => {
    if (ws.readyState === ws.OPEN) ws.send(data, { binary: typeof data !== 'string' })
  }
  const reply = (id: number, answer: Reply): void => {
    let text: string
    try {
      text = JSON.stringify({ id, reply: answer })
    } catch {
      say(`reply to request ${id} could not be encoded`)
      text = JSON.stringify({
        id,
        reply: { ok: false, error: { code: 'internal', message: 'Rackside could not encode its reply.' } },
      })
    }
    send(text)
  }

  /** Never rejects: a rejection here would be unhandled, and an unhandled rejection ends the process. */
  const answer = async (id: number, method: string, params: unknown): Promise<void> => {
    inFlight.add(id)
    let result: Reply
    try {
      result = await appHost.dispatch(method, params, client)
    } catch (error) {
      say(`request ${id} failed in the host`)
      const message = error instanceof Error ? error.message : String(error)
      result = {
        ok: false,
        error: { code: 'internal', message: `Rackside hit an unexpected error: ${message}` },
      }
    } finally {
      inFlight.delete(id)
    }
    reply(id, result)
  }

  ws.on('message', (data, isBinary) => {
    // Frames already on the way when the host decided to close are not read.
    if (closing !== undefined) return
    const frame = readFrame(toBuffer(data), isBinary, inFlight)
    if (frame.kind === 'close') {
      logClose(frame.code, frame.reason)
      closing = frame.code
      ws.close(frame.code, frame.reason)
    } else if (frame.kind === 'refuse') {
      say(`refused request ${frame.id}: ${frame.why}`)
      reply(frame.id, { ok: false, error: frame.error })
    } else {
      void answer(frame.id, frame.method, frame.params)
    }
  })

  const onEvent = (event: HostEvent): void => {
    if (event.client !== client) return
    if (event.name === 'session.data') {
      const { sessionId, data } = event.payload as HostEvent<'session.data'>['payload']
      send(encodeDataFrame({ sessionId, chars: data.length, bytes: Buffer.from(data, 'utf8') }))
    } else send(JSON.stringify({ event: event.name, payload: event.payload }))
  }
  appHost.events.on('event', onEvent)
  ws.on('close', () => {
    appHost.events.off('event', onEvent)
    appHost.disconnectClient(client)
  })
}
