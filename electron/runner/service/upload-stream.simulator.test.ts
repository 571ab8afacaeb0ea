/**
 * A firmware-sized file streamed to the simulated appliance over real SSH and the legacy SCP protocol: the host
 * holds a few chunks, not the file, progress arrives in order up to the total, and a file that vanishes or
 * shrinks half-way fails with a message that says so, leaving nothing on the appliance. The appliance runs in a
 * process of its own so that its copy of the file is not counted as the host's memory.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtemp, open, rm, truncate, unlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectForTransfer, pushFile, type Progress } from '../../client/scp'
import { openUploadFile } from './upload-file'

const MiB = 1024 ** 2
// Large enough that holding the file would dwarf the few chunks and SSH buffers a stream needs.
const SIZE = 256 * MiB
let sim: ChildProcessWithoutNullStreams
let lines: AsyncIterator<string>
let endpoint: { port: number; hostKey: string }
let dir: string

const nextLine = async (): Promise<string> => {
  const { value, done } = await lines.next()
  if (done) throw new Error('the simulator process ended')
  return value as string
}

/** The size of a file in the simulated admin home; -1 when there is none. */
async function sizeOnAppliance(name: string): Promise<number> {
  sim.stdin.write(`size ${name}\n`)
  return Number(await nextLine())
}

const connect = () =>
  connectForTransfer({
    host: '127.0.0.1',
    port: endpoint.port,
    username: 'admin',
    password: 'Admin123!',
    expectedHostKey: endpoint.hostKey,
  })

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rackside-upload-'))
  sim = spawn(process.execPath, [
    '--import',
    'tsx',
    join(import.meta.dirname, 'fixtures/simulator-process.ts'),
  ])
  sim.stderr.on('data', (d: Buffer) => process.stderr.write(d))
  lines = createInterface({ input: sim.stdout })[Symbol.asyncIterator]()
  endpoint = JSON.parse(await nextLine()) as typeof endpoint
}, 60_000)

afterAll(async () => {
  sim?.kill()
  await rm(dir, { recursive: true, force: true })
})

describe('a large upload streamed over SCP', () => {
  it('sends 256 MiB holding far less than that in memory, with progress in order up to the total', async () => {
    const path = join(dir, 'lunafw_7.8.4.fuf')
    await (await open(path, 'w')).close()
    await truncate(path, SIZE) // sparse: the disk holds almost nothing
    const source = await openUploadFile(path)
    const conn = await connect()
    const before = process.memoryUsage().rss
    let peak = before
    const progress: Progress[] = []
    try {
      await pushFile(conn, 'lunafw_7.8.4.fuf', source, {
        method: 'scp',
        timeoutMs: 300_000,
        onProgress: (p) => {
          progress.push(p)
          if (progress.length % 64 === 0) peak = Math.max(peak, process.memoryUsage().rss)
        },
      })
    } finally {
      conn.close()
      await source.close()
    }
    peak = Math.max(peak, process.memoryUsage().rss)
    expect(peak - before).toBeLessThan(SIZE / 4)
    expect(progress[0]).toEqual({ transferred: 0, total: SIZE })
    expect(progress.at(-1)).toEqual({ transferred: SIZE, total: SIZE })
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]!.transferred).toBeGreaterThan(progress[i - 1]!.transferred)
    expect(await sizeOnAppliance('lunafw_7.8.4.fuf')).toBe(SIZE)
  }, 300_000)

  it('fails with a clear message when the file vanishes mid-upload, and the appliance keeps nothing', async () => {
    const path = join(dir, 'vanishing.fuf')
    await (await open(path, 'w')).close()
    await truncate(path, 8 * MiB)
    const source = await openUploadFile(path)
    const conn = await connect()
    let deleted = false
    try {
      const sending = pushFile(conn, 'vanishing.fuf', source, {
        method: 'scp',
        onProgress: ({ transferred }) => {
          if (!deleted && transferred >= 2 * MiB) {
            deleted = true
            void unlink(path)
          }
        },
      })
      await expect(sending).rejects.toThrow(/vanishing\.fuf vanished \(it was deleted or moved\)/)
    } finally {
      conn.close()
      await source.close()
    }
    expect(await sizeOnAppliance('vanishing.fuf')).toBe(-1)
  }, 120_000)

  it('fails when the file is cut short mid-upload, and the appliance keeps nothing', async () => {
    const path = join(dir, 'shrinking.fuf')
    await (await open(path, 'w')).close()
    await truncate(path, 8 * MiB)
    const source = await openUploadFile(path)
    const conn = await connect()
    let cut = false
    try {
      const sending = pushFile(conn, 'shrinking.fuf', source, {
        method: 'scp',
        onProgress: ({ transferred }) => {
          if (!cut && transferred >= 2 * MiB) {
            cut = true
            void truncate(path, 3 * MiB)
          }
        },
      })
      await expect(sending).rejects.toThrow(/shrinking\.fuf changed size/)
    } finally {
      conn.close()
      await source.close()
    }
    expect(await sizeOnAppliance('shrinking.fuf')).toBe(-1)
  }, 120_000)
})
