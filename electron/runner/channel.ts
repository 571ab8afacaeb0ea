/**
 * The runner's view of a console session: text in, text out, and the end of the line. Serial, SSH and
 * local sessions adapt to this; the runner never sees a transport.
 */
export interface Channel {
  /** Types into the session, exactly as if the operator had typed it. */
  write(text: string): void
  /**
   * Types a secret (a password answer). Sessions that record or echo input should implement this and keep
   * it out of every log and transcript; without it the runner uses write().
   */
  writeSecret?(text: string): void
  /** Session output as it arrives (already decoded to text). Returns the unsubscribe function. */
  onData(listener: (text: string) => void): () => void
  /** The session ended (disconnect, hang-up). Returns the unsubscribe function. */
  onClose(listener: (reason: string) => void): () => void
}

/**
 * A channel its owner feeds: the host (and the CLI) push a console session's output and its end as they see
 * them, and the runner types through the session's own write and writeSecret. One implementation, so that the
 * app's runner and `rackside status` see a session the same way.
 */
export interface FedChannel {
  readonly channel: Channel
  /** The session showed this text. */
  data(text: string): void
  /** The session ended; later data and ends are ignored. */
  close(reason: string): void
}

export function fedChannel(typing: Pick<Channel, 'write' | 'writeSecret'>): FedChannel {
  const dataListeners = new Set<(text: string) => void>()
  const closeListeners = new Set<(reason: string) => void>()
  let closed = false
  return {
    channel: {
      write: typing.write,
      ...(typing.writeSecret ? { writeSecret: typing.writeSecret } : {}),
      onData(listener) {
        dataListeners.add(listener)
        return () => dataListeners.delete(listener)
      },
      onClose(listener) {
        closeListeners.add(listener)
        return () => closeListeners.delete(listener)
      },
    },
    data(text) {
      if (!closed && text !== '') for (const l of [...dataListeners]) l(text)
    },
    close(reason) {
      if (closed) return
      closed = true
      for (const l of [...closeListeners]) l(reason)
    },
  }
}

/** The parts of an ssh2 shell stream (ClientChannel) the adapter uses. */
export interface ShellStreamLike {
  write(data: string): unknown
  on(event: 'data', listener: (data: Buffer | string) => void): unknown
  on(event: 'close', listener: () => void): unknown
  off(event: 'data', listener: (data: Buffer | string) => void): unknown
  off(event: 'close', listener: () => void): unknown
}

/** Adapts a Node stream such as an ssh2 shell channel. UTF-8 sequences split across chunks are kept whole. */
export function streamChannel(stream: ShellStreamLike): Channel {
  const decoder = new TextDecoder('utf-8')
  let closed = false
  const fed = fedChannel({
    write: (text) => {
      if (!closed) stream.write(text)
    },
  })
  stream.on('data', (data) =>
    fed.data(typeof data === 'string' ? data : decoder.decode(data, { stream: true })),
  )
  stream.on('close', () => {
    closed = true
    fed.close('The connection closed.')
  })
  return fed.channel
}
