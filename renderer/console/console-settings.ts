/** Console preferences, kept in the page's localStorage (no secrets). */
const key = 'rackside.scrollback'
export const defaultScrollback = 10_000

const listeners = new Set<(lines: number) => void>()

export function readScrollback(): number {
  const n = Number(globalThis.localStorage?.getItem(key))
  return Number.isInteger(n) && n >= 100 && n <= 200_000 ? n : defaultScrollback
}

/** Saves the scrollback length and applies it to every open console (each one listens). */
export function writeScrollback(n: number): number {
  const value = Math.min(200_000, Math.max(100, Math.round(Number.isFinite(n) ? n : defaultScrollback)))
  globalThis.localStorage?.setItem(key, String(value))
  for (const listener of [...listeners]) listener(value)
  return value
}

/**
 * Calls `listener` with the new length whenever the scrollback setting changes, in this page or in another
 * window of the same app (the storage event). Returns an unsubscribe.
 */
export function onScrollbackChange(listener: (lines: number) => void): () => void {
  listeners.add(listener)
  const onStorage = (e: StorageEvent) => {
    if (e.key === key) listener(readScrollback())
  }
  globalThis.addEventListener?.('storage', onStorage)
  return () => {
    listeners.delete(listener)
    globalThis.removeEventListener?.('storage', onStorage)
  }
}
