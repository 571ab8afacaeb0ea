/**
 * The legacy SCP protocol (the rcp framing `scp -O` speaks) for one file, over any duplex byte channel: an ssh2
 * exec channel running `scp -f <file>` (we receive) or `scp -t .` (we send). Pure framing, no SSH here, so it
 * is unit-tested with plain streams.
 *
 * Framing: a status byte 0 = OK, 1 = warning + message line, 2 = fatal + message line; a file is announced by
 * `C<mode> <size> <name>\n`, optionally preceded by `T<mtime> 0 <atime> 0\n`, followed by <size> bytes and a
 * status byte.
 */
import type { Duplex } from 'node:stream'

/** The appliance answered with `\x01scp: ...` or `\x02...`: its own words, e.g. "server.pem: No such file or directory". */
export class ScpRemoteError extends Error {
  readonly code = 'scp-remote-error'
  readonly remoteMessage: string
  constructor(remoteMessage: string, what: string) {
    super(`The appliance refused to ${what}: ${remoteMessage}`)
    this.name = 'ScpRemoteError'
    this.remoteMessage = remoteMessage
  }
}

/** The peer said something that is not SCP, or hung up in the middle. */
export class ScpProtocolError extends Error {
  readonly code = 'scp-protocol-error'
  constructor(message: string) {
    super(message)
    this.name = 'ScpProtocolError'
  }
}

export interface Progress {
  /** Bytes moved so far and the total announced. */
  transferred: number
  total: number
}

const MAX_LINE = 4096

/** Buffered reads of bytes, lines and exact counts from a stream; an end before the data is an error. */
export class ChannelReader {
  private chunks: Buffer[] = []
  private length = 0
  private ended = false
  private failure: Error | undefined
  private wake: (() => void) | undefined

  constructor(stream: NodeJS.ReadableStream) {
    stream.on('data', (chunk: Buffer | string) => {
      const b = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk
      this.chunks.push(b)
      this.length += b.length
      this.notify()
    })
    stream.on('end', () => {
      this.ended = true
      this.notify()
    })
    stream.on('close', () => {
      this.ended = true
      this.notify()
    })
    stream.on('error', (error: Error) => {
      this.failure = error
      this.notify()
    })
  }

  private notify(): void {
    const w = this.wake
    this.wake = undefined
    w?.()
  }

  private async need(what: string): Promise<void> {
    while (this.length === 0) {
      if (this.failure) throw this.failure
      if (this.ended) throw new ScpProtocolError(`The appliance closed the transfer ${what}.`)
      await new Promise<void>((resolve) => (this.wake = resolve))
    }
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.length)
    const out = all.subarray(0, n)
    const rest = all.subarray(n)
    this.chunks = rest.length ? [rest] : []
    this.length = rest.length
    return out
  }

  async byte(what: string): Promise<number> {
    await this.need(what)
    return this.take(1)[0]!
  }

  /** A line up to `\n` (not included), at most MAX_LINE bytes. */
  async line(what: string): Promise<string> {
    const parts: Buffer[] = []
    let size = 0
    for (;;) {
      await this.need(what)
      const all = this.take(this.length)
      const nl = all.indexOf(0x0a)
      if (nl >= 0) {
        parts.push(all.subarray(0, nl))
        const rest = all.subarray(nl + 1)
        if (rest.length) {
          this.chunks.unshift(rest)
          this.length += rest.length
        }
        return Buffer.concat(parts).toString('utf8')
      }
      parts.push(all)
      size += all.length
      if (size > MAX_LINE)
        throw new ScpProtocolError('The appliance sent an SCP control line that never ends.')
    }
  }

  /** Exactly n bytes, handed to onChunk as they arrive. */
  async exactly(n: number, onChunk: (chunk: Buffer) => void, what: string): Promise<void> {
    let left = n
    while (left > 0) {
      await this.need(what)
      const chunk = this.take(Math.min(left, this.length))
      left -= chunk.length
      onChunk(chunk)
    }
  }
}

/** Reads a status byte; 1 or 2 bring a message line, returned as a ScpRemoteError. */
async function expectOk(reader: ChannelReader, what: string): Promise<void> {
  const status = await reader.byte(`before confirming (${what})`)
  if (status === 0) return
  if (status === 1 || status === 2) {
    const message = (await reader.line(`in the middle of an error message (${what})`)).replace(/^scp:\s*/, '')
    throw new ScpRemoteError(message, what)
  }
  throw new ScpProtocolError(
    `The appliance answered ${what} with byte 0x${status.toString(16).padStart(2, '0')}, which is not SCP. ` +
      'Is the account a Luna appliance account (admin) and is its shell free of login messages on exec?',
  )
}

function write(stream: Duplex, data: Buffer | string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = stream.write(data, (error) => (error ? reject(error) : undefined))
    if (ok) resolve()
    else stream.once('drain', resolve)
  })
}

/** A remote file name we can put on a `C` line or a command line: one plain path component. */
export function isPlainFileName(name: string): boolean {
  return /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/.test(name) && !name.includes('..')
}

/**
 * Receives one file from a channel running `scp -f <name>`. Refuses directories, names other than the one
 * asked for, and sizes over maxBytes (answering the appliance with an error so it stops).
 */
export async function receiveFile(
  channel: Duplex,
  expectedName: string,
  options: { maxBytes: number; onProgress?: (p: Progress) => void },
): Promise<Buffer> {
  const reader = new ChannelReader(channel)
  const what = `send ${expectedName}`
  await write(channel, Buffer.from([0]))
  for (;;) {
    const kind = await reader.byte(`before sending ${expectedName}`)
    if (kind === 1 || kind === 2) {
      const message = (await reader.line(`in the middle of an error message`)).replace(/^scp:\s*/, '')
      throw new ScpRemoteError(message, what)
    }
    const line = await reader.line(`in the middle of the file header`)
    const letter = String.fromCharCode(kind)
    if (letter === 'T') {
      if (!/^\d+ \d+ \d+ \d+$/.test(line))
        throw new ScpProtocolError(`The appliance sent a malformed time line: T${line}`)
      await write(channel, Buffer.from([0]))
      continue
    }
    if (letter === 'D' || letter === 'E') {
      await write(channel, Buffer.from('\x02scp: expected a file, got a directory\n'))
      throw new ScpProtocolError(`The appliance offered a directory instead of the file ${expectedName}.`)
    }
    const m = letter === 'C' ? /^([0-7]{4}) (\d+) (.+)$/.exec(line) : null
    if (!m)
      throw new ScpProtocolError(
        `The appliance sent something that is not an SCP file header: ${letter}${line}`,
      )
    const size = Number(m[2])
    const name = m[3]!
    if (name !== expectedName) {
      await write(channel, Buffer.from(`\x02scp: expected ${expectedName}\n`))
      throw new ScpProtocolError(`The appliance sent ${name} when ${expectedName} was asked for.`)
    }
    if (!Number.isSafeInteger(size) || size > options.maxBytes) {
      await write(channel, Buffer.from('\x02scp: file too large\n'))
      throw new ScpProtocolError(
        `The appliance announced ${m[2]} bytes for ${expectedName}, more than the ${options.maxBytes} expected. Nothing was saved.`,
      )
    }
    await write(channel, Buffer.from([0]))
    const parts: Buffer[] = []
    let got = 0
    options.onProgress?.({ transferred: 0, total: size })
    await reader.exactly(
      size,
      (chunk) => {
        parts.push(Buffer.from(chunk))
        got += chunk.length
        options.onProgress?.({ transferred: got, total: size })
      },
      `before all ${size} bytes of ${expectedName} arrived`,
    )
    await expectOk(reader, what)
    await write(channel, Buffer.from([0]))
    return Buffer.concat(parts, size)
  }
}

/**
 * What an upload sends: bytes in memory (a certificate) or a file streamed from disk a chunk at a time (a
 * firmware package), whose reader fails if the file changes underneath.
 */
export type UploadData = Buffer | { readonly size: number; chunks(): AsyncIterable<Buffer> }

const STEP = 32 * 1024

/** The data as chunks; a buffer is cut into STEP-sized views of itself (nothing copied). */
export async function* chunksOf(data: UploadData): AsyncGenerator<Buffer> {
  if (!Buffer.isBuffer(data)) {
    yield* data.chunks()
    return
  }
  for (let off = 0; off < data.length; off += STEP)
    yield data.subarray(off, Math.min(off + STEP, data.length))
}

export const sizeOf = (data: UploadData): number => (Buffer.isBuffer(data) ? data.length : data.size)

/**
 * Sends one file into a channel running `scp -t <dir>`. Each chunk waits for the channel to drain (backpressure),
 * so a streamed file costs a few chunks of memory. If the source fails after the size was announced, the error is
 * thrown without the final status byte: the appliance's scp never sees a complete file.
 */
export async function sendFile(
  channel: Duplex,
  name: string,
  data: UploadData,
  options: { mode?: number; onProgress?: (p: Progress) => void } = {},
): Promise<void> {
  if (!isPlainFileName(name)) throw new ScpProtocolError(`"${name}" is not a plain file name SCP can send.`)
  const reader = new ChannelReader(channel)
  const what = `receive ${name}`
  const total = sizeOf(data)
  await expectOk(reader, what)
  const mode = (options.mode ?? 0o644).toString(8).padStart(4, '0')
  await write(channel, `C${mode} ${total} ${name}\n`)
  await expectOk(reader, what)
  options.onProgress?.({ transferred: 0, total })
  let sent = 0
  for await (const chunk of chunksOf(data)) {
    if (sent + chunk.length > total)
      throw new ScpProtocolError(`${name} grew while it was being sent. Nothing was completed; try again.`)
    await write(channel, chunk)
    sent += chunk.length
    options.onProgress?.({ transferred: sent, total })
  }
  if (sent !== total)
    throw new ScpProtocolError(
      `${name} ended after ${sent} of ${total} bytes. Nothing was completed; try again.`,
    )
  await write(channel, Buffer.from([0]))
  await expectOk(reader, what)
}
