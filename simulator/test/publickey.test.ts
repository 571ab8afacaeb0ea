/**
 * SSH public-key login to the simulated appliance, with real OpenSSH as the peer, the way an administrator sets
 * it up: ssh-keygen makes the keys, `scp -O` uploads the `.pub` files, `sysconf ssh publickey add / enable` over a
 * password login, then `ssh -i key -o PasswordAuthentication=no -o BatchMode=yes` logs in. OpenSSH's
 * `Permission denied (...)` line shows which methods the appliance offered.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ssh2 from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type ApplianceHandle, type Simulator } from '../index'
import { firstLogin, OpenSshClient, removeDir, run, tempDir, type Run } from './openssh'

const NEW_PASSWORD = 'Rack-side-2026'
const OFFERS_KEYS = 'Permission denied (publickey,password,keyboard-interactive)'
const NO_KEYS = 'Permission denied (password,keyboard-interactive)'
const FAILED = 'Command Result : 65535 (Luna Shell execution)'
const OK = 'Command Result : 0 (Success)'

let keys: string
const keyPath = (name: string) => join(keys, name)
const publicLine = (name: string) => readFileSync(`${keyPath(name)}.pub`, 'utf8').trim()
const keygen = (name: string, type: 'ed25519' | 'rsa') =>
  execFileSync('ssh-keygen', [
    '-q',
    '-t',
    type,
    ...(type === 'rsa' ? ['-b', '2048'] : []),
    '-N',
    '',
    '-C',
    `${name}@laptop`,
    '-f',
    keyPath(name),
  ])
/** The fingerprint as `ssh-keygen -l` prints it for the `.pub` file. */
const fingerprintOf = (name: string) =>
  /(SHA256:\S+)/.exec(execFileSync('ssh-keygen', ['-l', '-f', `${keyPath(name)}.pub`]).toString())?.[1]

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

/** ssh and scp options for logging in with only this key file: no password, no agent, no prompt of any kind. */
function keyOnly(client: OpenSshClient, key: string): string[] {
  return [
    '-i',
    keyPath(key),
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    'IdentityAgent=none',
    '-o',
    'PasswordAuthentication=no',
    '-o',
    'KbdInteractiveAuthentication=no',
    '-o',
    'BatchMode=yes',
    '-o',
    `UserKnownHostsFile=${client.knownHosts}`,
    '-o',
    'StrictHostKeyChecking=accept-new',
    '-o',
    'GlobalKnownHostsFile=/dev/null',
    '-o',
    'ConnectTimeout=10',
    '-o',
    'LogLevel=ERROR',
  ]
}

/** The client's environment without an agent to fall back on. */
function withoutAgent(client: OpenSshClient): NodeJS.ProcessEnv {
  const env = { ...client.env() }
  delete env.SSH_AUTH_SOCK
  return env
}

/** ssh with only this key file. */
function keyLogin(client: OpenSshClient, handle: ApplianceHandle, key: string, args: string[], input = '') {
  return run('setsid', ['-w', 'ssh', '-p', String(handle.ssh.port), ...keyOnly(client, key), ...args], {
    env: withoutAgent(client),
    input,
  })
}

const hsmShowWorked = (result: Run) => {
  expect(result.code, result.stderr).toBe(0)
  expect(result.stdout).toMatch(/Serial #:\s+\d+/)
  expect(result.stdout).toContain(OK)
}

/** `ssh2` logs in offering `offered`'s public key but signing with `signer`: only a valid signature may pass. */
async function forgedLogin(handle: ApplianceHandle, offered: string, signer: string): Promise<string> {
  const parse = (text: string) => {
    const parsed = ssh2.utils.parseKey(text)
    const key = Array.isArray(parsed) ? parsed[0] : parsed
    if (!key || key instanceof Error) throw new Error(`cannot parse a test key: ${String(key)}`)
    return key
  }
  const signing = parse(readFileSync(keyPath(signer), 'utf8'))
  const claimed = parse(publicLine(offered)).getPublicSSH()
  // Everything from the signer's private key except the public blob it claims to be.
  const forged = Object.create(signing, { getPublicSSH: { value: () => claimed } }) as typeof signing
  const client = new ssh2.Client()
  return new Promise((resolve) => {
    client
      .on('ready', () => {
        client.end()
        resolve('logged in')
      })
      .on('error', (error) => resolve(error.message))
      .connect({
        host: handle.ssh.host,
        port: handle.ssh.port,
        username: 'admin',
        // One offer; when it is refused, give up (false) instead of offering it again.
        authHandler: (methodsLeft, _partial, next) => {
          if (methodsLeft === null) next({ type: 'publickey', username: 'admin', key: forged })
          else next(false as never)
        },
      })
  })
}

beforeAll(() => {
  keys = tempDir('rackside-pubkeys-')
  keygen('laptop', 'ed25519')
  keygen('jumphost', 'rsa')
  keygen('stranger', 'ed25519')
})
afterAll(() => removeDir(keys))

describe('SSH public-key login, set up with lunash over a password login (era 6)', () => {
  let sim: Simulator
  let handle: ApplianceHandle
  let client: OpenSshClient
  const lunash = (command: string) => client.exec(command)

  beforeAll(async () => {
    sim = await startSimulator({ era: 6 })
    handle = sim.appliances[0]!
    client = new OpenSshClient(handle, 'PASSWORD')
    const login = await firstLogin(client, handle.ssh.port, NEW_PASSWORD)
    expect(login.code, login.stdout).toBe(0)
    for (const name of ['laptop', 'jumphost']) {
      const up = await client.scp(`${keyPath(name)}.pub`, client.remote(''))
      expect(up.code, up.stderr).toBe(0)
    }
  })

  afterAll(async () => {
    await sim?.stop()
    client?.dispose()
    removeDir(sim.clientRoot)
  })

  it('offers no public-key login out of the box: a key is refused and only passwords are advertised', async () => {
    const show = await lunash('sysconf ssh show')
    expect(show.stdout).toContain(
      'SSH is unrestricted.\nPassword authentication is enabled\nPublic key authentication is disabled\n',
    )
    const refused = await keyLogin(client, handle, 'laptop', [`admin@${client.host}`, 'hsm show'])
    expect(refused.code).toBe(255)
    expect(refused.stderr).toContain(NO_KEYS)
  })

  it('adds the uploaded ed25519 and RSA keys by bare file name, and lists them with their fingerprints', async () => {
    const added = await lunash('sysconf ssh publickey add laptop -f laptop.pub')
    expect(added.stdout).toMatch(/Public key added\n\nCommand Result : 0 \(Success\)/)
    expect((await lunash('sysconf ssh publickey add jumphost -file jumphost.pub')).stdout).toContain(OK)
    const list = await lunash('sysconf ssh publickey list')
    expect(list.stdout).toContain(OK)
    const row = (label: string, type: string) =>
      new RegExp(`^${label}\\s+${type}\\s+${escape(fingerprintOf(label) ?? 'no fingerprint')}$`, 'm')
    expect(list.stdout).toMatch(row('laptop', 'ED25519 256'))
    expect(list.stdout).toMatch(row('jumphost', 'RSA 2048'))
  })

  it('refuses a missing file, a file that is not an OpenSSH public key, a duplicate label and a duplicate key', async () => {
    const missing = await lunash('sysconf ssh publickey add spare -f nothere.pub')
    expect(missing.stdout).toContain(
      "Error:  'sysconf ssh publickey add' failed. (C0000414 : RC_FILE_NOT_FOUND)",
    )
    expect(missing.stdout).toContain('nothere.pub was not found')
    expect(missing.stdout).toContain(FAILED)

    // The private key instead of the .pub, and a certificate: both uploaded, neither is a public key line.
    const work = tempDir('rackside-pubkeys-upload-')
    try {
      writeFileSync(join(work, 'id_laptop'), readFileSync(keyPath('laptop')))
      expect((await client.scp(join(work, 'id_laptop'), client.remote(''))).code).toBe(0)
      const secret = await lunash('sysconf ssh publickey add spare -f id_laptop')
      expect(secret.stdout).toContain("Error:  'sysconf ssh publickey add' failed.")
      expect(secret.stdout).toContain('id_laptop does not contain an OpenSSH public key')
      expect(secret.stdout).toContain(FAILED)
      const pem = await lunash('sysconf ssh publickey add spare -f server.pem')
      expect(pem.stdout).toContain(FAILED)
    } finally {
      removeDir(work)
    }

    const twice = await lunash('sysconf ssh publickey add laptop -f jumphost.pub')
    expect(twice.stdout).toContain(
      "Error:  'sysconf ssh publickey add' failed. (C0000409 : RC_OBJECT_ALREADY_EXISTS)",
    )
    expect(twice.stdout).toContain('A public key labelled laptop already exists')
    const sameKey = await lunash('sysconf ssh publickey add laptop2 -f laptop.pub')
    expect(sameKey.stdout).toContain('already added with the label laptop')
    const list = await lunash('sysconf ssh publickey list')
    expect(list.stdout).not.toMatch(/^(spare|laptop2)\s/m)
  })

  it('still refuses the added keys while public-key login is disabled', async () => {
    const refused = await keyLogin(client, handle, 'laptop', [`admin@${client.host}`, 'hsm show'])
    expect(refused.code).toBe(255)
    expect(refused.stderr).toContain(NO_KEYS)
  })

  it('after enable, logs in with either key and no password, one-shot and interactive', async () => {
    expect((await lunash('sysconf ssh publickey enable')).stdout).toMatch(
      /Public key authentication enabled\n\nCommand Result : 0 \(Success\)/,
    )
    expect((await lunash('sysconf ssh show')).stdout).toContain('Public key authentication is enabled\n')

    hsmShowWorked(await keyLogin(client, handle, 'laptop', [`admin@${client.host}`, 'hsm show']))
    // RSA signs with rsa-sha2-256/512: the hash algorithm has to reach the verification.
    hsmShowWorked(await keyLogin(client, handle, 'jumphost', [`admin@${client.host}`, 'hsm show']))
    const shell = await keyLogin(
      client,
      handle,
      'laptop',
      ['-tt', `admin@${client.host}`],
      'hsm show\nexit\n',
    )
    expect(shell.code, shell.stderr).toBe(0)
    expect(shell.stdout).toContain('lunash:>hsm show')
    expect(shell.stdout).toMatch(/Serial #:\s+\d+/)
    expect(shell.stdout).not.toMatch(/password:/i)
  })

  it('refuses a key that was never added, and now advertises publickey', async () => {
    const refused = await keyLogin(client, handle, 'stranger', [`admin@${client.host}`, 'hsm show'])
    expect(refused.code).toBe(255)
    expect(refused.stderr).toContain(OFFERS_KEYS)
  })

  it("refuses an added key's blob signed by another key: the signature is verified, not just the key", async () => {
    expect(await forgedLogin(handle, 'laptop', 'stranger')).toMatch(
      /All configured authentication methods failed/,
    )
    // The same client code with the real key gets in, so the refusal above is the signature's.
    expect(await forgedLogin(handle, 'laptop', 'laptop')).toBe('logged in')
  })

  it('keeps password logins working next to keys', async () => {
    const result = await client.exec('hsm show')
    hsmShowWorked(result)
  })

  it('after disable, refuses every key and stops offering publickey; the keys are kept', async () => {
    expect((await lunash('sysconf ssh publickey disable')).stdout).toContain(
      'Public key authentication disabled\n\nCommand Result : 0 (Success)',
    )
    expect((await lunash('sysconf ssh show')).stdout).toContain('Public key authentication is disabled\n')
    const refused = await keyLogin(client, handle, 'laptop', [`admin@${client.host}`, 'hsm show'])
    expect(refused.code).toBe(255)
    expect(refused.stderr).toContain(NO_KEYS)
    expect(await forgedLogin(handle, 'laptop', 'laptop')).not.toBe('logged in')
    expect((await lunash('sysconf ssh publickey list')).stdout).toMatch(/^laptop\s/m)
  })

  it('deletes a key after a proceed confirmation (or -force); the deleted key no longer logs in', async () => {
    await lunash('sysconf ssh publickey enable')
    // A one-shot command cannot answer the confirmation: nothing is deleted.
    const unanswered = await lunash('sysconf ssh publickey delete jumphost')
    expect(unanswered.stdout).toContain("Type 'proceed' to delete the key")
    expect(unanswered.stdout).toContain(FAILED)
    hsmShowWorked(await keyLogin(client, handle, 'jumphost', [`admin@${client.host}`, 'hsm show']))

    // 'quit' keeps it; 'proceed' deletes it.
    const quit = await client.tt(['sysconf ssh publickey delete jumphost', 'quit', 'exit'])
    expect(quit.stdout).toContain('Command aborted.')
    expect((await lunash('sysconf ssh publickey list')).stdout).toMatch(/^jumphost\s/m)
    const proceed = await client.tt(['sysconf ssh publickey delete jumphost', 'proceed', 'exit'])
    expect(proceed.stdout).toContain('Public key deleted')
    const list = (await lunash('sysconf ssh publickey list')).stdout
    expect(list).not.toMatch(/^jumphost\s/m)
    expect(list).toMatch(/^laptop\s/m)

    const refused = await keyLogin(client, handle, 'jumphost', [`admin@${client.host}`, 'hsm show'])
    expect(refused.code).toBe(255)
    expect(refused.stderr).toContain(OFFERS_KEYS)
    hsmShowWorked(await keyLogin(client, handle, 'laptop', [`admin@${client.host}`, 'hsm show']))

    const forced = await lunash('sysconf ssh publickey delete laptop -force')
    expect(forced.stdout).toContain('Public key deleted\n\nCommand Result : 0 (Success)')
    expect((await lunash('sysconf ssh publickey list')).stdout).toContain('No public keys have been added.')
    const gone = await keyLogin(client, handle, 'laptop', [`admin@${client.host}`, 'hsm show'])
    expect(gone.code).toBe(255)
    const unknown = await lunash('sysconf ssh publickey delete laptop -force')
    expect(unknown.stdout).toContain(
      "Error:  'sysconf ssh publickey delete' failed. (C000040A : RC_OBJECT_NOT_IN_LIST)",
    )
  })
})

describe('public keys in the state file', () => {
  let dir: string
  let sim: Simulator | undefined

  beforeAll(() => {
    dir = tempDir('rackside-pubkey-state-')
  })
  afterAll(async () => {
    await sim?.stop()
    if (sim) removeDir(sim.clientRoot)
    removeDir(dir)
  })

  it('survive a restart of the appliance', async () => {
    const stateFile = join(dir, 'kept.json')
    sim = await startSimulator({ era: 7, stateFile })
    let client = new OpenSshClient(sim.appliances[0]!, 'PASSWORD')
    expect((await firstLogin(client, sim.appliances[0]!.ssh.port, NEW_PASSWORD)).code).toBe(0)
    expect((await client.scp(`${keyPath('laptop')}.pub`, client.remote(''))).code).toBe(0)
    expect((await client.exec('sysconf ssh publickey add laptop -f laptop.pub')).stdout).toContain(OK)
    expect((await client.exec('sysconf ssh publickey enable')).stdout).toContain(OK)
    client.dispose()
    await sim.stop()
    removeDir(sim.clientRoot)

    sim = await startSimulator({ era: 7, stateFile })
    client = new OpenSshClient(sim.appliances[0]!, NEW_PASSWORD)
    try {
      hsmShowWorked(
        await keyLogin(client, sim.appliances[0]!, 'laptop', [`admin@${client.host}`, 'hsm show']),
      )
    } finally {
      client.dispose()
      await sim.stop()
      removeDir(sim.clientRoot)
      sim = undefined
    }
  })

  it('let a key log in while the factory password is unchanged; a password login still has to change it', async () => {
    // No lunash path on one appliance leads here (adding a key needs a changed password), but a provisioned or
    // restored state can: the key and public-key login are in the state, the admin password is still PASSWORD.
    const stateFile = join(dir, 'factory.json')
    sim = await startSimulator({ era: 6, stateFile })
    await sim.stop()
    removeDir(sim.clientRoot)
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as {
      ssh: unknown
      users: { name: string; mustChangePassword: boolean }[]
    }
    expect(state.users.find((u) => u.name === 'admin')?.mustChangePassword).toBe(true)
    state.ssh = {
      publicKeyAuth: true,
      publicKeys: [{ label: 'laptop', key: publicLine('laptop'), addedAt: 0 }],
    }
    writeFileSync(stateFile, JSON.stringify(state))

    sim = await startSimulator({ era: 6, stateFile })
    const handle = sim.appliances[0]!
    const client = new OpenSshClient(handle, 'PASSWORD')
    try {
      hsmShowWorked(await keyLogin(client, handle, 'laptop', [`admin@${client.host}`, 'hsm show']))
      const shell = await keyLogin(client, handle, 'laptop', ['-tt', `admin@${client.host}`], 'exit\n')
      expect(shell.code, shell.stderr).toBe(0)
      expect(shell.stdout).toContain('[local_host] lunash:>')
      expect(shell.stdout).not.toContain('(current) UNIX password')
      // A key login can fetch files too: no expired-password refusal.
      const work = tempDir('rackside-pubkey-scp-')
      try {
        const scp = await run(
          'setsid',
          [
            '-w',
            'scp',
            '-O',
            '-P',
            String(handle.ssh.port),
            ...keyOnly(client, 'laptop'),
            client.remote('server.pem'),
            join(work, 'server.pem'),
          ],
          { env: withoutAgent(client) },
        )
        expect(scp.code, scp.stderr).toBe(0)
      } finally {
        removeDir(work)
      }

      // The password login still meets the forced change.
      const byPassword = await client.exec('hsm show')
      expect(byPassword.code).not.toBe(0)
      expect(byPassword.stdout).toContain('You are required to change your password immediately')
    } finally {
      client.dispose()
    }
  })
})
