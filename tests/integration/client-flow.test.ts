/**
 * The client-side wizard's requests against the real demo appliance (the simulator and its vtl), through the
 * same dispatch the renderer uses: bad input is refused with a clear error and nothing is written; then the HID
 * client procedure in order — locate the client, pull server.pem (checked against what NTLS presents), vtl
 * addServer / createCert in the tools console, push the certificate, register and assign through the runner,
 * prove the link, vtl verify, list SoftHSM2 slots, preview and apply cmsslot.ini and pkcs11.cfg, and keep the
 * partition password in the keychain. Afterwards no file Rackside wrote holds a password.
 */
import { execFileSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHost, type Host, type HostEvent } from '../../electron/host/host'
import { simulatorDemo, type DemoProvider } from '../../electron/host/demo'
import { verifySeals } from '../../electron/sessions/transcript-seal'
import type { EventPayload, Result, RunnerResult } from '../../shared/api'
import { actAsOperator, memoryVault, type HostClient } from '../support/host-client'

const ADMIN = 'Cl1ent-Flow-Admin!'
const SO = 'S0-Flow-Passw0rd!'
const DOMAIN = 'Dom-Flow-Passw0rd!'
const PARTITION_PW = 'Par-Flow-Passw0rd!'
const SECRETS = [ADMIN, SO, DOMAIN, PARTITION_PW]
const SOFTHSM = '/usr/lib/softhsm/libsofthsm2.so'

const root = mkdtempSync(join(tmpdir(), 'rackside-client-flow-'))
const dataDir = join(root, 'data')
const cmsDir = join(root, 'cms')
const softDir = join(root, 'softhsm')
const savedConf = process.env.SOFTHSM2_CONF
const vault = memoryVault()
let demo: DemoProvider
let host: Host
let wizard: HostClient
let sessionId = ''
let consoleText = ''
let toolsText = ''
let toolsId = ''
const progress: EventPayload<'client.transfer.progress'>[] = []

const call = <T>(method: string, params?: Record<string, unknown>) => wizard.call<T>(method, params)
const ok = <T>(method: string, params?: Record<string, unknown>) => wizard.ok<T>(method, params)
const run = (commandId: string, fields: Record<string, unknown>, secrets?: Record<string, string>) =>
  ok<RunnerResult>('runner.run', { sessionId, commandId, fields, ...(secrets ? { secrets } : {}) })

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  return (readdirSync(dir, { recursive: true }) as string[])
    .map((n) => join(dir, n))
    .filter((p) => statSync(p).isFile())
}

beforeAll(async () => {
  mkdirSync(cmsDir, { recursive: true })
  mkdirSync(join(softDir, 'tokens'), { recursive: true })
  const conf = join(softDir, 'softhsm2.conf')
  writeFileSync(
    conf,
    `directories.tokendir = ${join(softDir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`,
  )
  process.env.SOFTHSM2_CONF = conf
  execFileSync(
    'softhsm2-util',
    ['--init-token', '--free', '--label', 'cms', '--pin', '1234', '--so-pin', '0000'],
    {
      stdio: 'ignore',
    },
  )

  demo = simulatorDemo()
  host = createHost({
    kind: 'web',
    dataDir,
    demo,
    runner: { vault, runner: { resyncMs: 1_500 } },
    client: { vault, probeTimeoutMs: 5_000 },
  })
  wizard = actAsOperator(host, 'wizard', (e) => {
    if (e.name === 'session.data') {
      const p = e.payload as EventPayload<'session.data'>
      if (p.sessionId === sessionId) consoleText += p.data
      else toolsText += p.data
    } else if (e.name === 'client.transfer.progress')
      progress.push(e.payload as EventPayload<'client.transfer.progress'>)
  })
  sessionId = (await ok<{ sessionId: string }>('sessions.open', { profileId: 'demo', cols: 120, rows: 40 }))
    .sessionId
  const until = Date.now() + 20_000
  while (!/\(current\) UNIX password:/.test(consoleText)) {
    if (Date.now() > until) throw new Error(`no first-login prompt:\n${consoleText}`)
    await new Promise((r) => setTimeout(r, 20))
  }
  const first = await run(
    'login.first-password-change',
    {},
    {
      'appliance-current-password': 'PASSWORD',
      'appliance-new-password': ADMIN,
    },
  )
  expect(first.status, first.reason).toBe('done')
  expect(
    (await run('hsm.init', { label: 'cmshsm' }, { 'hsm-so-password': SO, 'hsm-domain': DOMAIN })).status,
  ).toBe('done')
  expect((await run('hsm.login', {}, { 'hsm-so-password': SO })).status).toBe('done')
  const part = await run(
    'partition.create',
    { partition: 'cms' },
    { 'partition-password': PARTITION_PW, 'partition-domain': DOMAIN },
  )
  expect(part.status, part.reason).toBe('done')
}, 120_000)

afterAll(async () => {
  await host?.close()
  if (savedConf === undefined) delete process.env.SOFTHSM2_CONF
  else process.env.SOFTHSM2_CONF = savedConf
  rmSync(root, { recursive: true, force: true })
})

describe('client-side requests: bad input is refused and nothing is written', () => {
  it('refuses paths that are relative, traverse, or name the wrong file, before touching anything', async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['client.locate', { folder: 'lunaclient' }, /not absolute/],
      ['client.locate', { folder: '/usr/safenet/../../etc' }, /"\.\." segments/],
      [
        'client.cmsPreview',
        { file: 'cmsslot.ini', path: `${cmsDir}/../x/cmsslot.ini`, choice: { by: 'slot-id', slotId: 1 } },
        /"\.\." segments/,
      ],
      [
        'client.cmsPreview',
        { file: 'cmsslot.ini', path: '/etc/passwd', choice: { by: 'slot-id', slotId: 1 } },
        /must end in cmsslot\.ini/,
      ],
      [
        'client.cmsPreview',
        { file: 'pkcs11.cfg', path: join(cmsDir, 'pkcs11.cfg\nx'), choice: { by: 'slot-id', slotId: 1 } },
        /one line/,
      ],
      ['client.listSlots', { library: '/etc/passwd' }, /not a PKCS#11 library/],
      [
        'client.cmsCopyFromDistribution',
        { path: join(cmsDir, 'cmsslot.ini'), distributionFolder: '/nonexistent/cms' },
        /does not exist/,
      ],
    ]
    for (const [method, params, message] of cases) {
      const reply = await call(method, params)
      expect(reply.ok, method).toBe(false)
      if (!reply.ok) expect(reply.error.message, method).toMatch(message)
    }
    expect(filesUnder(cmsDir)).toEqual([])
  })

  it('refuses a client name that could carry a second command, and there is no way to read a password', async () => {
    const bad = await call('client.runVtl', { action: 'createCert', clientName: '127.0.0.1;rm -rf /' })
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-request' } })
    const read = await call('vault.get', { account: { kind: 'appliance-admin', applianceId: 'demo' } })
    expect(read).toMatchObject({ ok: false, error: { code: 'invalid-request', message: /Unknown request/ } })
    const noSecret = await call('vault.set', {
      account: { kind: 'appliance-admin', applianceId: 'demo' },
      secret: '',
    })
    expect(noSecret).toMatchObject({ ok: false, error: { code: 'invalid-request' } })
  })

  it('asks for the steps in order: vtl before the client is located, pull from a console that is not there', async () => {
    const early = await call('client.runVtl', { action: 'verify' })
    expect(early).toMatchObject({
      ok: false,
      error: { code: 'luna-client-not-found', message: /Locate the Luna client first/ },
    })
    const nowhere = await call('client.pullServerPem', { sessionId: 's-0123456789abcdef' })
    expect(nowhere).toMatchObject({ ok: false, error: { code: 'not-found' } })
    expect(existsSync(join(dataDir, 'appliances'))).toBe(false)
  })
})

describe('the HID client procedure against the demo appliance', () => {
  let clientRoot = ''

  it('1. locates the demo appliance’s simulated Luna client', async () => {
    const found = await ok<{ folder: string; vtlPath: string; configPath?: string; demo: boolean }>(
      'client.locate',
      { demo: true, sessionId },
    )
    clientRoot = demo.current!()!.clientRoot!
    expect(found).toMatchObject({
      folder: clientRoot,
      demo: true,
      configPath: join(clientRoot, 'Chrystoki.conf'),
    })
    toolsId = (
      await ok<{ sessionId: string }>('sessions.open', { profileId: 'client-tools', cols: 100, rows: 30 })
    ).sessionId
    expect(toolsId).not.toBe(sessionId)
  })

  it('2. pulls server.pem with the console’s verified host key; NTLS presents the same certificate', async () => {
    const pulled = await ok<{
      path: string
      via: string
      fingerprints: { sha256: string; md5: string }
      ntls: { matches?: boolean; presentedSha256?: string }
      reportedMatches?: boolean
    }>('client.pullServerPem', { sessionId, reportedFingerprint: 'MD5:00:11' }).catch((e: Error) => e)
    // A fingerprint that is not one is refused with a clear message.
    expect(String(pulled)).toMatch(/not an MD5, SHA-1 or SHA-256 fingerprint/)
    const good = await ok<{
      path: string
      via: string
      fingerprints: { sha256: string }
      ntls: { matches?: boolean; presentedSha256?: string }
    }>('client.pullServerPem', { sessionId })
    expect(good.path).toBe(join(dataDir, 'appliances', 'demo', 'server.pem'))
    expect(good.via).toBe('scp')
    expect(good.ntls.matches).toBe(true)
    expect(good.ntls.presentedSha256).toBe(good.fingerprints.sha256)
    expect(progress.at(-1)).toMatchObject({ file: 'server.pem' })
    expect(progress.at(-1)!.transferred).toBe(progress.at(-1)!.total)
  })

  it('3. runs vtl addServer and createCert visibly in the tools console; outputs parsed', async () => {
    const added = await ok<{ ok: boolean; command: string; facts: { server: string } }>('client.runVtl', {
      action: 'addServer',
      sessionId,
    })
    expect(added.ok).toBe(true)
    expect(added.command).toBe(
      `vtl addServer -n 127.0.0.1 -c ${join(dataDir, 'appliances', 'demo', 'server.pem')}`,
    )
    expect(added.facts.server).toBe('127.0.0.1')
    const created = await ok<{ ok: boolean; facts: { certPath: string } }>('client.runVtl', {
      action: 'createCert',
      clientName: '127.0.0.1',
    })
    expect(created.ok).toBe(true)
    expect(created.facts.certPath).toBe(join(clientRoot, 'cert', 'client', '127.0.0.1.pem'))
    expect(toolsText).toContain('$ vtl addServer -n 127.0.0.1')
    expect(toolsText).toContain('successfully added to server list')
    expect(toolsText).toContain('$ vtl createCert -n 127.0.0.1')
    // The tools console is transcribed like the others.
    const transcripts = filesUnder(join(dataDir, 'transcripts')).map((f) => readFileSync(f, 'utf8'))
    expect(transcripts.some((t) => t.includes('vtl addServer -n 127.0.0.1'))).toBe(true)
  })

  it('4. pushes the client certificate (never the key)', async () => {
    const pushed = await ok<{ remoteName: string; via: string }>('client.pushCert', {
      sessionId,
      clientName: '127.0.0.1',
    })
    expect(pushed).toMatchObject({ remoteName: '127.0.0.1.pem', via: 'scp' })
    const missing = await call('client.pushCert', { sessionId, clientName: '10.9.9.9' })
    expect(missing).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: /vtl createCert -n 10\.9\.9\.9/ },
    })
  })

  it('5. before registration the NTL check names the cause and what to do', async () => {
    const result = await ok<{ ok: boolean; problem?: string; advice?: string }>('client.probe', {
      sessionId,
      appliance: { clientRegistered: false },
    })
    expect(result).toMatchObject({ ok: false, problem: 'client-not-registered' })
    expect(result.advice).toMatch(/register the client/)
  })

  it('6. registers the client and assigns the partition through the runner; the link is up', async () => {
    expect((await run('client.register', { client: 'cms01', address: '127.0.0.1' })).status).toBe('done')
    const noPartition = await ok<{ ok: boolean; problem?: string }>('client.probe', { sessionId })
    expect(noPartition).toMatchObject({ ok: false, problem: 'no-partition' })
    expect((await run('client.assignPartition', { client: 'cms01', partition: 'cms' })).status).toBe('done')
    const up = await ok<{ ok: boolean; client?: string; partitions?: { name: string }[] }>('client.probe', {
      sessionId,
    })
    expect(up.ok).toBe(true)
    expect(up.client).toBe('cms01')
    expect(up.partitions?.map((p) => p.name)).toEqual(['cms'])
  })

  it('7. vtl verify shows the partition', async () => {
    const verified = await ok<{ ok: boolean; facts: { slot: number; label: string }[] }>('client.runVtl', {
      action: 'verify',
    })
    expect(verified.ok).toBe(true)
    expect(verified.facts.map((s) => s.label)).toEqual(['cms'])
  })

  it('8. the demo has no Luna cryptoki library: a clear error; SoftHSM2 lists its slots', async () => {
    const none = await call('client.listSlots', {})
    expect(none).toMatchObject({
      ok: false,
      error: { code: 'cryptoki-failed', message: /No Luna cryptoki library/ },
    })
    const listed = await ok<{ library: string; slots: { slotId: number; token?: { label: string } }[] }>(
      'client.listSlots',
      { library: SOFTHSM },
    )
    expect(listed.library).toBe(SOFTHSM)
    expect(listed.slots.some((s) => s.token?.label === 'cms')).toBe(true)
  })

  it('9. cmsslot.ini and pkcs11.cfg: preview, apply with a backup; a missing slot writes nothing', async () => {
    const ini = join(cmsDir, 'cmsslot.ini')
    const cfg = join(cmsDir, 'pkcs11.cfg')
    writeFileSync(ini, '; CMS slot selection\r\n[Slot]\r\nTokenName=old\r\n')
    writeFileSync(cfg, '# ActivID CMS PKCS#11\nlibrary=cryptoki.dll\nslot=0\n')
    const slots = await ok<{ slots: { slotId: number; token?: { label: string } }[] }>('client.listSlots', {
      library: SOFTHSM,
    })
    const slotId = slots.slots.find((s) => s.token?.label === 'cms')!.slotId

    const wrong = await ok<{ previewId: string }>('client.cmsPreview', {
      file: 'pkcs11.cfg',
      path: cfg,
      choice: { by: 'slot-id', slotId: slotId + 1 },
      library: SOFTHSM,
    })
    const refused = await call('client.cmsApply', { previewId: wrong.previewId })
    expect(refused).toMatchObject({ ok: false, error: { code: 'slot-not-found' } })
    expect(readFileSync(cfg, 'utf8')).toBe('# ActivID CMS PKCS#11\nlibrary=cryptoki.dll\nslot=0\n')

    const p1 = await ok<{ previewId: string; diff: string; changed: boolean }>('client.cmsPreview', {
      file: 'cmsslot.ini',
      path: ini,
      choice: { by: 'token-name', tokenName: 'cms' },
      library: SOFTHSM,
    })
    expect(p1.changed).toBe(true)
    expect(p1.diff).toMatch(/-TokenName=old/)
    expect(p1.diff).toMatch(/\+TokenName=cms/)
    const a1 = await ok<{ written: boolean; backupPath?: string }>('client.cmsApply', {
      previewId: p1.previewId,
    })
    expect(a1.written).toBe(true)
    expect(readFileSync(ini, 'utf8')).toBe('; CMS slot selection\r\n[Slot]\r\nTokenName=cms\r\n')
    expect(readFileSync(a1.backupPath!, 'utf8')).toContain('TokenName=old')
    const again = await call('client.cmsApply', { previewId: p1.previewId })
    expect(again).toMatchObject({ ok: false, error: { code: 'not-found', message: /Preview again/ } })

    const p2 = await ok<{ previewId: string }>('client.cmsPreview', {
      file: 'pkcs11.cfg',
      path: cfg,
      choice: { by: 'slot-id', slotId },
      library: SOFTHSM,
    })
    writeFileSync(cfg, '# edited meanwhile\nslot=0\n')
    const changed = await call('client.cmsApply', { previewId: p2.previewId })
    expect(changed).toMatchObject({ ok: false, error: { code: 'file-changed' } })
    expect(readFileSync(cfg, 'utf8')).toBe('# edited meanwhile\nslot=0\n')
  })

  it('9b. cmsslot.ini copied from the CMS distribution’s HSM folder when missing, or created from Rackside’s layout', async () => {
    const dist = join(root, 'CMS-dist')
    mkdirSync(join(dist, 'HSM'), { recursive: true })
    writeFileSync(join(dist, 'HSM', 'cmsslot.ini'), '[Slot]\r\n;TokenName=\r\n')
    const target = join(cmsDir, 'win', 'cmsslot.ini')
    mkdirSync(join(cmsDir, 'win'))
    const copied = await ok<{ source: string; copiedFrom?: string }>('client.cmsCopyFromDistribution', {
      path: target,
      distributionFolder: dist,
    })
    expect(copied).toMatchObject({ source: 'distribution', copiedFrom: join(dist, 'HSM', 'cmsslot.ini') })
    const kept = await ok<{ source: string }>('client.cmsCopyFromDistribution', {
      path: target,
      distributionFolder: dist,
    })
    expect(kept.source).toBe('existing')

    const fresh = join(cmsDir, 'fresh', 'cmsslot.ini')
    mkdirSync(join(cmsDir, 'fresh'))
    const missing = await call('client.cmsPreview', {
      file: 'cmsslot.ini',
      path: fresh,
      choice: { by: 'token-name', tokenName: 'cms' },
    })
    expect(missing).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: /Copy it from your ActivID CMS distribution/ },
    })
    const created = await ok<{ previewId: string; existed: boolean; warnings: string[] }>(
      'client.cmsPreview',
      {
        file: 'cmsslot.ini',
        path: fresh,
        choice: { by: 'token-name', tokenName: 'cms' },
        createIfMissing: true,
        library: SOFTHSM,
      },
    )
    expect(created.existed).toBe(false)
    expect(created.warnings.join(' ')).toMatch(/HID does not publish the layout/)
    await ok('client.cmsApply', { previewId: created.previewId })
    expect(readFileSync(fresh, 'utf8')).toMatch(/TokenName=cms/)
  })

  it('10. keeps the partition (client) password in the keychain; the renderer can only ask whether it is kept', async () => {
    const account = { kind: 'partition', applianceId: 'demo', partition: 'cms' }
    expect(await ok('vault.set', { account, secret: PARTITION_PW })).toEqual({ stored: true })
    expect(await ok('vault.has', { account })).toEqual({ kept: true })
    expect(await ok('vault.has', { account: { ...account, partition: 'other' } })).toEqual({ kept: false })
  })

  it('11. High Availability: vtl haAdmin groups both partitions, each change proved by haAdmin show; the password comes from the keychain and is never shown', async () => {
    // HID's prerequisites: a second partition with the same password, assigned to this client.
    const second = await run(
      'partition.create',
      { partition: 'cms2' },
      { 'partition-password': PARTITION_PW, 'partition-domain': DOMAIN },
    )
    expect(second.status, second.reason).toBe('done')
    expect((await run('client.assignPartition', { client: 'cms01', partition: 'cms2' })).status).toBe('done')
    const link = await ok<{ partitions?: { name: string; serial: string }[] }>('client.probe', { sessionId })
    const serial = (name: string) => link.partitions!.find((p) => p.name === name)!.serial
    const [first, other] = [serial('cms'), serial('cms2')]
    const password = { applianceId: 'demo', partition: 'cms' }
    type Ha = Result<'client.haAdmin'>
    const ha = (params: Record<string, unknown>) => ok<Ha>('client.haAdmin', params)

    expect(await ha({ action: 'show' })).toMatchObject({ ok: true, readBack: { groups: [], haOnly: false } })

    // Refused before vtl runs: a label that could carry more, and a partition with no kept password.
    const shownBefore = toolsText.length
    const bad = await call('client.haAdmin', {
      action: 'newGroup',
      label: 'cms ha;x',
      serial: first,
      password,
    })
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-request' } })
    const unkept = await call('client.haAdmin', {
      action: 'newGroup',
      label: 'cmsha',
      serial: first,
      password: { ...password, partition: 'nope' },
    })
    expect(unkept).toMatchObject({ ok: false, error: { code: 'not-found' } })
    expect(toolsText.length).toBe(shownBefore)

    const created = await ha({ action: 'newGroup', label: 'cmsha', serial: first, password })
    expect(created.ok, created.problem).toBe(true)
    // The password is typed at vtl's own prompt, never on its command line.
    expect(created.command).toBe(`vtl haAdmin newGroup -serialNum ${first} -label cmsha`)
    expect(created.readBack?.groups).toMatchObject([
      { label: 'cmsha', number: `1${first}`, members: [first] },
    ])

    const added = await ha({ action: 'addMember', group: 'cmsha', serial: other, password })
    expect(added.ok, added.problem).toBe(true)
    expect(added.readBack?.groups[0]?.members).toEqual([first, other])

    // A partition this client cannot see: vtl's own words, and not done.
    const ghost = await ha({ action: 'addMember', group: 'cmsha', serial: '999999999', password })
    expect(ghost.ok).toBe(false)
    expect(ghost.problem).toMatch(/999999999 is not visible to this client/)

    const only = await ha({ action: 'haOnly', enable: true })
    expect(only).toMatchObject({
      ok: true,
      readBack: { haOnly: true },
    })
    const synced = await ha({ action: 'synchronize', group: `1${first}` })
    expect(synced.ok, synced.problem).toBe(true)
    expect(synced.output).toMatch(/completed successfully/)

    expect(toolsText).toContain(`$ vtl haAdmin newGroup -serialNum ${first} -label cmsha`)
    expect(toolsText).not.toContain('-password')
    expect(toolsText).toContain('Please enter the password for the partition:')
    expect(toolsText).not.toContain(PARTITION_PW)
  })

  it("the tools console's transcript records each client step's verdict, sealed", () => {
    const tools = filesUnder(join(dataDir, 'transcripts'))
      .map((f) => readFileSync(f))
      .find((b) => b.includes('# Rackside transcript: Luna client tools'))!
    const text = tools.toString('utf8')
    for (const verdict of [
      / -- Client step done \(exit 0\) — ran vtl addServer -n 127\.0\.0\.1 -c \S+\n#= sealed /,
      / -- Client step done \(exit 0\) — ran vtl createCert -n \S+\n#= sealed /,
      / -- The Network Trust Link to \S+ is not proved: .+\n#= sealed /,
      / -- Proved the Network Trust Link to \S+: TLS\S*, server certificate sha256 [0-9A-F:]+, registered as client cms01\.\n#= sealed /,
      / -- Client step done, read back — ran vtl haAdmin newGroup -serialNum \d+ -label cmsha\n#= sealed /,
      / -- Client step failed: .*not visible.* — ran vtl haAdmin addMember -group \S+ -serialNum 999999999\n/,
    ])
      expect(text).toMatch(verdict)
    expect(verifySeals(tools).broken).toBeUndefined()
  })

  it('after the run, no file Rackside wrote (data dir, client folder, CMS files) holds a password', () => {
    const files = [...filesUnder(dataDir), ...filesUnder(clientRoot), ...filesUnder(cmsDir)]
    expect(files.length).toBeGreaterThan(3)
    for (const path of files) {
      const text = readFileSync(path).toString('latin1')
      for (const secret of SECRETS) expect(text.includes(secret), `${path} holds a password`).toBe(false)
    }
  })
})

describe('a saved SSH profile (how a real appliance is reached)', () => {
  it('copies files only with the host key Rackside remembers for the profile, and says what to do without one', async () => {
    const appliance = demo.current!()!
    const saved = await ok<{ id: string }>('profiles.save', {
      profile: {
        name: 'Rack 4 HSM',
        kind: 'ssh',
        ssh: { host: appliance.host, port: appliance.port, username: 'admin' },
      },
    })
    // Accepted for this connection only: no remembered key, so no file transfer.
    await ok('hostKeys.accept', {
      profileId: saved.id,
      fingerprint: appliance.hostKeyFingerprint,
      remember: false,
    })
    let text = ''
    const opened = await ok<{ sessionId: string }>('sessions.open', {
      profileId: saved.id,
      cols: 100,
      rows: 30,
    })
    const off = (e: HostEvent): void => {
      if (e.name === 'session.data' && (e.payload as { sessionId: string }).sessionId === opened.sessionId)
        text += (e.payload as { data: string }).data
    }
    host.events.on('event', off)
    const waitFor = async (re: RegExp) => {
      const until = Date.now() + 15_000
      while (!re.test(text)) {
        if (Date.now() > until) throw new Error(`never saw ${re}:\n${text}`)
        await new Promise((r) => setTimeout(r, 20))
      }
    }
    await waitFor(/password: $/)
    await ok('sessions.write', { sessionId: opened.sessionId, data: `${ADMIN}\r` })
    await waitFor(/lunash:>\s*$/)
    const refused = await call('client.pullServerPem', { sessionId: opened.sessionId })
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: /no remembered SSH host key/ },
    })

    await ok('hostKeys.accept', {
      profileId: saved.id,
      fingerprint: appliance.hostKeyFingerprint,
      remember: true,
    })
    const noPassword = await call('client.pullServerPem', { sessionId: opened.sessionId })
    expect(noPassword).toMatchObject({
      ok: false,
      error: { code: 'auth-failed', message: /No admin password is kept/ },
    })
    await ok('vault.set', { account: { kind: 'appliance-admin', applianceId: saved.id }, secret: ADMIN })
    const pulled = await ok<{ path: string; ntls: { endpoint: string } }>('client.pullServerPem', {
      sessionId: opened.sessionId,
    })
    expect(pulled.path).toBe(join(dataDir, 'appliances', saved.id, 'server.pem'))
    // A real appliance's NTLS is port 1792 on the same address.
    expect(pulled.ntls.endpoint).toBe(`${appliance.host}:1792`)
    host.events.off('event', off)
    await ok('sessions.close', { sessionId: opened.sessionId })
  })
})
