/**
 * What the client-side specs do the way a newcomer does it: connect a demo appliance, change its factory password
 * through the First login panel (the new one goes to the keychain), bring the HSM up with the runner's own
 * requests (confirmations answered as the operator would), then find the wizard's steps and its tools console.
 */
import type { Locator, Page } from '@playwright/test'
import type { RacksideApi } from '../shared/api'
import { expect, expectConsole, firstLogin } from './fixtures'

export { firstLogin }

export async function connectDemo(page: Page, url: string, profile = 'Demo appliance (built-in simulator)') {
  await page.setViewportSize({ width: 1600, height: 1000 })
  await page.goto(url)
  await page
    .getByRole('listitem')
    .filter({ hasText: profile })
    .getByRole('button', { name: 'Connect' })
    .click()
  await expectConsole(page, '(current) UNIX password:')
}

export interface ApplianceRun {
  commandId: string
  fields: Record<string, string>
  secrets?: Record<string, string>
}

/**
 * The appliance side that the client side needs (HSM initialised, a partition), run in the newest console with
 * the runner's own requests, as the bring-up specs do through their forms. Returns `<commandId>: <status>` each.
 */
export async function bringUp(page: Page, runs: ApplianceRun[]): Promise<string[]> {
  return page.evaluate(async (runs) => {
    const api = (window as unknown as { rackside: RacksideApi }).rackside
    const sessionId = (await api.runner.sessions({})).at(-1)!.sessionId
    const off = api.on('runner.prompt', (p) => {
      if (p.kind === 'confirm')
        void api.runner.answer({
          sessionId: p.sessionId,
          promptId: p.promptId,
          proceed: true,
          typed: p.mustType ?? 'proceed',
        })
    })
    const statuses: string[] = []
    try {
      for (const { commandId, fields, secrets } of runs) {
        const r = await api.runner.run({ sessionId, commandId, fields, ...(secrets ? { secrets } : {}) })
        statuses.push(`${commandId}: ${r.status}`)
      }
    } finally {
      off()
    }
    return statuses
  }, runs)
}

export const step = (page: Page, n: number) => page.getByRole('region', { name: new RegExp(`^Step ${n}: `) })
const tools = (page: Page) =>
  page.getByRole('complementary', { name: 'Luna client tools' }).locator('.xterm-rows')

export async function expectTools(page: Page, text: string | RegExp) {
  await expect
    .poll(() => tools(page).innerText(), { timeout: 20_000, message: `tools console never showed ${text}` })
    .toMatch(typeof text === 'string' ? new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : text)
}

/** The newest answer a step shows. */
export const done = (s: Locator) => s.getByRole('status').last()
