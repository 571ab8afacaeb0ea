/**
 * The browser host's fast path for console output. A `session.data` event travels over the WebSocket as one
 * binary frame, `0x00 <session id, ASCII> 0x00 <characters, u32 big-endian> <the output, UTF-8>`, rather than
 * JSON: JSON escapes every control character of a flood (measured at about 0.4 s of host time per 20 MiB) and
 * the page pays again to parse it, while UTF-8 bytes are encoded natively and xterm.js parses them as they are.
 * The character count is the output's length as the host counts it (UTF-16 code units), so the page can
 * acknowledge what it wrote in the host's units without decoding it. Every other message stays a JSON text frame.
 */

export interface DataFrame {
  sessionId: string
  /** The output's length in UTF-16 code units (JavaScript string length): what the page acknowledges. */
  chars: number
  /** The output as UTF-8, whole characters only (the host's decoder never splits one). */
  bytes: Uint8Array
}

const sessionIdPattern = /^s-[0-9a-f]{8,32}$/

export function encodeDataFrame({ sessionId, chars, bytes }: DataFrame): Uint8Array {
  if (!sessionIdPattern.test(sessionId)) throw new Error(`Not a session id: ${JSON.stringify(sessionId)}`)
  if (!Number.isInteger(chars) || chars < 0 || chars > 0xffffffff)
    throw new Error(`Not a character count: ${chars}`)
  const head = sessionId.length + 2
  const frame = new Uint8Array(head + 4 + bytes.length)
  for (let i = 0; i < sessionId.length; i++) frame[i + 1] = sessionId.charCodeAt(i)
  new DataView(frame.buffer, frame.byteOffset).setUint32(head, chars)
  frame.set(bytes, head + 4)
  return frame
}

/** The frame's session id, character count and output bytes, or undefined if it is not a data frame. */
export function decodeDataFrame(frame: Uint8Array): DataFrame | undefined {
  if (frame[0] !== 0) return undefined
  const end = frame.indexOf(0, 1)
  if (end < 0 || end > 40 || frame.length < end + 5) return undefined
  const sessionId = String.fromCharCode(...frame.subarray(1, end))
  if (!sessionIdPattern.test(sessionId)) return undefined
  const chars = new DataView(frame.buffer, frame.byteOffset).getUint32(end + 1)
  return { sessionId, chars, bytes: frame.subarray(end + 5) }
}
