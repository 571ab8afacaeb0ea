/**
 * The SSH console session against the real simulator over loopback: banner and first-login prompts, the host
 * key pinned, the password asked in the console once the default no longer works, and flow control that
 * pauses the stream without losing a byte.
 */
import { createServer, connect, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../simulator/index'
import { RacksideError } from '../../shared/api'
import { openSshSession, type SshSessionOptions } from '../../electron/sessions/ssh-session'
import { recorder } from '../support/session-recorder'

let sim: Simulator
let target: Pick<SshSessionOptions, 'host' | 'port' | 'hostKeyFingerprint'>
const newPassword = 'Rack$ide2026'

beforeAll(async () => {
  sim = await startSimulator({ host: '127.0.0.1', sshPort: 0 })
  const { host, port, hostKeyFingerprint } = sim.appliances[0]!.ssh
  target = { host, port, hostKeyFingerprint }
})
afterAll(async () => sim?.stop())

const open = (rec: ReturnType<typeof recorder>, extra: Partial<SshSessionOptions> = {}) =>
  openSshSession({ ...target, username: 'admin', cols: 100, rows: 30, ...extra }, rec.sink).then((s) => {
    rec.bind(s)
    return s
  })

describe('SSH console session against the simulator', () => {
  it('refuses a server whose host key does not match the pinned fingerprint, before any password is sent', async () => {
    const rec = recorder()
    const wrong = 'SHA256:' + Buffer.alloc(32, 7).toString('base64').replace(/=+$/, '')
    const attempt = open(rec, { hostKeyFingerprint: wrong, initialPassword: 'PASSWORD' })
    await expect(attempt).rejects.toBeInstanceOf(RacksideError)
    await expect(attempt).rejects.toMatchObject({ code: 'host-key-mismatch' })
    await expect(attempt).rejects.toThrow(/presented host key SHA256:.* but SHA256:.* was expected/)
    expect(rec.text).toBe('')
    expect(rec.states.map((s) => s.state)).not.toContain('connected')
  })

  it('says which port refused the connection', async () => {
    const rec = recorder()
    const attempt = open(rec, { port: 1, initialPassword: 'PASSWORD' })
    await expect(attempt).rejects.toMatchObject({ code: 'connection-failed' })
    await expect(attempt).rejects.toThrow('Port 1 on 127.0.0.1 refused the connection. Is the appliance on')
  })

  it('logs in with the factory default and shows the forced first-login password change', async () => {
    const rec = recorder()
    const session = await open(rec, { initialPassword: 'PASSWORD' })
    await rec.waitForState('connected')
    await rec.waitFor('You are required to change your password immediately')
    await rec.waitFor('(current) UNIX password:')
    session.write('PASSWORD\r')
    await rec.waitFor('Enter new password:')
    session.write(`${newPassword}\r`)
    await rec.waitFor('Re-type new password:')
    session.write(`${newPassword}\r`)
    await rec.waitFor(/\[local_host\] lunash:>\s*$/)
    expect(rec.text).toMatch(/Command Line Shell/)
    expect(rec.text).not.toContain(newPassword)
    session.write('hsm show\r')
    await rec.waitFor(/Command Result : 0 \(Success\)\r?\n\[local_host\] lunash:>/)
    session.close()
    expect(await rec.waitForState('closed')).toBe(`Disconnected from 127.0.0.1:${target.port}.`)
  })

  it('asks for the password in the console when the default is refused, without echoing it', async () => {
    const rec = recorder()
    const session = await open(rec, { initialPassword: 'PASSWORD' })
    await rec.waitFor("admin@127.0.0.1's password: ")
    session.write('wrong-one\r')
    await rec.waitFor('Permission denied, please try again.')
    await rec.waitFor(/password: $/)
    for (const ch of newPassword) session.write(ch)
    session.write('\r')
    await rec.waitForState('connected')
    await rec.waitFor(/lunash:>\s*$/)
    expect(rec.text).not.toContain(newPassword)
    expect(rec.text).not.toContain('wrong-one')
    session.write('exit\r')
    expect(await rec.waitForState('closed')).toMatch(/closed by the appliance/)
  })

  it('gives a password typed before its prompt appeared to the prompt, never to the shell', async () => {
    const rec = recorder()
    const session = await open(rec, { initialPassword: 'PASSWORD' })
    // Typed at once, while the factory default is still being tried.
    session.write(`${newPassword}\r`)
    await rec.waitForState('connected')
    await rec.waitFor(/lunash:>\s*$/)
    expect(rec.text).toContain("admin@127.0.0.1's password: ")
    expect(rec.text).not.toContain(newPassword)
    session.close()
    await rec.waitForState('closed')
  })

  it('ends with a clear message when the operator cancels the password prompt with Ctrl-C', async () => {
    const rec = recorder()
    const session = await open(rec, { initialPassword: 'PASSWORD' })
    await rec.waitFor("admin@127.0.0.1's password: ")
    session.write('abc\x03')
    expect(await rec.waitForState('failed')).toBe(`Login to 127.0.0.1:${target.port} cancelled.`)
  })

  it('passes keystrokes typed while logging in to the shell once it opens', async () => {
    const rec = recorder()
    const session = await open(rec, { initialPassword: newPassword })
    session.write('hsm show\r')
    await rec.waitFor(/Serial #:\s+\d+/)
    session.close()
    await rec.waitForState('closed')
  })

  it('shows a lost connection with the address and the reason', async () => {
    // A real TCP hop between the console and the appliance, so the test can cut the wire.
    const sockets: Socket[] = []
    const hop = createServer((inbound) => {
      const outbound = connect(target.port, target.host)
      sockets.push(inbound, outbound)
      inbound.pipe(outbound).pipe(inbound)
      inbound.on('error', () => outbound.destroy())
      outbound.on('error', () => inbound.destroy())
    })
    await new Promise<void>((r) => hop.listen(0, '127.0.0.1', r))
    const hopPort = (hop.address() as { port: number }).port
    try {
      const rec = recorder()
      await open(rec, { port: hopPort, initialPassword: newPassword })
      await rec.waitFor(/lunash:>\s*$/)
      sockets[0]!.resetAndDestroy()
      const message = await rec.waitForState('closed')
      expect(message).toMatch(new RegExp(`^Connection to 127\\.0\\.0\\.1:${hopPort} lost: .*ECONNRESET`))
    } finally {
      for (const s of sockets) s.destroy()
      hop.close()
    }
  })

  it('pauses the stream while the renderer lags and resumes on acknowledgement without losing bytes', async () => {
    const rec = recorder({ acking: false })
    const highWater = 32 * 1024
    const session = await open(rec, {
      initialPassword: newPassword,
      output: { highWater, lowWater: 8 * 1024, maxChars: 8 * 1024 },
    })
    await rec.waitFor(/lunash:>\s*$/)
    session.ack(rec.chars)
    const before = rec.chars

    // 300 000 typed characters come back as 300 000 characters of echo.
    const total = 300_000
    const piece = 'x'.repeat(15_000)
    for (let sent = 0; sent < total; sent += piece.length) session.write(piece)

    // Nothing acknowledged: output stops shortly after the high-water mark. (A loaded machine may take a while to
    // echo the first thousand.)
    await rec.waitFor('x'.repeat(1000), 30_000)
    await new Promise((r) => setTimeout(r, 500))
    const stalled = rec.chars - before
    expect(stalled).toBeGreaterThan(highWater / 2)
    expect(stalled).toBeLessThan(highWater + 16 * 1024)
    await new Promise((r) => setTimeout(r, 300))
    expect(rec.chars - before).toBe(stalled)

    // The renderer catches up: acknowledge everything as it arrives until the echo is complete.
    const countX = () => (rec.text.slice(-total - 1000).match(/x/g) ?? []).length
    const start = Date.now()
    let acked = before
    while (countX() < total) {
      if (Date.now() - start > 20_000) throw new Error(`only ${countX()} of ${total} characters came back`)
      session.ack(rec.chars - acked)
      acked = rec.chars
      await new Promise((r) => setTimeout(r, 5))
    }
    expect(countX()).toBe(total)
    session.ack(rec.chars - acked)
    session.write('\x03')
    session.close()
    await rec.waitForState('closed')
  }, 60_000)
})
