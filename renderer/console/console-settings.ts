/** Console preferences, kept in the page's localStorage (no secrets). */
const key = 'rackside.scrollback'
export const defaultScrollback = 10_000

export function readScrollback(): number {
  const n = Number(globalThis.localStorage?.getItem(key))
  return Number.isInteger(n) && n >= 100 && n <= 200_000 ? n : defaultScrollback
}

export function writeScrollback(n: number): number {
  const value = Math.min(200_000, Math.max(100, Math.round(Number.isFinite(n) ? n : defaultScrollback)))
  globalThis.localStorage?.setItem(key, String(value))
  return value
}
