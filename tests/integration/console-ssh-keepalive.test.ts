/**
 * Keepalive on an SSH console, over real SSH to the simulator through a TCP relay that can go silent, as a
 * link does when a cable is pulled or a firewall drops the session without a word: the console does not wait
 * forever. After three unanswered keepalives it ends as a dropped link (which the host then reconnects), with a
 * message saying so; a console that goes on answering is left alone however long it idles.
 */
import { createServer, Socket, type Server } from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SessionEnd, SessionSink } from '../../electron/sessions/session'
import { openSshSession } from '../../electron/sessions/ssh-session'
import { startSimulator, type Simulator } from '../../simulator/index'
import { changeFactoryPassword } from '../support/first-login'
import { recorder } from '../support/session-recorder'

const PASSWORD = 'Keep-Al1ve-Rack7'

/** Relays TCP to `port`; `silent` stops every byte both ways while keeping both connections open. */
async function silentRelay(port: number): Promise<{ port: number; silent: boolean; close(): Promise<void> }> {
  const sockets = new Set<Socket>()
  const relay = {
    port: 0,
    silent: false,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
  const server: Server = createServer((inbound) => {
    const outbound = new Socket()
    outbound.connect(port, '127.0.0.1')
    for (const s of [inbound, outbound]) {
      sockets.add(s)
      s.on('error', () => undefined)
      s.on('close', () => (inbound.destroy(), outbound.destroy()))
    }
    inbound.on('data', (d) => relay.silent || outbound.write(d))
    outbound.on('data', (d) => relay.silent || inbound.write(d))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  relay.port = (server.address() as AddressInfo).port
  return relay
}

let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator({ host: '127.0.0.1', sshPort: 0 })
  await changeFactoryPassword(sim.appliances[0]!.ssh, PASSWORD)
})
afterAll(async () => {
  await sim?.stop()
})

async function loggedInConsole(port: number) {
  const rec = recorder()
  const ends: { message?: string; end?: SessionEnd }[] = []
  const sink: SessionSink = {
    ...rec.sink,
    status(state, message, end) {
      rec.sink.status(state, message)
      if (state === 'closed' || state === 'failed') ends.push({ message, end })
    },
  }
  const { ssh } = sim.appliances[0]!
  const session = await openSshSession(
    {
      host: '127.0.0.1',
      port,
      username: 'admin',
      hostKeyFingerprint: ssh.hostKeyFingerprint,
      initialPassword: PASSWORD,
      keepaliveSeconds: 1,
      cols: 80,
      rows: 24,
    },
    sink,
  )
  rec.bind(session)
  await rec.waitFor(/lunash:>\s*$/)
  return { rec, ends, session }
}

describe('SSH keepalive', () => {
  it('ends a console whose link went silent as a dropped link, saying the appliance stopped answering', async () => {
    const relay = await silentRelay(sim.appliances[0]!.ssh.port)
    try {
      const { ends } = await loggedInConsole(relay.port)
      relay.silent = true
      const silentAt = Date.now()
      const deadline = silentAt + 15_000
      while (ends.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
      expect(ends).toEqual([
        {
          message: `Connection to 127.0.0.1:${relay.port} lost: the appliance stopped answering (3 keepalives, 1 s apart, went unanswered).`,
          end: 'lost',
        },
      ])
      // Not at once: the keepalives had their time.
      expect(Date.now() - silentAt).toBeGreaterThanOrEqual(2_000)
    } finally {
      await relay.close()
    }
  })

  it('leaves an idle console that answers alone', async () => {
    const relay = await silentRelay(sim.appliances[0]!.ssh.port)
    try {
      const { rec, ends, session } = await loggedInConsole(relay.port)
      await new Promise((r) => setTimeout(r, 4_500))
      expect(ends).toEqual([])
      rec.clear()
      session.write('hsm show\r')
      await rec.waitFor(/Serial #:\s+\d+/)
      session.close()
    } finally {
      await relay.close()
    }
  })
})
