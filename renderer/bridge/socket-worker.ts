/**
 * Owns the browser host's WebSocket, off the page's main thread. Chromium hands a WebSocket message to the
 * thread that owns the socket in 64 KiB pieces, one task each; on the page's main thread those tasks queue
 * behind xterm.js's parse slices, so a console flood arrived slower than xterm could draw it (measured: the
 * terminal sat empty for a third of a 20 MiB flood). Here the pieces are assembled in parallel and the page
 * gets each message whole: console output as the UTF-8 bytes it arrived in, handed over without a copy.
 */
import { decodeDataFrame } from '../../shared/data-frame'
import type { FromSocket, ToSocket } from './socket-messages'

interface WorkerScope {
  postMessage(message: FromSocket, transfer?: Transferable[]): void
  addEventListener(type: 'message', listener: (event: MessageEvent<ToSocket>) => void): void
}
const scope = self as unknown as WorkerScope
let socket: WebSocket | undefined

scope.addEventListener('message', ({ data }) => {
  if (data.kind === 'send') {
    socket?.send(data.text)
    return
  }
  if (socket) return
  socket = new WebSocket(data.url)
  socket.binaryType = 'arraybuffer'
  socket.addEventListener('open', () => scope.postMessage({ kind: 'open' }))
  socket.addEventListener('close', () => scope.postMessage({ kind: 'close' }))
  socket.addEventListener('message', ({ data: frame }: MessageEvent<unknown>) => {
    if (frame instanceof ArrayBuffer) {
      const output = decodeDataFrame(new Uint8Array(frame))
      // The frame's buffer moves to the page; xterm.js parses UTF-8 itself, so nothing is decoded or copied here.
      if (output) scope.postMessage({ kind: 'data', ...output }, [frame])
      return
    }
    try {
      scope.postMessage({ kind: 'message', message: JSON.parse(String(frame)) as unknown })
    } catch {
      // not JSON: nothing the host sends
    }
  })
})
