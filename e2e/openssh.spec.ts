/**
 * An administrator who already lives in OpenSSH: their ~/.ssh/config's Host alias fills a new profile (host,
 * port, user, key file, jump host), and the keys their ~/.ssh/known_hosts holds are imported into Rackside's
 * list. HOME points at a temp folder holding that .ssh folder when the browser host starts.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import {
  expect,
  startSshSimulator,
  startWebHost,
  stopSshSimulator,
  stopWebHost,
  test,
  type SshSimulator,
  type WebHost,
} from './fixtures'

const home = mkdtempSync(join(tmpdir(), 'rackside-e2e-home-'))
const dataDir = mkdtempSync(join(tmpdir(), 'rackside-e2e-openssh-'))
let host: WebHost | undefined
let ssh: SshSimulator

test.beforeAll(async () => {
  ssh = await startSshSimulator()
  mkdirSync(join(home, '.ssh'), { mode: 0o700 })
  writeFileSync(
    join(home, '.ssh', 'config'),
    [
      'Host rack7',
      '    HostName 127.0.0.1',
      `    Port ${ssh.port}`,
      '    User admin',
      '    IdentityFile ~/.ssh/id_%h',
      '    ProxyJump ops@jump.example.net:2222',
      '',
      'Host *.example.net',
      '    User ops',
      '',
    ].join('\n'),
  )
  const scanned = await promisify(execFile)('ssh-keyscan', ['-p', String(ssh.port), '127.0.0.1'], {
    encoding: 'utf8',
  })
  writeFileSync(join(home, '.ssh', 'known_hosts'), scanned.stdout)
  host = await startWebHost([], { HOME: home, RACKSIDE_DATA_DIR: dataDir })
})

test.afterAll(async () => {
  if (host) await stopWebHost(host)
  await stopSshSimulator(ssh)
  rmSync(home, { recursive: true, force: true })
  rmSync(dataDir, { recursive: true, force: true })
})

test('a Host alias from ~/.ssh/config fills a new SSH profile', async ({ page }) => {
  await page.goto(`${host!.url}&e2e`)
  await page.getByRole('button', { name: 'New SSH profile' }).click()
  const form = page.getByRole('form', { name: 'New SSH profile' })
  const alias = form.getByRole('combobox', { name: 'Host from ~/.ssh/config' })
  await expect(
    alias.getByRole('option', { name: /rack7 \(admin@127\.0\.0\.1:\d+ via ops@jump/ }),
  ).toBeAttached()
  await alias.selectOption('rack7')

  await expect(form.getByRole('textbox', { name: 'Name' })).toHaveValue('rack7')
  await expect(form.getByRole('textbox', { name: 'Host' })).toHaveValue('127.0.0.1')
  await expect(form.getByRole('spinbutton', { name: 'Port' })).toHaveValue(String(ssh.port))
  await expect(form.getByRole('textbox', { name: 'User' })).toHaveValue('admin')
  await expect(form.getByRole('combobox', { name: 'Login method' })).toHaveValue('publickey')
  await expect(form.getByRole('textbox', { name: 'Key file' })).toHaveValue(
    join(home, '.ssh', 'id_127.0.0.1'),
  )
  await expect(form.getByRole('textbox', { name: 'Bastion (ProxyJump)' })).toHaveValue(
    'ops@jump.example.net:2222',
  )

  // A jump host that could read as an option is refused before anything is saved.
  await form.getByRole('textbox', { name: 'Bastion (ProxyJump)' }).fill('-oProxyCommand=sh')
  await form.getByRole('button', { name: 'Save profile' }).click()
  await expect(form.getByRole('alert')).toContainText('jump host')
  await form.getByRole('textbox', { name: 'Bastion (ProxyJump)' }).fill('ops@jump.example.net:2222')
  await form.getByRole('button', { name: 'Save profile' }).click()
  await expect(page.getByRole('listitem').filter({ hasText: 'rack7' })).toBeVisible()
})

test('keys from ~/.ssh/known_hosts are listed and imported into Rackside’s list', async ({ page }) => {
  await page.goto(`${host!.url}&e2e`)
  const keys = page.getByRole('region', { name: 'Known SSH host keys' })
  await expect(keys).toContainText('Rackside remembers no host keys yet.')
  await keys.getByRole('button', { name: 'Import from ~/.ssh/known_hosts' }).click()
  const found = keys.getByRole('group', { name: 'Keys in ~/.ssh/known_hosts' })
  const where = `127.0.0.1:${ssh.port}`
  await expect(
    found.getByRole('checkbox', {
      name: new RegExp(`${where}.*${ssh.fingerprint.replace(/[+/]/g, '\\$&')}`),
    }),
  ).toBeChecked()
  await found.getByRole('button', { name: 'Import selected' }).click()
  await expect(keys.getByRole('status', { name: 'Import result' })).toContainText(
    /Imported \d+ keys? from ~\/\.ssh\/known_hosts\./,
  )
  const row = keys.getByRole('row', { name: where })
  await expect(row).toContainText(ssh.fingerprint)
  await expect(row).toContainText('Imported from ~/.ssh/known_hosts')
})
