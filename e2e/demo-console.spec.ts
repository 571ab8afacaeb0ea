import { consoleText, expect, expectConsole, test } from './fixtures'

test.describe('A newcomer reaches the built-in demo appliance', () => {
  test('connects, completes the first-login password change and reads hsm show', async ({
    page,
    webHost,
  }, testInfo) => {
    // Tall enough for the whole of hsm show (7.x-style lines and the storage block) on screen at once.
    await page.setViewportSize({ width: 1400, height: 1200 })
    await page.goto(webHost.url)

    const demo = page.getByRole('listitem').filter({ hasText: 'Demo appliance (built-in simulator)' })
    await expect(demo).toBeVisible()
    await demo.getByRole('button', { name: 'Connect' }).click()

    const terminal = page.getByRole('region', { name: /console/i }).first()
    await expect(terminal).toBeVisible()

    // The appliance forces a new password on first login, as a factory-fresh Luna does.
    await expectConsole(page, 'You are required to change your password immediately')
    await expectConsole(page, '(current) UNIX password:')
    await terminal.click()
    await page.keyboard.type('PASSWORD')
    await page.keyboard.press('Enter')
    await expectConsole(page, 'Enter new password:')
    await page.keyboard.type('Rack$ide2026')
    await page.keyboard.press('Enter')
    await expectConsole(page, 'Re-type new password:')
    await page.keyboard.type('Rack$ide2026')
    await page.keyboard.press('Enter')
    await expectConsole(page, /\[local_host\] lunash:>\s*$/m)

    await page.keyboard.type('hsm show')
    await page.keyboard.press('Enter')
    await expectConsole(page, /HSM Label:/)
    await expectConsole(page, /Serial #:\s+\d+/)
    await expectConsole(page, /Command Result : 0 \(Success\)/)

    const text = await consoleText(page)
    expect(text).not.toContain('Rack$ide2026')

    await testInfo.attach('demo-console', {
      body: await page.screenshot({ fullPage: true }),
      contentType: 'image/png',
    })
    await page.screenshot({ path: testInfo.outputPath('demo-console.png'), fullPage: true })
  })

  test('an unknown command gets the appliance error, closing asks while live, and exit shows the disconnect', async ({
    page,
    webHost,
  }) => {
    await page.goto(webHost.url)
    await page
      .getByRole('listitem')
      .filter({ hasText: 'Demo appliance (built-in simulator)' })
      .getByRole('button', { name: 'Connect' })
      .click()
    const terminal = page.getByRole('region', { name: /console/i }).first()
    await expectConsole(page, '(current) UNIX password:')
    await terminal.click()
    for (const answer of ['PASSWORD', 'Rack$ide2026', 'Rack$ide2026']) {
      await page.keyboard.type(answer)
      await page.keyboard.press('Enter')
      await page.waitForTimeout(150)
    }
    await expectConsole(page, /lunash:>\s*$/m)

    await page.keyboard.type('frobnicate')
    await page.keyboard.press('Enter')
    await expectConsole(page, /Command Result : \d+ \(/)

    // Closing the window with a live console asks first; staying keeps the console working.
    const asked: string[] = []
    page.once('dialog', (dialog) => {
      asked.push(dialog.type())
      void dialog.dismiss()
    })
    await page.close({ runBeforeUnload: true })
    await expect.poll(() => asked).toEqual(['beforeunload'])
    expect(page.isClosed()).toBe(false)
    await terminal.click()
    await page.keyboard.type('hsm show')
    await page.keyboard.press('Enter')
    await expectConsole(page, /Serial #:\s+\d+/)

    await page.keyboard.type('exit')
    await page.keyboard.press('Enter')
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: /closed|disconnected/i })
        .first(),
    ).toBeVisible()

    // With no console live, the window closes without a question.
    page.on('dialog', (dialog) => {
      asked.push(dialog.type())
      void dialog.dismiss()
    })
    await page.close({ runBeforeUnload: true })
    await expect.poll(() => page.isClosed()).toBe(true)
    expect(asked).toEqual(['beforeunload'])
  })
})
