/**
 * The client side against the real simulator: locate its vtl, pull server.pem and push the client certificate
 * over SSH with a pinned host key (SCP on era 6, SFTP on era 7), and prove the Network Trust Link with the
 * in-app NTLS probe, one named diagnosis at a time, the way the HID procedure meets them.
 */
import { execFile } from 'node:child_process'
import { X509Certificate, generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import forge from 'node-forge'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readClientCredentials } from '../../electron/client/client-credentials'
import {
  NoStoredPasswordError,
  connectApplianceForTransfer,
  probeApplianceLink,
} from '../../electron/client/index'
import { openVault } from '../../electron/vault'
import { locateLunaClient } from '../../electron/client/locate'
import { probeNtls, type NtlsProbeOptions } from '../../electron/client/ntls-probe'
import {
  HostKeyMismatchError,
  PasswordChangeRequiredError,
  ScpRemoteError,
  connectForTransfer,
  pullFile,
  pullServerPem,
  pushClientCertificate,
  serverPemPath,
  type SshTarget,
  type TransferConnection,
} from '../../electron/client/scp'
import { startSimulator, type Simulator } from '../../simulator/index'

type Handle = Simulator['appliances'][number]
const NEW_PASSWORD = 'Rack-side-2026'

/** The appliance's lunash, driven in-process the way an operator types (answers each `> ` prompt in turn). */
class Lunash {
  private out = ''
  private shell: { input(data: string): void; close(): void }
  constructor(handle: Handle) {
    this.shell = handle.appliance.openShell(
      { write: (t) => (this.out += t), hangup: () => undefined },
      { user: 'admin', transport: 'ssh', remoteAddress: '127.0.0.1' },
    )
  }
  private async wait(re: RegExp): Promise<string> {
    const until = Date.now() + 10_000
    while (!re.test(this.out)) {
      if (Date.now() > until) throw new Error(`lunash did not show ${re}:\n${this.out}`)
      await new Promise((r) => setTimeout(r, 5))
    }
    const o = this.out
    this.out = ''
    return o
  }
  async firstLogin(): Promise<void> {
    await this.wait(/\(current\) UNIX password: $/)
    this.shell.input('PASSWORD\r')
    await this.wait(/Enter new password: $/)
    this.shell.input(`${NEW_PASSWORD}\r`)
    await this.wait(/Re-type new password: $/)
    this.shell.input(`${NEW_PASSWORD}\r`)
    await this.wait(/lunash:>$/)
  }
  async run(command: string, answers: string[] = []): Promise<string> {
    this.shell.input(`${command}\r`)
    let all = ''
    for (;;) {
      const o = await this.wait(/(> $|lunash:>$)/)
      all += o
      if (/lunash:>$/.test(o)) {
        if (!/Command Result : 0 /.test(all)) throw new Error(`${command} failed:\n${all}`)
        return all
      }
      const a = answers.shift()
      if (a === undefined) throw new Error(`unexpected prompt after ${command}:\n${all}`)
      this.shell.input(`${a}\r`)
    }
  }
  close(): void {
    this.shell.close()
  }
}

function run(file: string, args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 30_000 }, (error, stdout) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout }),
    )
  })
}

/** A client certificate of our own (CN = name), valid from `from`, signed by its own key like vtl's. */
function makeClientCert(name: string, from: Date): { cert: string; key: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const cert = forge.pki.createCertificate()
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString())
  cert.serialNumber = '01'
  cert.validity.notBefore = from
  cert.validity.notAfter = new Date(from.getTime() + 365 * 86_400_000)
  const attrs = [{ name: 'commonName', value: name }]
  cert.setSubject(attrs)
  cert.setIssuer(attrs)
  const key = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()
  cert.sign(forge.pki.privateKeyFromPem(key), forge.md.sha256.create())
  return { cert: forge.pki.certificateToPem(cert), key }
}

describe('client side against the simulator (era 6: SCP only)', () => {
  let sim: Simulator
  let handle: Handle
  let shell: Lunash
  let target: SshTarget
  let conn: TransferConnection
  let clientCert = ''
  let clientKey = ''
  let serverPem = ''
  const dataDir = mkdtempSync(join(tmpdir(), 'rackside-data-'))

  const probe = (extra: Partial<NtlsProbeOptions> = {}): ReturnType<typeof probeNtls> =>
    probeNtls({
      host: handle.ntls.host,
      port: handle.ntls.port,
      serverCertificatePem: serverPem,
      clientCertificatePem: clientCert,
      clientKeyPem: clientKey,
      timeoutMs: 5000,
      mode: 'list',
      ...extra,
    })

  beforeAll(async () => {
    sim = await startSimulator({ era: 6 })
    handle = sim.appliances[0]!
    shell = new Lunash(handle)
    await shell.firstLogin()
    await shell.run('hsm init -label cmshsm -force', [
      'So-pass-2026',
      'So-pass-2026',
      'dom-2026-x',
      'dom-2026-x',
    ])
    await shell.run('hsm login', ['So-pass-2026'])
    await shell.run('partition create -partition cms_par1 -force', [
      'Part-pass-2026',
      'Part-pass-2026',
      'dom-2026-x',
      'dom-2026-x',
    ])
    target = {
      host: handle.ssh.host,
      port: handle.ssh.port,
      username: 'admin',
      password: NEW_PASSWORD,
      expectedHostKey: handle.ssh.hostKeyFingerprint,
    }
  }, 60_000)

  afterAll(async () => {
    conn?.close()
    shell?.close()
    await sim?.stop()
    rmSync(dataDir, { recursive: true, force: true })
    if (sim) rmSync(sim.clientRoot, { recursive: true, force: true })
  })

  it('locates the simulator’s client folder and vtl, which prints no banner like the 6.x tools', async () => {
    const found = await locateLunaClient({ vtlPath: sim.vtlPath, platform: 'linux', env: {} })
    expect(found.folder).toBe(sim.clientRoot)
    expect(found.configPath).toBe(join(sim.clientRoot, 'Chrystoki.conf'))
    expect(found.version).toBeUndefined()
    expect(found.versionNote).toMatch(/no version banner/)
  })

  it('refuses an appliance whose host key is not the verified one, before sending the password', async () => {
    const wrong = { ...target, expectedHostKey: `SHA256:${'A'.repeat(43)}` }
    const error = await connectForTransfer(wrong).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HostKeyMismatchError)
    expect((error as HostKeyMismatchError).presented).toBe(handle.ssh.hostKeyFingerprint)
    expect((error as Error).message).toMatch(/Nothing was sent/)
  })

  it('pulls server.pem over SCP into this appliance’s own folder, with its fingerprint', async () => {
    conn = await connectForTransfer(target)
    const progress: number[] = []
    const pulled = await pullServerPem(conn, {
      applianceId: 'hsm-a',
      dataDir,
      onProgress: (p) => progress.push(p.transferred),
    })
    expect(pulled.via).toBe('scp')
    expect(pulled.path).toBe(serverPemPath(dataDir, 'hsm-a'))
    serverPem = readFileSync(pulled.path, 'utf8')
    expect(serverPem).toBe(handle.appliance.ntlsView().serverCertificatePem)
    expect(pulled.fingerprints.sha256).toBe(new X509Certificate(serverPem).fingerprint256)
    expect(progress.at(-1)).toBe(Buffer.byteLength(serverPem))
    expect(pulled.replacedSha256).toBeUndefined()
  })

  it('reports the appliance’s own scp error for a file that is not there', async () => {
    const error = await pullFile(conn, 'nosuch.pem').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ScpRemoteError)
    expect((error as ScpRemoteError).remoteMessage).toMatch(/nosuch.pem: No such file or directory/)
  })

  it('creates the client certificate with the simulator’s vtl and pushes it for client register', async () => {
    const created = await run(sim.vtlPath, ['createCert', '-n', '127.0.0.1'])
    expect(created.code, created.stdout).toBe(0)
    // The probe takes the certificate and key from where vtl recorded them in Chrystoki.conf.
    const credentials = await readClientCredentials(join(sim.clientRoot, 'Chrystoki.conf'))
    const certPath = credentials.certPath
    expect(certPath).toBe(join(sim.clientRoot, 'cert', 'client', '127.0.0.1.pem'))
    clientCert = credentials.certPem
    clientKey = credentials.keyPem
    const pushed = await pushClientCertificate(conn, {
      certificatePath: certPath,
      remoteName: '127.0.0.1.pem',
    })
    expect(pushed.via).toBe('scp')
    expect(handle.appliance.readFile('127.0.0.1.pem')?.toString('utf8')).toBe(clientCert)
  })

  it('NTLS: a client that is not registered is named as such once the appliance facts are read', async () => {
    // The wire alone cannot tell an unknown certificate from a refused source address: both just hang up.
    const blind = await probe()
    expect(blind).toMatchObject({ ok: false, problem: 'link-refused' })
    expect(blind.ok ? '' : blind.message).toMatch(/client show.*client fingerprint.*ntls ipcheck show/)
    const result = await probe({ appliance: { clientRegistered: false, ipcheck: true } })
    expect(result).toMatchObject({ ok: false, problem: 'client-not-registered' })
    expect(result.ok ? '' : result.message).toMatch(/run client register/)
  })

  it('NTLS: registered but no partition assigned', async () => {
    await shell.run('client register -client cms01 -ip 127.0.0.1')
    const result = await probe()
    expect(result).toMatchObject({ ok: false, problem: 'no-partition' })
    expect(result.ok ? '' : result.message).toMatch(/client assignPartition -client cms01 -partition/)
  })

  it('NTLS: the link is up and shows the assigned partition (TLS 1.3 and TLS 1.2)', async () => {
    await shell.run('client assignPartition -client cms01 -partition cms_par1')
    for (const maxTlsVersion of ['TLSv1.3', 'TLSv1.2'] as const) {
      const result = await probe({ maxTlsVersion })
      expect(result.ok, JSON.stringify(result)).toBe(true)
      if (!result.ok) continue
      expect(result.client).toBe('cms01')
      expect(result.partitions).toEqual([{ name: 'cms_par1', serial: '157541001', label: 'cms_par1' }])
      expect(result.tlsVersion).toBe(maxTlsVersion)
    }
  })

  it('NTLS: handshake-only mode (for a real appliance) reports the link up, and a stranger refused', async () => {
    const result = await probe({ mode: 'handshake', graceMs: 300 })
    expect(result).toMatchObject({ ok: true })
    const stranger = makeClientCert('127.0.0.9', new Date(Date.now() - 60_000))
    const refused = await probe({
      mode: 'handshake',
      graceMs: 300,
      clientCertificatePem: stranger.cert,
      clientKeyPem: stranger.key,
      appliance: { clientRegistered: false },
    })
    expect(refused).toMatchObject({ ok: false, problem: 'client-not-registered' })
  })

  it('NTLS: a connection from another source address is refused by ipcheck (NAT)', async () => {
    const shown = await shell.run('client fingerprint -client cms01')
    const registeredClientFingerprint = /Certificate fingerprint:\s*(\S+)/.exec(shown)![1]!
    const result = await probe({
      localAddress: '127.0.0.2',
      appliance: { clientRegistered: true, registeredClientFingerprint, ipcheck: true },
    })
    expect(result).toMatchObject({ ok: false, problem: 'source-address-refused' })
    expect(result.ok ? '' : result.message).toMatch(/ntls ipcheck disable/)
    await shell.run('ntls ipcheck disable')
    expect(await probe({ localAddress: '127.0.0.2' })).toMatchObject({ ok: true })
    await shell.run('ntls ipcheck enable')
  })

  it('NTLS: a client registered with another certificate, told apart with the appliance’s client fingerprint', async () => {
    const other = makeClientCert('127.0.0.1', new Date(Date.now() - 3_600_000))
    const shown = await shell.run('client fingerprint -client cms01')
    const registered = /Certificate fingerprint:\s*(\S+)/.exec(shown)![1]!
    const result = await probe({
      clientCertificatePem: other.cert,
      clientKeyPem: other.key,
      appliance: { registeredClientFingerprint: registered },
    })
    expect(result).toMatchObject({ ok: false, problem: 'client-registered-with-other-certificate' })
    const vague = await probe({ clientCertificatePem: other.cert, clientKeyPem: other.key })
    expect(vague).toMatchObject({ ok: false, problem: 'link-refused' })
  })

  it('NTLS: a client certificate that is not yet valid is named clock skew', async () => {
    const future = makeClientCert('127.0.0.3', new Date(Date.now() + 2 * 86_400_000))
    await connectForTransfer(target).then(async (c) => {
      try {
        await pushFileText(c, '127.0.0.3.pem', future.cert)
      } finally {
        c.close()
      }
    })
    await shell.run('client register -client skewed -ip 127.0.0.3')
    await shell.run('client assignPartition -client skewed -partition cms_par1')
    const result = await probe({
      clientCertificatePem: future.cert,
      clientKeyPem: future.key,
      localAddress: '127.0.0.3',
    })
    expect(result).toMatchObject({ ok: false, problem: 'clock-skew' })
    expect(result.ok ? '' : result.message).toMatch(/only becomes valid at .* still in the future/)
  })

  it('NTLS: port closed while NTLS is down', async () => {
    await handle.setFaults({ ntlsDown: true })
    try {
      const result = await probe()
      expect(result).toMatchObject({ ok: false, problem: 'port-closed' })
    } finally {
      await handle.setFaults({})
    }
    expect(await probe()).toMatchObject({ ok: true })
  })

  it('NTLS: the server certificate changed after sysconf regenCert; pulling again says it replaced the old one', async () => {
    await shell.run('sysconf regenCert -force')
    await shell.run('service restart ntls')
    const result = await probe()
    expect(result).toMatchObject({ ok: false, problem: 'server-certificate-changed' })
    expect(result.ok ? '' : result.message).toMatch(/regenerated/)
    const again = await pullServerPem(conn, { applianceId: 'hsm-a', dataDir })
    expect(again.replacedSha256).toBe(new X509Certificate(serverPem).fingerprint256)
    serverPem = readFileSync(again.path, 'utf8')
    expect(await probe()).toMatchObject({ ok: true })
  })

  it('the wizard’s calls: keychain password, pinned host key, pull, and the link check from Chrystoki.conf', async () => {
    const store = new Map<string, string>()
    const vault = openVault({
      backend: {
        set: async (s, a, p) => void store.set(`${s}|${a}`, p),
        get: async (s, a) => store.get(`${s}|${a}`) ?? null,
        delete: async (s, a) => store.delete(`${s}|${a}`),
      },
    })
    const where = {
      vault,
      applianceId: 'hsm-b',
      host: target.host,
      port: target.port,
      expectedHostKey: target.expectedHostKey,
    }
    await expect(connectApplianceForTransfer(where)).rejects.toBeInstanceOf(NoStoredPasswordError)
    await vault.set({ kind: 'appliance-admin', applianceId: 'hsm-b' }, NEW_PASSWORD)
    const c = await connectApplianceForTransfer(where)
    try {
      await pullServerPem(c, { applianceId: 'hsm-b', dataDir })
    } finally {
      c.close()
    }
    const result = await probeApplianceLink({
      applianceId: 'hsm-b',
      dataDir,
      host: handle.ntls.host,
      port: handle.ntls.port,
      clientConfigPath: join(sim.clientRoot, 'Chrystoki.conf'),
      mode: 'list',
    })
    expect(result).toMatchObject({ ok: true, client: 'cms01' })
  })

  it('refuses a wrong password with an error that does not contain it', async () => {
    const error = await connectForTransfer({ ...target, password: 'Wrong-pass-77' }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'auth-failed' })
    expect(String((error as Error).message)).not.toContain('Wrong-pass-77')
  })

  it('after the whole run, no file Rackside wrote holds a password', () => {
    const secrets = [
      NEW_PASSWORD,
      'PASSWORD',
      'So-pass-2026',
      'Part-pass-2026',
      'dom-2026-x',
      'Wrong-pass-77',
    ]
    const files = (readdirSync(dataDir, { recursive: true }) as string[])
      .map((name) => join(dataDir, name))
      .filter((path) => statSync(path).isFile())
    expect(files.length).toBeGreaterThan(0)
    for (const path of files) {
      const text = readFileSync(path).toString('latin1')
      for (const secret of secrets) expect(text.includes(secret), `${path} holds a password`).toBe(false)
    }
  })
})

async function pushFileText(conn: TransferConnection, name: string, text: string): Promise<void> {
  const { pushFile } = await import('../../electron/client/scp')
  await pushFile(conn, name, Buffer.from(text))
}

describe('client side against the simulator (era 7: SFTP)', () => {
  let sim: Simulator
  const dataDir = mkdtempSync(join(tmpdir(), 'rackside-data7-'))

  beforeAll(async () => {
    sim = await startSimulator({ era: 7, count: 2 })
  })
  afterAll(async () => {
    await sim?.stop()
    rmSync(dataDir, { recursive: true, force: true })
    if (sim) rmSync(sim.clientRoot, { recursive: true, force: true })
  })

  const targetOf = (handle: Handle, password: string): SshTarget => ({
    host: handle.ssh.host,
    port: handle.ssh.port,
    username: 'admin',
    password,
    expectedHostKey: handle.ssh.hostKeyFingerprint,
  })

  it('asks for the first-login password change before copying from a fresh appliance', async () => {
    const conn = await connectForTransfer(targetOf(sim.appliances[0]!, 'PASSWORD'))
    try {
      const error = await pullServerPem(conn, { applianceId: 'fresh', dataDir }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(PasswordChangeRequiredError)
      expect((error as Error).message).toMatch(/change it \(the first-login step\)/)
    } finally {
      conn.close()
    }
    for (const handle of sim.appliances) {
      const shell = new Lunash(handle)
      await shell.firstLogin()
      shell.close()
    }
  })

  it('pulls each appliance’s server.pem over SFTP into its own folder; one never overwrites the other', async () => {
    const pulled = []
    for (const [i, handle] of sim.appliances.entries()) {
      const conn = await connectForTransfer(targetOf(handle, NEW_PASSWORD))
      try {
        pulled.push(await pullServerPem(conn, { applianceId: `hsm-${i + 1}`, dataDir }))
        expect(
          (await pullServerPem(conn, { applianceId: `hsm-${i + 1}-scp`, dataDir, method: 'scp' })).via,
        ).toBe('scp')
      } finally {
        conn.close()
      }
    }
    expect(pulled.map((p) => p.via)).toEqual(['sftp', 'sftp'])
    expect(pulled[0]!.fingerprints.sha256).not.toBe(pulled[1]!.fingerprints.sha256)
    for (const [i, handle] of sim.appliances.entries())
      expect(readFileSync(serverPemPath(dataDir, `hsm-${i + 1}`), 'utf8')).toBe(
        handle.appliance.ntlsView().serverCertificatePem,
      )
  })
})
