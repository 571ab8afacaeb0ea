/**
 * A link the operator clicks in a console (xterm.js's web links call window.open) opens in the system browser,
 * and only if it is a web address: the Rackside window itself never opens another page. Anything else (file:,
 * javascript:, a custom scheme that would start another program) is refused.
 */
export function externalLink(url: string): string | undefined {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return undefined
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined
  // user:password@ in a link is a classic way to disguise where it goes.
  if (parsed.username || parsed.password) return undefined
  return parsed.href
}
