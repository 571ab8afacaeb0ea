/**
 * The record an auditor checks, in Chromium against the demo appliance: a guided step's outcome is noted in the
 * console's transcript and sealed; the Connections page checks every transcript's seals, and a line edited
 * afterwards by hand shows up as ALTERED with the lines it is in.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import {
  connect,
  expect,
  expectConsole,
  firstLogin,
  startWebHost,
  stopWebHost,
  test,
  typeLine,
} from './fixtures'

const ADMIN = 'Seal$-2026-rack'

const sealsSection = (page: Page) => page.getByRole('region', { name: 'Transcript seals' })

async function checkSeals(page: Page) {
  await page.getByRole('tab', { name: 'Connections' }).click()
  await sealsSection(page).getByRole('button', { name: 'Check transcript seals' }).click()
}

test('a step is noted and sealed in the transcript, and an edit made afterwards is found', async ({
  page,
}) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rackside-e2e-seals-'))
  const host = await startWebHost([], { RACKSIDE_DATA_DIR: dataDir })
  try {
    await page.setViewportSize({ width: 1500, height: 950 })
    await page.goto(host.url)
    await connect(page, 'Demo appliance (built-in simulator)')
    await expectConsole(page, '(current) UNIX password:')
    await firstLogin(page, ADMIN)
    await expectConsole(page, /lunash:>\s*$/m)

    // Operator and witness sign off, with a deviation: the digest they are given is the seal in the file.
    await page.getByRole('button', { name: 'Sign off…' }).click()
    const signOff = page.getByRole('dialog', { name: 'Sign off this console' })
    await signOff.getByRole('button', { name: 'Sign off' }).click()
    await expect(signOff.getByRole('alert')).toHaveText('Name the operator who signs off.')
    await signOff.getByLabel('Operator').fill('Jane Roe')
    await signOff.getByLabel('Witness (optional)').fill('John Doe')
    await signOff.getByLabel(/Deviations/).fill('NTLS bound to eth1, not eth0')
    await signOff.getByRole('button', { name: 'Sign off' }).click()
    const digest = signOff.getByLabel('Sign-off digest')
    await expect(digest).toHaveText(/^sha256:[0-9a-f]{64}$/)
    const signedDigest = (await digest.textContent())!
    await signOff.getByRole('button', { name: 'Done' }).click()
    await expect(signOff).toHaveCount(0)

    // The operator logs out: the console ends and its transcript is sealed to the last line.
    await typeLine(page, 'exit')

    const folder = join(dataDir, 'transcripts')
    await expect.poll(() => readdirSync(folder).length).toBe(1)
    const file = join(folder, readdirSync(folder)[0]!)
    // The console has ended once the pane offers to reconnect; its transcript was closed (and sealed) first.
    await expect(page.getByRole('button', { name: 'Reconnect' })).toBeVisible()
    expect(readFileSync(file, 'utf8')).toMatch(/ -- .*\n#= sealed \S+ sha256:[0-9a-f]{64}\n$/)
    const text = readFileSync(file, 'utf8')
    expect(text).toMatch(/ {2}-- Ran step "[^"]+" \(login\.first-password-change\): done\./)
    expect(text).not.toContain(ADMIN)
    expect(text).toMatch(
      new RegExp(
        ` -- Signed off by operator "Jane Roe" with witness "John Doe"\\. Deviations from the procedure: \\(1\\) NTLS bound to eth1, not eth0\\.\\n#= sealed \\S+ ${signedDigest}\\n`,
      ),
    )

    await checkSeals(page)
    const row = sealsSection(page).getByRole('row').filter({ hasText: '.log' })
    await expect(row).toHaveCount(1)
    await expect(row.getByRole('cell').nth(1)).toHaveText('Sealed')
    const lastDigest = /sha256:([0-9a-f]{64})\n$/.exec(text)![1]!
    await expect(row).toContainText(`sha256:${lastDigest}`)
    await expect(sealsSection(page).getByRole('status', { name: 'Seal check' })).toContainText('none altered')

    // Someone edits the record afterwards: the check names it and the lines.
    const edited = text.replace(/(Command Result : )0/, '$11')
    expect(edited).not.toBe(text)
    writeFileSync(file, edited)
    await checkSeals(page)
    await expect(row.getByRole('cell').nth(1)).toHaveText('ALTERED')
    await expect(row).toContainText(/Lines \d+–\d+: the text above it is not the text it sealed/)
    await expect(sealsSection(page).getByRole('status', { name: 'Seal check' })).toContainText('1 ALTERED')
  } finally {
    await stopWebHost(host)
    rmSync(dataDir, { recursive: true, force: true })
  }
})
