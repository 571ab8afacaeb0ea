import type { DevtoolsPage } from './devtools-chromium'

/** On the app's Connections page: waits for the saved connection named `name` and presses its Connect. */
export async function connectProfile(page: DevtoolsPage, name: string): Promise<void> {
  await page.waitFor(
    (profile) => [...document.querySelectorAll('li')].some((li) => li.textContent?.includes(profile)),
    name,
  )
  await page.evaluate((profile) => {
    const item = [...document.querySelectorAll('li')].find((li) => li.textContent?.includes(profile))
    const connect = [...(item?.querySelectorAll('button') ?? [])].find(
      (b) => b.textContent?.trim() === 'Connect',
    )
    if (!connect) throw new Error(`no Connect button for ${profile}`)
    connect.click()
  }, name)
}
