/**
 * The bench's SSH server: a shell whose `go N` prints N MiB of `block()`, then BENCH-DONE. Run as its own
 * process (`node --import tsx bench/flood-server.ts`); prints {"port", "fingerprint"} on one line.
 */
import ssh2 from 'ssh2'
import type { Connection, ServerChannel } from 'ssh2'
import { sha256Fingerprint } from '../electron/sessions/host-key'
import { generateSshHostKey } from '../simulator/index'

const { Server, utils } = ssh2
const MB = 1024 * 1024

/**
 * The flood server's login. Typed at a password prompt, so the transcript redacts it from then on: it must not
 * occur in the flood itself, as a real password does not fill every line of a console.
 */
export const flood = { username: 'bench', password: 'Fl00d-Bench-Pw' }

/** One MiB of terminal text: numbered 80-column lines with a little colour, as a busy console prints. */
export function block(): string {
  const lines: string[] = []
  let size = 0
  for (let i = 0; ; i++) {
    const body = `${String(i).padStart(6, '0')} \x1b[32mok\x1b[0m partition slot=${i % 97} label=bench-${(i * 7919) % 100000} `
    const line = body + 'x'.repeat(Math.max(0, 80 - body.length)) + '\r\n'
    if (size + line.length + 8 > MB) break
    lines.push(line)
    size += line.length
  }
  // Whole lines only (an escape sequence cut in two would swallow what follows); padded to exactly 1 MiB.
  lines.push('x'.repeat(MB - size - 2) + '\r\n')
  return lines.join('')
}

/** An SSH server whose shell prints N MiB of `block()` when the operator types `go N`. */
export async function floodServer(text: string) {
  const hostKey = generateSshHostKey()
  const parsed = utils.parseKey(hostKey)
  if (parsed instanceof Error) throw parsed
  const fingerprint = sha256Fingerprint((Array.isArray(parsed) ? parsed[0] : parsed).getPublicSSH())
  const chunk = Buffer.from(text, 'latin1')
  const pour = async (stream: ServerChannel, mib: number) => {
    for (let i = 0; i < mib; i++) {
      for (let off = 0; off < chunk.length; off += 32 * 1024) {
        if (!stream.write(chunk.subarray(off, off + 32 * 1024)))
          await new Promise((r) => stream.once('drain', r))
      }
    }
    stream.write('\r\nBENCH-DONE\r\nbench$ ')
  }
  const server = new Server({ hostKeys: [hostKey] }, (client: Connection) => {
    client.on('authentication', (ctx) =>
      ctx.method === 'password' && ctx.password === flood.password ? ctx.accept() : ctx.reject(['password']),
    )
    client.on('ready', () =>
      client.on('session', (accept) => {
        const session = accept()
        session.on('pty', (ok) => ok())
        session.on('window-change', (ok) => ok?.())
        session.on('shell', (ok) => {
          const stream = ok()
          stream.write('bench$ ')
          let line = ''
          stream.on('data', (d: Buffer) => {
            for (const ch of d.toString('latin1')) {
              if (ch === '\r') {
                stream.write('\r\n')
                const m = /^go (\d+)$/.exec(line.trim())
                line = ''
                if (m) void pour(stream, Number(m[1]))
                else stream.write('bench$ ')
              } else {
                line += ch
                stream.write(ch)
              }
            }
          })
        })
      }),
    )
    client.on('error', () => undefined)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  return { port, fingerprint, close: () => new Promise<void>((r) => server.close(() => r())) }
}

if (process.argv[1] && /flood-server\.ts$/.test(process.argv[1])) {
  void floodServer(block()).then((s) => {
    process.stdout.write(`${JSON.stringify({ port: s.port, fingerprint: s.fingerprint })}\n`)
    process.once('SIGTERM', () => process.exit(0))
  })
}
