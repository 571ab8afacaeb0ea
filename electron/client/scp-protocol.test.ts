import { Duplex, PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import type { Progress } from './scp-protocol'
import { ChannelReader, ScpProtocolError, ScpRemoteError, receiveFile, sendFile } from './scp-protocol'

/** A channel whose far end is a scripted appliance: `peer.write` reaches the app, `appSent` collects what the app wrote. */
function channelPair(): { channel: Duplex; peer: PassThrough; appSent: PassThrough; reader: ChannelReader } {
  const peer = new PassThrough()
  const appSent = new PassThrough()
  const channel = Duplex.from({ readable: peer, writable: appSent })
  return { channel, peer, appSent, reader: new ChannelReader(appSent) }
}

/** Writes bytes one at a time, so the framing is tested across every chunk boundary. */
async function dribble(stream: PassThrough, data: Buffer | string): Promise<void> {
  for (const b of Buffer.from(data)) {
    stream.write(Buffer.from([b]))
    await new Promise((r) => setImmediate(r))
  }
}

describe('receiving a file (scp -f)', () => {
  it('reads the C line and the data across chunk boundaries, acknowledging each step, with progress', async () => {
    const { channel, peer, reader } = channelPair()
    const progress: Progress[] = []
    const pem = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n')
    const received = receiveFile(channel, 'server.pem', {
      maxBytes: 4096,
      onProgress: (p) => progress.push(p),
    })
    expect(await reader.byte('start')).toBe(0)
    await dribble(peer, `T1700000000 0 1700000000 0\n`)
    expect(await reader.byte('after T')).toBe(0)
    await dribble(peer, `C0644 ${pem.length} server.pem\n`)
    expect(await reader.byte('after C')).toBe(0)
    await dribble(peer, Buffer.concat([pem, Buffer.from([0])]))
    expect(await reader.byte('after data')).toBe(0)
    expect(await received).toEqual(pem)
    expect(progress.at(0)).toEqual({ transferred: 0, total: pem.length })
    expect(progress.at(-1)).toEqual({ transferred: pem.length, total: pem.length })
    expect(progress.map((p) => p.transferred)).toEqual(
      [...progress.map((p) => p.transferred)].sort((a, b) => a - b),
    )
  })

  it('reports the appliance’s own words for a \\x01scp: error', async () => {
    const { channel, peer } = channelPair()
    const received = receiveFile(channel, 'server.pem', { maxBytes: 4096 })
    peer.write('\x01scp: server.pem: No such file or directory\n')
    const error = await received.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ScpRemoteError)
    expect((error as ScpRemoteError).remoteMessage).toBe('server.pem: No such file or directory')
    expect((error as Error).message).toBe(
      'The appliance refused to send server.pem: server.pem: No such file or directory',
    )
  })

  it('reports a fatal \\x02 error after the data', async () => {
    const { channel, peer } = channelPair()
    const received = receiveFile(channel, 'server.pem', { maxBytes: 4096 })
    peer.write('C0644 3 server.pem\nabc\x02scp: read error\n')
    await expect(received).rejects.toThrow(/read error/)
  })

  it('refuses a file larger than expected and tells the appliance to stop', async () => {
    const { channel, peer, reader } = channelPair()
    const received = receiveFile(channel, 'server.pem', { maxBytes: 100 })
    expect(await reader.byte('start')).toBe(0)
    peer.write('C0644 104857600 server.pem\n')
    await expect(received).rejects.toThrow(/104857600 bytes .* Nothing was saved/)
    expect(await reader.byte('refusal')).toBe(2)
  })

  it('refuses another file name, a directory, and output that is not SCP', async () => {
    for (const [input, pattern] of [
      ['C0644 3 other.pem\n', /sent other.pem when server.pem was asked for/],
      ['D0755 0 certs\n', /directory instead of the file/],
      ['Welcome to the appliance\n', /not an SCP file header/],
    ] as const) {
      const { channel, peer } = channelPair()
      const received = receiveFile(channel, 'server.pem', { maxBytes: 4096 })
      peer.write(input)
      await expect(received).rejects.toThrow(pattern)
    }
  })

  it('says the appliance hung up when the data stops short', async () => {
    const { channel, peer } = channelPair()
    const received = receiveFile(channel, 'server.pem', { maxBytes: 4096 })
    peer.write('C0644 10 server.pem\nabc')
    peer.end()
    const error = await received.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ScpProtocolError)
    expect((error as Error).message).toMatch(/closed the transfer before all 10 bytes of server.pem arrived/)
  })
})

describe('sending a file (scp -t)', () => {
  it('announces mode, size and name, sends the data and the end byte', async () => {
    const { channel, peer, reader } = channelPair()
    const data = Buffer.alloc(70_000, 0x41)
    const progress: Progress[] = []
    const sent = sendFile(channel, '192.168.5.174.pem', data, { onProgress: (p) => progress.push(p) })
    peer.write(Buffer.from([0]))
    expect(await reader.line('C line')).toBe('C0644 70000 192.168.5.174.pem')
    peer.write(Buffer.from([0]))
    const got: Buffer[] = []
    await reader.exactly(70_000, (c) => got.push(Buffer.from(c)), 'data')
    expect(Buffer.concat(got)).toEqual(data)
    expect(await reader.byte('end')).toBe(0)
    peer.write(Buffer.from([0]))
    await sent
    expect(progress.at(-1)).toEqual({ transferred: 70_000, total: 70_000 })
  })

  it('reports a refusal after the C line in the appliance’s words', async () => {
    const { channel, peer, reader } = channelPair()
    const sent = sendFile(channel, 'client.pem', Buffer.from('x'))
    peer.write(Buffer.from([0]))
    await reader.line('C line')
    peer.write('\x01scp: client.pem: Permission denied\n')
    await expect(sent).rejects.toThrow(
      'The appliance refused to receive client.pem: client.pem: Permission denied',
    )
  })

  it('refuses a name with a path or shell characters and sends nothing', async () => {
    for (const name of ['../etc/passwd', 'a b.pem', 'x;reboot', '.hidden', '']) {
      const { channel, appSent } = channelPair()
      await expect(sendFile(channel, name, Buffer.from('x'))).rejects.toBeInstanceOf(ScpProtocolError)
      expect(appSent.read()).toBeNull()
    }
  })
})
