/**
 * One message on the browser host's API socket, read as the untrusted input it is. A text frame holding
 * {id, method, params} is a request; anything else is either refused under the frame's own id (the page's
 * pending call gets a clear error) or, when the frame carries no id to answer under, a reason to close the
 * connection with a WebSocket close code. Pure, so every case is a unit test with plain values; the socket
 * side is api-socket.ts.
 */
import { isUtf8 } from 'node:buffer'
import type { ApiError } from '../../shared/api'
import { methodNames, type MethodName } from '../../shared/api-surface'

/**
 * The largest message the host reads. The largest request the contract accepts (sessions.write with 65,536
 * characters, each up to six bytes as a JSON escape) fits; ws refuses anything bigger from the frame header
 * on, before buffering it.
 */
export const maxMessageBytes = 512 * 1024
/** No request of the contract nests half as deep; deeper input never reaches the schemas or the handlers. */
export const maxNesting = 32
/** Requests of one page still being answered; the page keeps a handful, a runaway client is told to wait. */
export const maxInFlight = 256

/** RFC 6455 §7.4.1 status codes the host closes with. */
export const closeCode = {
  protocolError: 1002,
  unsupportedData: 1003,
  invalidPayload: 1007,
  policyViolation: 1008,
  messageTooBig: 1009,
} as const

export type Frame =
  | { kind: 'request'; id: number; method: MethodName; params: unknown }
  /** Answer `id` with `error`; `why` is the host's log line, which never quotes the frame. */
  | { kind: 'refuse'; id: number; error: ApiError; why: string }
  /** Close the connection; `reason` (at most 123 bytes) is what the client sees and what the host logs. */
  | { kind: 'close'; code: number; reason: string }

const envelopeFields = new Set(['id', 'method', 'params'])

/** How deep arrays and objects nest in JSON text, read without recursion (brackets inside strings do not count). */
export function jsonNesting(text: string): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c)
        i++ // backslash: the next character is escaped
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth)
    else if (c === 0x5d || c === 0x7d) depth--
  }
  return deepest
}

const quoted = (value: string): string => JSON.stringify(value.length > 60 ? value.slice(0, 60) + '…' : value)

const refuse = (id: number, why: string, error: ApiError): Frame => ({ kind: 'refuse', id, why, error })

/**
 * Reads one message. `inFlight` holds the ids of this client's requests still being answered: an id may not
 * be reused until its reply is sent, or the page could not tell the two replies apart.
 */
export function readFrame(data: Buffer, isBinary: boolean, inFlight: ReadonlySet<number>): Frame {
  if (isBinary)
    return {
      kind: 'close',
      code: closeCode.unsupportedData,
      reason: 'Binary frames are not accepted: send each request as a JSON text frame.',
    }
  if (data.length > maxMessageBytes)
    return {
      kind: 'close',
      code: closeCode.messageTooBig,
      reason: `Message too big: the limit is ${maxMessageBytes / 1024} KiB.`,
    }
  // ws checks text frames already; decoding without the check would turn bad bytes into U+FFFD silently.
  if (!isUtf8(data))
    return { kind: 'close', code: closeCode.invalidPayload, reason: 'Invalid UTF-8 in a text frame.' }
  const text = data.toString('utf8')
  let message: unknown
  try {
    // V8 parses JSON without recursion, so no nesting depth can exhaust the stack here.
    message = JSON.parse(text)
  } catch {
    return {
      kind: 'close',
      code: closeCode.invalidPayload,
      reason: 'Not JSON: each message must be a JSON object {id, method, params}.',
    }
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message))
    return {
      kind: 'close',
      code: closeCode.invalidPayload,
      reason: 'Not a request: each message must be a JSON object {id, method, params}.',
    }
  const request = message as Record<string, unknown>
  const id = Object.hasOwn(request, 'id') ? request.id : undefined
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0)
    return {
      kind: 'close',
      code: closeCode.policyViolation,
      reason: 'A request without a usable id (a whole number from 0) cannot be answered.',
    }

  const invalid = (message: string): ApiError => ({ code: 'invalid-request', message })
  if (jsonNesting(text) > maxNesting)
    return refuse(
      id,
      `nested deeper than ${maxNesting} levels`,
      invalid(`Request ${id} nests deeper than ${maxNesting} levels; no request of the API does.`),
    )
  const extra = Object.keys(request).filter((key) => !envelopeFields.has(key))
  if (extra.length > 0)
    return refuse(
      id,
      'fields besides id, method and params',
      invalid(
        `Request ${id} has unexpected field${extra.length > 1 ? 's' : ''} ${extra.slice(0, 5).map(quoted).join(', ')}: a request holds only id, method and params.`,
      ),
    )
  if (inFlight.has(id))
    return refuse(
      id,
      'id of a request still being answered',
      invalid(`Request id ${id} is already in use by a request still being answered; use a new id.`),
    )
  if (inFlight.size >= maxInFlight)
    return refuse(id, `over ${maxInFlight} requests in flight`, {
      code: 'busy',
      message: `Too many requests at once (${maxInFlight} still being answered); wait for their replies.`,
    })
  const method = Object.hasOwn(request, 'method') ? request.method : undefined
  if (typeof method !== 'string' || !(methodNames as readonly string[]).includes(method))
    return refuse(
      id,
      'unknown method',
      invalid(
        typeof method === 'string'
          ? `Unknown request ${quoted(method)}.`
          : `Request ${id} names no method: give "method" as a string, e.g. "app.info".`,
      ),
    )
  return {
    kind: 'request',
    id,
    method: method as MethodName,
    params: Object.hasOwn(request, 'params') ? request.params : undefined,
  }
}
