/**
 * What the client-side specs do the way a newcomer does it: connect a demo appliance, change its factory password
 * through the First login panel (the new one goes to the keychain), bring the HSM up with the runner's own
 * requests (confirmations answered as the operator would), then find the wizard's steps and its tools console.
 */
import type { Locator, Page } from '@playwright/test'
import type { RacksideApi } from '../shared/api'
import { expect, firstLogin, openDemo } from './fixtures'

export { firstLogin }

/** The client-side specs' demo console, in a larger window (the wizard beside the console). */
export const connectDemo = (page: Page, url: string, profile?: string): Promise<void> =>
  openDemo(page, url, profile, { width: 1600, height: 1000 })

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
