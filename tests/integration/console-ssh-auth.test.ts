/**
 * Logging in to an SSH console without a typed password, over real SSH: a private key file (plain, or with a
 * passphrase asked in the console), keyboard-interactive prompts, a key held by a running `ssh-agent`, and an
 * old appliance that speaks only legacy algorithms. A small ssh2 server records every authentication attempt
 * and everything its shell receives, so "logged in", "refused" and "nothing typed into the shell" are proved.
 * Keys are made by ssh-keygen, as an operator's own keys are.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { utils } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sha256Fingerprint } from '../../electron/sessions/host-key'
import { expandHome, openSshSession, type SshSessionOptions } from '../../electron/sessions/ssh-session'
import type { SessionSink } from '../../electron/sessions/session'
import { withTranscript } from '../../electron/sessions/transcribed'
import { redact } from '../../electron/vault/redact'
import { generateSshHostKey } from '../../simulator/index'
import { recordingSshServer, type RecordingSshServer } from '../support/recording-ssh-server'
import { recorder } from '../support/session-recorder'

const PASSPHRASE = 'Rack7-Key-Phrase'
const hostKey = generateSshHostKey()
const fingerprintOf = (pem: string) => {
  const parsed = utils.parseKey(pem)
  if (parsed instanceof Error) throw parsed
  return sha256Fingerprint((Array.isArray(parsed) ? parsed[0] : parsed).getPublicSSH())
}

let dir: string
/**
 * Key files made by ssh-keygen: `plain`, `locked` (with PASSPHRASE), `stranger` (unknown to the appliance) and
 * `agent` (held by the ssh-agent).
 */
const key = (name: string) => join(dir, name)
const publicKey = (name: string) => readFileSync(`${key(name)}.pub`, 'utf8')
const keyFingerprint = (name: string) => fingerprintOf(publicKey(name))
const keygen = (path: string, passphrase = '') =>
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', 'rack7', '-f', path])

/** Accepts only the `plain` and `locked` keys: no password, so a refused key cannot slip through to one. */
let keysOnly: RecordingSshServer

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rackside-ssh-auth-'))
  keygen(key('plain'))
  keygen(key('locked'), PASSPHRASE)
  keygen(key('stranger'))
  keygen(key('agent'))
  keysOnly = await recordingSshServer(hostKey, { publicKeys: [publicKey('plain'), publicKey('locked')] })
})
afterAll(async () => {
  await keysOnly?.close()
  rmSync(dir, { recursive: true, force: true })
})

type Rec = ReturnType<typeof recorder>
const connect = (server: RecordingSshServer, sink: SessionSink, options: Partial<SshSessionOptions>) =>
  openSshSession(
    {
      host: '127.0.0.1',
      port: server.port,
      username: 'admin',
      hostKeyFingerprint: fingerprintOf(hostKey),
      cols: 80,
      rows: 24,
      ...options,
    },
    sink,
  )
const open = (server: RecordingSshServer, rec: Rec, options: Partial<SshSessionOptions>) =>
  connect(server, rec.sink, options).then((s) => {
    rec.bind(s)
    return s
  })

/** Types a command into the shell and sees the appliance echo it back: the console works. */
async function commandWorks(session: { write(d: string): void }, rec: Rec, server: RecordingSshServer) {
  await rec.waitFor('recorder$ ')
  session.write('hsm show\r')
  await rec.waitFor('recorder$ hsm show')
  expect(server.shellInput.join('')).toContain('hsm show\r')
}

const offeredKeys = (server: RecordingSshServer, from = 0) =>
  server.attempts.slice(from).filter((a) => a.method === 'publickey')
const signedKeys = (server: RecordingSshServer, from = 0) =>
  server.attempts
    .slice(from)
    .filter((a) => a.signed)
    .map((a) => a.key)

describe('logging in with a private key file', () => {
  it('logs in with a key that has no passphrase, asking nothing', async () => {
    const rec = recorder()
    const before = keysOnly.attempts.length
    const session = await open(keysOnly, rec, { auth: 'publickey', keyPath: key('plain') })
    expect(await rec.waitForState('connected')).toMatch(/^Connected to admin@127\.0\.0\.1:/)
    await commandWorks(session, rec, keysOnly)
    expect(rec.text).not.toMatch(/passphrase|password/i)
    expect(signedKeys(keysOnly, before)).toEqual([keyFingerprint('plain')])
    session.close()
    await rec.waitForState('closed')
  })

  it('asks for the passphrase in the console without echoing it, logs in, and registers it as a secret', async () => {
    const rec = recorder()
    const before = keysOnly.attempts.length
    const session = await open(keysOnly, rec, { auth: 'publickey', keyPath: key('locked') })
    await rec.waitFor(`Passphrase for ${key('locked')}: `)
    session.write(`${PASSPHRASE}\r`)
    await rec.waitForState('connected')
    await commandWorks(session, rec, keysOnly)
    expect(rec.text).not.toContain(PASSPHRASE)
    expect(signedKeys(keysOnly, before)).toEqual([keyFingerprint('locked')])
    // Should the appliance ever print it, no transcript or log would show it.
    expect(redact(`echo ${PASSPHRASE}`)).toBe('echo [redacted]')
    session.close()
    await rec.waitForState('closed')
  })

  it('asks again after a wrong passphrase, and after three ends the login naming the key; nothing reaches the shell', async () => {
    const rec = recorder()
    const before = keysOnly.attempts.length
    const shellBefore = keysOnly.shellInput.length
    const session = await open(keysOnly, rec, { auth: 'publickey', keyPath: key('locked') })
    let seen = ''
    for (const wrong of ['wrong-one', 'wrong-two', 'wrong-three']) {
      await rec.waitFor(/Passphrase for .*: $/)
      seen += rec.text
      rec.clear()
      session.write(`${wrong}\r`)
    }
    const message = await rec.waitForState('failed', 0, 5_000)
    seen += rec.text
    expect(seen.match(/Wrong passphrase, try again\./g)).toHaveLength(2)
    expect(message).toBe(
      `Three wrong passphrases for ${key('locked')}; Rackside did not log in. Connect again to try once more.`,
    )
    expect(seen).not.toMatch(/wrong-/)
    // No key was offered, so nothing could log in.
    expect(offeredKeys(keysOnly, before)).toEqual([])
    expect(keysOnly.shellInput.slice(shellBefore)).toEqual([])
  })

  it('ends the login when the operator cancels the passphrase prompt with Ctrl-C', async () => {
    const rec = recorder()
    const session = await open(keysOnly, rec, { auth: 'publickey', keyPath: key('locked') })
    await rec.waitFor(/Passphrase for .*: $/)
    session.write('abc\x03')
    expect(await rec.waitForState('failed', 0, 5_000)).toBe(`Login to 127.0.0.1:${keysOnly.port} cancelled.`)
  })

  it('ends with a message naming the key when the appliance refuses it; what was typed meanwhile never reaches a shell', async () => {
    const rec = recorder()
    const before = keysOnly.attempts.length
    const shellBefore = keysOnly.shellInput.length
    const session = await open(keysOnly, rec, { auth: 'publickey', keyPath: key('stranger') })
    session.write('hsm show\r')
    const message = await rec.waitForState('failed', 0, 5_000)
    expect(message).toMatch(/refused the key/)
    expect(message).toContain(key('stranger'))
    expect(keysOnly.attempts.slice(before).map((a) => a.key)).toContain(keyFingerprint('stranger'))
    expect(keysOnly.shellInput.slice(shellBefore)).toEqual([])
  })

  it('says the key was refused and asks for the password instead, when the appliance allows one', async () => {
    const server = await recordingSshServer(hostKey, {
      password: 'Corr3ct-Horse',
      publicKeys: [publicKey('plain')],
    })
    try {
      const rec = recorder()
      const session = await open(server, rec, { auth: 'publickey', keyPath: key('stranger') })
      await rec.waitFor(/refused the key .*stranger.*\r\n.*admin@127\.0\.0\.1's password: $/s)
      session.write('Corr3ct-Horse\r')
      await rec.waitForState('connected')
      await commandWorks(session, rec, server)
      expect(server.attempts.map((a) => a.method)).toEqual(['publickey', 'password'])
      session.close()
      await rec.waitForState('closed')
    } finally {
      await server.close()
    }
  })

  it('finds a key path written with ~ in the home folder', async () => {
    const home = mkdtempSync(join(tmpdir(), 'rackside-home-'))
    const saved = process.env.HOME
    try {
      mkdirSync(join(home, '.ssh'))
      keygen(join(home, '.ssh', 'id_ed25519'))
      const server = await recordingSshServer(hostKey, {
        publicKeys: [readFileSync(join(home, '.ssh', 'id_ed25519.pub'), 'utf8')],
      })
      try {
        process.env.HOME = home
        const rec = recorder()
        const session = await open(server, rec, { auth: 'publickey', keyPath: '~/.ssh/id_ed25519' })
        await rec.waitForState('connected', 0, 5_000)
        await commandWorks(session, rec, server)
        expect(rec.text).not.toMatch(/not found/)
        session.close()
        await rec.waitForState('closed')
      } finally {
        await server.close()
      }
    } finally {
      if (saved === undefined) delete process.env.HOME
      else process.env.HOME = saved
      rmSync(home, { recursive: true, force: true })
    }
  })

  it('expands ~ and ~/ alone, to the home folder', () => {
    expect(expandHome('~')).toBe(homedir())
    expect(expandHome('~/.ssh/id_ed25519')).toBe(join(homedir(), '.ssh/id_ed25519'))
    expect(expandHome('~operator/.ssh/id_ed25519')).toBe('~operator/.ssh/id_ed25519')
    expect(expandHome('/keys/~/id')).toBe('/keys/~/id')
  })
})

describe('a key file Rackside cannot use', () => {
  const cases: { what: string; make: () => string; reason: RegExp }[] = [
    {
      what: 'a folder',
      make: () => {
        mkdirSync(join(dir, 'keys-folder'), { recursive: true })
        return join(dir, 'keys-folder')
      },
      reason: /is a folder/,
    },
    {
      what: 'a file that cannot be read (larger than 2 GiB, sparse)',
      make: () => {
        const path = join(dir, 'disk.img')
        closeSync(openSync(path, 'w'))
        truncateSync(path, 2 ** 31)
        return path
      },
      reason: /Could not read the key file .*: it is larger than 2 GiB/,
    },
    {
      what: 'a file that is not a key',
      make: () => {
        writeFileSync(join(dir, 'notes.txt'), 'rack 7, slot 3\n')
        return join(dir, 'notes.txt')
      },
      reason: /is not a private key/,
    },
    {
      what: 'the public half of a key',
      make: () => `${key('plain')}.pub`,
      reason: /is a public key.*without \.pub/,
    },
  ]
  for (const c of cases)
    it(`ends the login at once naming ${c.what}, sending no key and opening no shell`, async () => {
      const path = c.make()
      const rec = recorder()
      const before = keysOnly.attempts.length
      const shellBefore = keysOnly.shellInput.length
      await open(keysOnly, rec, { auth: 'publickey', keyPath: path })
      const message = await rec.waitForState('failed', 0, 5_000)
      expect(message).toContain(path)
      expect(message).toMatch(c.reason)
      expect(message).toMatch(/connection profile/)
      expect(keysOnly.attempts.slice(before)).toEqual([])
      expect(keysOnly.shellInput.slice(shellBefore)).toEqual([])
    })

  it('still says plainly when the key file is not there, and tries a password', async () => {
    const server = await recordingSshServer(hostKey, 'Corr3ct-Horse')
    try {
      const rec = recorder()
      const missing = join(dir, 'no-such-key')
      await open(server, rec, { auth: 'publickey', keyPath: missing })
      await rec.waitFor(`Key file ${missing} not found; trying a password.`)
      await rec.waitFor(/password: $/)
    } finally {
      await server.close()
    }
  })

  it('names a key file it is not allowed to read', async ({ skip }) => {
    if (process.getuid?.() === 0) skip('root reads any file')
    const path = join(dir, 'forbidden')
    writeFileSync(path, readFileSync(key('plain')))
    chmodSync(path, 0)
    const rec = recorder()
    await open(keysOnly, rec, { auth: 'publickey', keyPath: path })
    expect(await rec.waitForState('failed', 0, 5_000)).toMatch(
      /Could not read the key file .*forbidden: permission denied/,
    )
  })
})

describe('keyboard-interactive', () => {
  const OPERATOR = 'op-rack7'
  const CODE = '8675-3091'
  let server: RecordingSshServer
  beforeAll(async () => {
    server = await recordingSshServer(hostKey, {
      keyboardInteractive: {
        prompts: [
          { prompt: 'Operator ID: ', echo: true },
          { prompt: 'One-time code: ', echo: false },
        ],
        answers: [OPERATOR, CODE],
      },
    })
  })
  afterAll(async () => server?.close())

  it('asks each prompt in the console, logs in, and keeps the hidden answer out of the transcript', async () => {
    const rec = recorder()
    const transcripts = join(dir, 'transcripts-kbd')
    const before = server.attempts.length
    const { session, transcript } = await withTranscript(
      { dir: transcripts, title: 'Rack 7' },
      rec.sink,
      (s) => connect(server, s, { auth: 'keyboard-interactive' }),
    )
    rec.bind(session)
    await rec.waitFor(/Operator ID: $/)
    session.write(`${OPERATOR}\r`)
    await rec.waitFor(/One-time code: $/)
    session.write(`${CODE}\r`)
    await rec.waitForState('connected')
    await commandWorks(session, rec, server)
    expect(server.attempts.slice(before)).toEqual([
      { method: 'keyboard-interactive', answers: [OPERATOR, CODE] },
    ])
    expect(rec.text).not.toContain(CODE)
    // The code pasted into the shell by mistake: the appliance echoes it, the record does not keep it.
    session.write(`${CODE}\r`)
    await rec.waitFor(`recorder$ hsm show\r${CODE}`)
    session.close()
    await rec.waitForState('closed')
    const record = readFileSync(transcript!, 'utf8')
    expect(record).toContain('One-time code:')
    expect(record).toContain('[redacted]')
    expect(record).not.toContain(CODE)
  })

  it('asks again after wrong answers, and after three rounds ends the login; nothing reaches the shell', async () => {
    const rec = recorder()
    const before = server.attempts.length
    const shellBefore = server.shellInput.length
    const session = await open(server, rec, { auth: 'keyboard-interactive' })
    for (let round = 0; round < 3; round++) {
      await rec.waitFor(/Operator ID: $/)
      session.write(`${OPERATOR}\r`)
      await rec.waitFor(/One-time code: $/)
      session.write('0000-0000\r')
      rec.clear()
    }
    const message = await rec.waitForState('failed', 0, 5_000)
    expect(message).toMatch(/refused the answers/)
    expect(server.attempts.slice(before)).toHaveLength(3)
    expect(server.shellInput.slice(shellBefore)).toEqual([])
  })

  it('ends the login when the operator cancels a prompt with Ctrl-C', async () => {
    const rec = recorder()
    const session = await open(server, rec, { auth: 'keyboard-interactive' })
    await rec.waitFor(/Operator ID: $/)
    session.write('\x03')
    expect(await rec.waitForState('failed', 0, 5_000)).toBe(`Login to 127.0.0.1:${server.port} cancelled.`)
  })
})

describe('the SSH agent', () => {
  let agent: ChildProcess
  let socket: string
  beforeAll(async () => {
    socket = join(dir, 'agent.sock')
    agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' })
    const start = Date.now()
    while (!existsSync(socket)) {
      if (Date.now() - start > 5_000) throw new Error('ssh-agent did not start')
      await new Promise((r) => setTimeout(r, 20))
    }
    execFileSync('ssh-add', ['-q', key('agent')], { env: { ...process.env, SSH_AUTH_SOCK: socket } })
  })
  afterAll(() => {
    agent?.kill()
  })

  it('logs in with a key the agent holds, asking nothing', async () => {
    const server = await recordingSshServer(hostKey, { publicKeys: [publicKey('agent')] })
    try {
      const rec = recorder()
      const session = await open(server, rec, { auth: 'agent', agent: socket })
      await rec.waitForState('connected')
      await commandWorks(session, rec, server)
      expect(rec.text).not.toMatch(/passphrase|password/i)
      expect(signedKeys(server)).toEqual([keyFingerprint('agent')])
      session.close()
      await rec.waitForState('closed')
    } finally {
      await server.close()
    }
  })

  it('ends with a clear message when the appliance accepts none of the agent’s keys', async () => {
    const rec = recorder()
    const before = keysOnly.attempts.length
    const shellBefore = keysOnly.shellInput.length
    await open(keysOnly, rec, { auth: 'agent', agent: socket })
    const message = await rec.waitForState('failed', 0, 5_000)
    expect(message).toMatch(/accepted none of the keys in the SSH agent/)
    expect(keysOnly.attempts.slice(before).map((a) => a.key)).toContain(keyFingerprint('agent'))
    expect(keysOnly.shellInput.slice(shellBefore)).toEqual([])
  })

  it('says the agent could not be reached when its socket is gone', async () => {
    const rec = recorder()
    const before = keysOnly.attempts.length
    const gone = join(dir, 'no-agent.sock')
    await open(keysOnly, rec, { auth: 'agent', agent: gone })
    const message = await rec.waitForState('failed', 0, 5_000)
    expect(message).toContain(`The SSH agent at ${gone} could not be used (`)
    expect(message).toMatch(/\)\. Is it running\? Otherwise choose another login method\.$/)
    expect(offeredKeys(keysOnly, before)).toEqual([])
  })

  it('says so and asks for the password instead when the appliance allows one', async () => {
    const server = await recordingSshServer(hostKey, 'Corr3ct-Horse')
    try {
      const rec = recorder()
      const session = await open(server, rec, { auth: 'agent', agent: join(dir, 'no-agent.sock') })
      await rec.waitFor(/\[The SSH agent at .* could not be used .*; trying a password\.\]/)
      await rec.waitFor(/password: $/)
      session.write('Corr3ct-Horse\r')
      await commandWorks(session, rec, server)
      session.close()
      await rec.waitForState('closed')
    } finally {
      await server.close()
    }
  })
})

describe('legacy algorithms for old appliances', () => {
  // What a Luna 5.x/6.x era OpenSSH offers: an ssh-rsa host key, SHA-1 key exchange and MAC, a CBC cipher.
  const rsaHostKey = utils.generateKeyPairSync('rsa', { bits: 2048 }).private
  let server: RecordingSshServer
  beforeAll(async () => {
    server = await recordingSshServer(rsaHostKey, 'Corr3ct-Horse', 'status', {
      algorithms: {
        kex: ['diffie-hellman-group14-sha1'],
        serverHostKey: ['ssh-rsa'],
        cipher: ['aes128-cbc'],
        hmac: ['hmac-sha1'],
      },
    })
  })
  afterAll(async () => server?.close())

  const target = (legacyAlgorithms: boolean): Partial<SshSessionOptions> => ({
    hostKeyFingerprint: fingerprintOf(rsaHostKey),
    initialPassword: 'Corr3ct-Horse',
    legacyAlgorithms,
  })

  it('refuses the appliance without the opt-in, saying which setting to turn on, and sends nothing', async () => {
    const rec = recorder()
    const attempt = open(server, rec, target(false))
    await expect(attempt).rejects.toMatchObject({ code: 'connection-failed' })
    await expect(attempt).rejects.toThrow(/only older SSH algorithms.*Allow legacy algorithms/)
    expect(server.attempts).toEqual([])
  })

  it('connects with the opt-in, and the console works', async () => {
    const rec = recorder()
    const session = await open(server, rec, target(true))
    await rec.waitForState('connected')
    await commandWorks(session, rec, server)
    session.close()
    await rec.waitForState('closed')
  })
})
