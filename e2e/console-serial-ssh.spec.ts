import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect, expect, expectOnScreen, newSerialProfile, test, typeLine, visibleConsole } from './fixtures'

// Profiles, known hosts and transcripts of this run go to a throwaway data folder (the web host inherits it).
const dataDir = mkdtempSync(join(tmpdir(), 'rackside-e2e-data-'))
process.env.RACKSIDE_DATA_DIR = dataDir
test.afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

test.describe('At the rack: the serial console and SSH to the same appliance, side by side', () => {
  test('logs in on the serial console, opens SSH alongside, and runs hsm show in both', async ({
    page,
    webHost,
  }, testInfo) => {
    // Tall enough for the whole of hsm show (7.x-style lines and the storage block) on screen at once.
    await page.setViewportSize({ width: 1400, height: 1200 })
    await page.goto(webHost.url)
    await expect(
      page.getByRole('listitem').filter({ hasText: 'Demo appliance — serial console' }),
    ).toBeVisible()

    // Serial first, as on a factory-fresh appliance: the console asks login: itself.
    await connect(page, 'Demo appliance — serial console')
    await expect(page.getByRole('tab', { name: /Demo appliance \d+ \(serial\)/ })).toBeVisible()
    await expect(
      page.getByRole('status', { name: 'Connection status' }).filter({ hasText: /115200 8N1/ }),
    ).toBeVisible()
    await visibleConsole(page).click()
    await page.keyboard.press('Enter')
    await expectOnScreen(page, 'login:')
    await typeLine(page, 'admin')
    await expectOnScreen(page, 'Password:')
    await typeLine(page, 'PASSWORD')
    await expectOnScreen(page, '(current) UNIX password:')
    await typeLine(page, 'PASSWORD')
    await expectOnScreen(page, 'Enter new password:')
    await typeLine(page, 'Seri4l-Rack7')
    await expectOnScreen(page, 'Re-type new password:')
    await typeLine(page, 'Seri4l-Rack7')
    await expectOnScreen(page, /lunash:>\s*$/m)
    await typeLine(page, 'hsm show')
    await expectOnScreen(page, /Serial #:\s+\d+/)
    await expectOnScreen(page, /Command Result : 0 \(Success\)\s*\n.*lunash:>\s*$/m)

    // The serial tab offers the line controls. A pty has no modem lines: DTR is refused with the reason, and
    // its button goes on showing the line as it is.
    const line = page.getByRole('group', { name: 'Serial line' })
    await expect(line.getByRole('button', { name: 'BREAK' })).toBeVisible()
    await line.getByRole('button', { name: 'DTR' }).click()
    await expect(page.getByRole('status', { name: 'Console notice' })).toContainText(
      /DTR is not supported by this port/,
    )
    await expect(line.getByRole('button', { name: 'DTR' })).toHaveAttribute('aria-pressed', 'true')
    await page.getByRole('button', { name: 'Dismiss notice' }).click()

    // SSH to the same appliance in a second tab, while the serial tab stays open.
    await connect(page, 'Demo appliance (built-in simulator)')
    await expect(page.getByRole('tab', { name: /^Demo appliance \d+$/ })).toBeVisible()
    // The factory password no longer works (changed on serial): the console asks, like OpenSSH.
    await expectOnScreen(page, /admin@127\.0\.0\.1's password:/)
    await visibleConsole(page).click()
    await typeLine(page, 'Seri4l-Rack7')
    await expectOnScreen(page, /lunash:>\s*$/m)
    await typeLine(page, 'hsm show')
    await expectOnScreen(page, /Serial #:\s+\d+/)
    await expectOnScreen(page, /Command Result : 0 \(Success\)\s*\n.*lunash:>\s*$/m)

    // Given a hostname, the appliance names itself in the prompt, and the tab takes that name, with the software
    // version its login banner gave (the demo appliance runs 6.2.2-5).
    await typeLine(page, 'network hostname rack7-hsm')
    await expectOnScreen(page, /\[rack7-hsm\] lunash:>\s*$/m)
    await expect(page.getByRole('tab', { name: 'rack7-hsm · 6.2', exact: true })).toBeVisible()

    // Back to the serial tab: still live, and titled by the appliance once its prompt shows the new name.
    await page.getByRole('tab', { name: /Demo appliance \d+ \(serial\)/ }).click()
    await visibleConsole(page).click()
    await page.keyboard.type('hsm show')
    await expectOnScreen(page, /lunash:>hsm show\s*$/m)
    await page.keyboard.press('Enter')
    await expectOnScreen(page, /Free Space Left[\s\S]*Command Result : 0 \(Success\)\s*\n.*lunash:>\s*$/m)
    await expect(page.getByRole('tab', { name: 'rack7-hsm (serial) · 6.2', exact: true })).toBeVisible()
    await expect(page.getByRole('tab', { name: /rack7-hsm/ })).toHaveCount(2)
    await expect(page).toHaveTitle('rack7-hsm (serial) · 6.2 (Connected) — Rackside')
    // The client wizard's list of appliance consoles names them the same way.
    await page.getByRole('tab', { name: 'Client side (CMS)' }).click()
    await expect(page.getByRole('combobox', { name: 'Appliance console' })).toContainText(
      /rack7-hsm \(Demo appliance \d+\)/,
    )

    // Back to no hostname: the SSH tab takes the profile's title again.
    await page.getByRole('tab', { name: 'rack7-hsm · 6.2', exact: true }).click()
    await typeLine(page, 'network hostname local_host')
    await expectOnScreen(page, /\[local_host\] lunash:>\s*$/m)
    await expect(page.getByRole('tab', { name: /^Demo appliance \d+ · 6\.2$/ })).toBeVisible()

    await page.screenshot({ path: testInfo.outputPath('serial-and-ssh.png') })

    // Both sessions wrote transcripts; the new password appears in neither.
    const folder = join(dataDir, 'transcripts')
    const files = readdirSync(folder)
    expect(files.length).toBeGreaterThanOrEqual(2)
    for (const file of files) {
      const text = readFileSync(join(folder, file), 'utf8')
      expect(text).not.toContain('Seri4l-Rack7')
      expect(text).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z {2}/m)
    }
  })

  test('creates, edits and deletes a serial profile; a bad path is refused with a clear message', async ({
    page,
    webHost,
  }) => {
    await page.goto(webHost.url)
    const form = await newSerialProfile(page, 'Rack 7 console', 'ttyUSB0')
    await expect(form.getByRole('alert')).toContainText('must be a device path like /dev/ttyUSB0')

    await form.getByLabel('Serial port', { exact: true }).fill('/dev/ttyUSB0')
    await form.getByLabel('Baud rate').selectOption('9600')
    await form.getByLabel('Newline mode').selectOption('crlf')
    await form.getByRole('button', { name: 'Save profile' }).click()
    const item = page.getByRole('listitem').filter({ hasText: 'Rack 7 console' })
    await expect(item).toContainText('/dev/ttyUSB0 @ 9600 8N1')

    await item.getByRole('button', { name: 'Edit Rack 7 console' }).click()
    const edit = page.getByRole('form', { name: 'Edit serial profile' })
    await edit.getByLabel('Baud rate').selectOption('115200')
    await edit.getByRole('button', { name: 'Save profile' }).click()
    await expect(item).toContainText('/dev/ttyUSB0 @ 115200 8N1')

    // Connecting to a port that is not there says so, and nothing else happens.
    await item.getByRole('button', { name: 'Connect' }).click()
    await expect(
      page
        .getByRole('status', { name: 'Connection status' })
        .filter({ hasText: /no serial port at \/dev\/ttyUSB0/ }),
    ).toBeVisible()

    await page.getByRole('tab', { name: 'Connections' }).click()
    await item.getByRole('button', { name: 'Delete Rack 7 console' }).click()
    await page
      .getByRole('alertdialog', { name: 'Delete the profile?' })
      .getByRole('button', { name: 'Delete profile' })
      .click()
    await expect(item).toHaveCount(0)
  })
})
