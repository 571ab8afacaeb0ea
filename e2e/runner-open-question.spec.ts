/**
 * The operator left a question open in the console (`hsm init` typed by hand, waiting for the SO password) and
 * then pressed a panel button. Rackside types nothing into the question: it says what the console is waiting
 * for, leaves the keyboard to the operator, and runs the step once the operator has cancelled the question.
 */
import type { Locator } from '@playwright/test'
import {
  expect,
  expectConsole,
  firstLogin,
  openDemo,
  openProcedure,
  test,
  typeLine,
  visibleConsole,
} from './fixtures'

const ADMIN = 'Open-Question-2026'

const result = (form: Locator) => form.getByRole('region', { name: /^Result:/ })

test('a question left open in the console is the operator’s: nothing is typed into it', async ({
  page,
  webHost,
}) => {
  test.setTimeout(120_000)
  await openDemo(page, webHost.url)
  await firstLogin(page, ADMIN)

  // By hand: hsm init, which now waits for the SO password.
  await typeLine(page, 'hsm init -label byhand')
  await expectConsole(page, /password for the HSM Administrator/i)

  const status = (await openProcedure(page, 'HSM status')).getByRole('form', { name: 'Show the HSM' })
  await status.getByRole('button', { name: 'Show the HSM', exact: true }).click()
  const notice = page.getByRole('alert', { name: 'Waiting for you' })
  await expect(notice).toContainText('Rackside has not typed hsm show')
  await expect(notice).toContainText('asking for a password')
  await expect(notice).toContainText('password for the HSM Administrator')

  // The keyboard is the operator's: Ctrl-C cancels the question, and the step goes on by itself.
  await visibleConsole(page).click()
  await page.keyboard.press('Control+C')
  await expect(notice).toBeHidden({ timeout: 15_000 })
  await expect(result(status).getByRole('status')).toContainText('Done', { timeout: 20_000 })
  await expect(result(status).getByLabel('Parsed facts')).not.toContainText('byhand')
})
