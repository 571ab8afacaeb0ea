/**
 * The browser host's fast path for console output. A `session.data` event travels over the WebSocket as one
 * binary frame, `0x00 <session id, ASCII> 0x00 <the output, UTF-8>`, rather than JSON: JSON escapes every
 * control character of a flood (measured at about 0.4 s of host time per 20 MiB) and the page pays again to
 * parse it, while UTF-8 bytes are encoded and decoded natively. Every other message stays a JSON text frame.
 */

export interface DataFrame {
  sessionId: string
  /** The output as UTF-8, whole characters only (the host's decoder never splits one). */
  bytes: Uint8Array
}

const sessionIdPattern = /^s-[0-9a-f]{8,32}$/

export function encodeDataFrame({ sessionId, bytes }: DataFrame): Uint8Array {
  if (!sessionIdPattern.test(sessionId)) throw new Error(`Not a session id: ${JSON.stringify(sessionId)}`)
  const frame = new Uint8Array(sessionId.length + 2 + bytes.length)
  for (let i = 0; i < sessionId.length; i++) frame[i + 1] = sessionId.charCodeAt(i)
  frame.set(bytes, sessionId.length + 2)
  return frame
}

/** The frame's session id and output bytes, or undefined if it is not a data frame. */
export function decodeDataFrame(frame: Uint8Array): DataFrame | undefined {
  if (frame[0] !== 0) return undefined
  const end = frame.indexOf(0, 1)
  if (end < 0 || end > 40) return undefined
  const sessionId = String.fromCharCode(...frame.subarray(1, end))
  if (!sessionIdPattern.test(sessionId)) return undefined
  return { sessionId, bytes: frame.subarray(end + 1) }
}
