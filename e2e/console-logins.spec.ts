/**
 * Logging in to an appliance's SSH console without the password login, as an administrator does it in the
 * browser: a profile with a private key file (its passphrase typed in the console), a profile that uses the
 * running ssh-agent (nothing asked), and a keyboard-interactive profile (the appliance's `Password:` question
 * answered in the console). The appliance is the simulator, set up the way its administrator would: the factory
 * password changed over SSH, the public key uploaded with `scp -O`, then `sysconf ssh publickey add` and
 * `enable`. Neither the passphrase nor the password may end up in a transcript.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { startSimulator, type ApplianceHandle, type Simulator } from '../simulator/index'
import { firstLogin, OpenSshClient, run } from '../simulator/test/openssh'
import {
  connect,
  expect,
  expectOnScreen,
  startWebHost,
  stopWebHost,
  test,
  typeLine,
  visibleConsole,
} from './fixtures'

const ADMIN_PASSWORD = 'Rack7-Adm1n-Pass'
const PASSPHRASE = 'Rack7-Key-Phrase'

// Profiles, known hosts and transcripts of this run go to a throwaway data folder (every web host inherits it).
const dataDir = mkdtempSync(join(tmpdir(), 'rackside-e2e-logins-'))
process.env.RACKSIDE_DATA_DIR = dataDir
/** The operator's own keys and the agent's socket. */
const keys = mkdtempSync(join(tmpdir(), 'rackside-e2e-keys-'))
const keyFile = join(keys, 'id_ed25519')
const agentSocket = join(keys, 'agent.sock')

let sim: Simulator
let appliance: ApplianceHandle
let admin: OpenSshClient
let agent: ChildProcess | undefined

test.describe.configure({ mode: 'serial' })

/** The appliance's administrator prepares key logins with lunash, over a password login with OpenSSH. */
test.beforeAll(async () => {
  const keygen = await run('ssh-keygen', [
    '-q',
    '-t',
    'ed25519',
    '-N',
    PASSPHRASE,
    '-C',
    'op@rack7',
    '-f',
    keyFile,
  ])
  expect(keygen.code, keygen.stderr).toBe(0)

  sim = await startSimulator({ host: '127.0.0.1', sshPort: 0 })
  appliance = sim.appliances[0]!
  admin = new OpenSshClient(appliance, 'PASSWORD')
  const login = await firstLogin(admin, appliance.ssh.port, ADMIN_PASSWORD)
  expect(login.code, login.stdout).toBe(0)
  const upload = await admin.scp(`${keyFile}.pub`, admin.remote('rack7-op.pub'))
  expect(upload.code, upload.stderr).toBe(0)
  for (const [command, answer] of [
    ['sysconf ssh publickey add operator -f rack7-op.pub', 'Public key added'],
    ['sysconf ssh publickey enable', 'Public key authentication enabled'],
  ] as const) {
    const result = await admin.exec(command)
    expect(result.stdout, result.stdout + result.stderr).toContain(answer)
    expect(result.stdout).toContain('Command Result : 0 (Success)')
  }
})

test.afterAll(async () => {
  if (agent && agent.exitCode === null) {
    const exited = new Promise((resolve) => agent!.once('exit', resolve))
    agent.kill('SIGTERM')
    await exited
  }
  await sim?.stop()
  admin?.dispose()
  if (sim) rmSync(sim.clientRoot, { recursive: true, force: true })
  rmSync(keys, { recursive: true, force: true })
  rmSync(dataDir, { recursive: true, force: true })
})

/** A new SSH profile to the simulated appliance, filled in as a person does. */
async function newSshProfile(
  page: Page,
  name: string,
  method: 'publickey' | 'agent' | 'keyboard-interactive',
  keyPath?: string,
) {
  await page.getByRole('tab', { name: 'Connections' }).click()
  await page.getByRole('button', { name: 'New SSH profile' }).click()
  const form = page.getByRole('form', { name: 'New SSH profile' })
  await form.getByRole('textbox', { name: 'Name' }).fill(name)
  await form.getByRole('textbox', { name: 'Host' }).fill(appliance.ssh.host)
  await form.getByRole('spinbutton', { name: 'Port' }).fill(String(appliance.ssh.port))
  await expect(form.getByRole('textbox', { name: 'User' })).toHaveValue('admin')
  await form.getByRole('combobox', { name: 'Login method' }).selectOption(method)
  if (keyPath) await form.getByRole('textbox', { name: 'Key file' }).fill(keyPath)
  await form.getByRole('button', { name: 'Save profile' }).click()
  await expect(page.getByRole('listitem').filter({ hasText: name })).toBeVisible()
}

/** At the prompt, `hsm show` runs and ends with its Command Result and the prompt again. */
async function hsmShowWorks(page: Page) {
  await typeLine(page, 'hsm show')
  await expectOnScreen(page, /Serial #:\s+\d+/)
  await expectOnScreen(page, /Command Result : 0 \(Success\)\s*\n.*lunash:>\s*$/m)
}

const hostKeyDialog = (page: Page) => page.getByRole('dialog', { name: 'Unknown host key' })

test('logs in with a private key file: accepts the host key, asks the passphrase in the console', async ({
  page,
  webHost,
}) => {
  await page.goto(webHost.url)
  await newSshProfile(page, 'Rack 7 by key file', 'publickey', keyFile)
  await connect(page, 'Rack 7 by key file')

  // First contact: the appliance's SHA-256 fingerprint, accepted and remembered.
  await expect(hostKeyDialog(page).getByLabel('Host key fingerprint')).toHaveText(
    appliance.ssh.hostKeyFingerprint,
  )
  expect(appliance.ssh.hostKeyFingerprint).toMatch(/^SHA256:/)
  await hostKeyDialog(page).getByRole('button', { name: 'Accept and remember' }).click()

  await expectOnScreen(page, `Passphrase for ${keyFile}:`)
  await typeLine(page, PASSPHRASE)
  await expectOnScreen(page, /lunash:>\s*$/m)
  const screen = await visibleConsole(page).locator('.xterm-rows').innerText()
  expect(screen).not.toContain(PASSPHRASE)
  expect(screen).not.toMatch(/password:/i)
  await hsmShowWorks(page)
})

test('logs in through the SSH agent: no password and no passphrase asked', async ({ page }) => {
  // The operator's agent, holding the key (ssh-add reads the passphrase from an askpass helper).
  agent = spawn('ssh-agent', ['-D', '-a', agentSocket], { stdio: 'ignore' })
  await expect.poll(() => existsSync(agentSocket), { message: 'ssh-agent made no socket' }).toBe(true)
  const askpass = join(keys, 'askpass.sh')
  writeFileSync(askpass, `#!/bin/sh\nprintf '%s\\n' '${PASSPHRASE}'\n`)
  chmodSync(askpass, 0o700)
  const added = await run('setsid', ['-w', 'ssh-add', keyFile], {
    env: {
      ...process.env,
      SSH_AUTH_SOCK: agentSocket,
      SSH_ASKPASS: askpass,
      SSH_ASKPASS_REQUIRE: 'force',
      DISPLAY: ':0',
    },
  })
  expect(added.code, added.stderr).toBe(0)
  const listed = await run('ssh-add', ['-l'], { env: { ...process.env, SSH_AUTH_SOCK: agentSocket } })
  expect(listed.stdout).toContain('op@rack7')

  const host = await startWebHost([], { SSH_AUTH_SOCK: agentSocket })
  try {
    await page.goto(host.url)
    await newSshProfile(page, 'Rack 7 by agent', 'agent')
    await connect(page, 'Rack 7 by agent')
    // The host key was remembered by the first connection: no question this time.
    await expectOnScreen(page, /lunash:>\s*$/m)
    await expect(hostKeyDialog(page)).toHaveCount(0)
    const screen = await visibleConsole(page).locator('.xterm-rows').innerText()
    expect(screen).not.toMatch(/password:|passphrase/i)
    await hsmShowWorks(page)
  } finally {
    await stopWebHost(host)
  }
})

test('logs in with keyboard-interactive: the console shows the Password: question', async ({
  page,
  webHost,
}) => {
  await page.goto(webHost.url)
  await newSshProfile(page, 'Rack 7 keyboard-interactive', 'keyboard-interactive')
  await connect(page, 'Rack 7 keyboard-interactive')
  await expectOnScreen(page, /Password:\s*$/m)
  await typeLine(page, ADMIN_PASSWORD)
  await expectOnScreen(page, /lunash:>\s*$/m)
  expect(await visibleConsole(page).locator('.xterm-rows').innerText()).not.toContain(ADMIN_PASSWORD)
  await hsmShowWorks(page)
})

test('the transcripts of these logins hold neither the passphrase nor the password', async () => {
  const folder = join(dataDir, 'transcripts')
  const files = readdirSync(folder)
  // One per console: key file, agent, keyboard-interactive.
  expect(files.length).toBeGreaterThanOrEqual(3)
  let all = ''
  for (const file of files) all += readFileSync(join(folder, file), 'utf8')
  expect(all).toContain('hsm show')
  expect(all).toMatch(/Serial #:\s+\d+/)
  expect(all).not.toContain(PASSPHRASE)
  expect(all).not.toContain(ADMIN_PASSWORD)
})
