/** Debian's Chromium (or RACKSIDE_CHROMIUM) as every benchmark launches it: headless, no GPU, no background traffic. */
import { chromium, type Browser } from 'playwright-core'

export function launchBenchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.RACKSIDE_CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
}
