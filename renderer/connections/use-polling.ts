import { useEffect, useRef } from 'react'

/**
 * Calls `poll` at once and every `everyMs` while `enabled`, so what can change under the operator's hands (a USB
 * serial adapter plugged in or pulled) shows without a refresh button. `poll` gets `live()`: false once polling
 * stopped or the component is gone, so a late answer is dropped.
 */
export function usePolling(enabled: boolean, poll: (live: () => boolean) => unknown, everyMs = 2000): void {
  const latest = useRef(poll)
  useEffect(() => {
    latest.current = poll
  })
  useEffect(() => {
    if (!enabled) return
    let stopped = false
    const live = () => !stopped
    const tick = () => void latest.current(live)
    tick()
    const timer = setInterval(tick, everyMs)
    return () => {
      stopped = true
      clearInterval(timer)
    }
  }, [enabled, everyMs])
}
