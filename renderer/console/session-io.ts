/**
 * The two directions of a console's bytes: output into xterm.js, acknowledged once parsed (the host pauses the
 * source meanwhile: flow control), and keystrokes and pastes out to the session, in order and in pieces.
 */
import type { Terminal } from '@xterm/xterm'
import { writeCoalescer, type WriteCoalescer } from './write-coalescer'

/** Largest piece of typed or pasted text sent in one request (the contract allows 64 KiB). */
export const writeChunk = 16 * 1024

/** Output to `terminal`, coalesced; `ack` gets the characters of host output xterm.js has processed. */
export function outputWriter(terminal: Terminal, ack: (chars: number) => void): WriteCoalescer {
  return writeCoalescer({
    write: (data, done) => terminal.write(data, done),
    written: ack,
  })
}

export interface InputSenderOptions {
  /** The session id once the open succeeded (undefined if it failed): typing while connecting waits for it. */
  opened: Promise<string | undefined>
  /** The session ended: nothing more is sent. */
  ended(): boolean
  write(sessionId: string, data: string): Promise<unknown>
}

/** Keystrokes and pastes, in order, in pieces the contract accepts; typed-ahead input waits for the session. */
export function inputSender({ opened, ended, write }: InputSenderOptions): (data: string) => void {
  let chain: Promise<unknown> = Promise.resolve()
  return (data) => {
    if (ended()) return
    for (let i = 0; i < data.length; i += writeChunk) {
      const piece = data.slice(i, i + writeChunk)
      chain = chain.then(async () => {
        const sessionId = await opened
        if (!sessionId || ended()) return
        await write(sessionId, piece).catch(() => undefined)
      })
    }
  }
}
