/** Chromium as every benchmark launches it: the same binary and flags as the e2e specs. */
import { chromium, type Browser } from 'playwright-core'
import { chromiumArgs, chromiumPath } from '../tests/support/chromium'

export function launchBenchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs })
}
