/**
 * Debian's Chromium, as the e2e specs and the benchmarks launch it: RACKSIDE_CHROMIUM points elsewhere
 * (Playwright's own browser download cannot run here); headless, no GPU, no background traffic.
 */
export const chromiumPath = (): string => process.env.RACKSIDE_CHROMIUM || '/usr/bin/chromium'

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]
