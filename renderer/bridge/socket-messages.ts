/** What the page and its socket worker (socket-worker.ts) say to each other. */

/** Page → worker. */
export type ToSocket = { kind: 'open'; url: string } | { kind: 'send'; text: string }

/** Worker → page. */
export type FromSocket =
  | { kind: 'open' }
  | { kind: 'close' }
  /** A JSON text frame from the host (a reply or an event), parsed. */
  | { kind: 'message'; message: unknown }
  /** A console output frame: its UTF-8 bytes (the buffer transferred, not copied) and the host's length. */
  | { kind: 'data'; sessionId: string; bytes: Uint8Array; chars: number }
