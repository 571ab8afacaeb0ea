import { useEffect } from 'react'

/**
 * While a console is live, leaving the page (closing the window, reloading it) asks first: it would cut the
 * consoles off, a serial login or a command running on an appliance among them. The desktop app turns the
 * page's refusal into its own question (electron/main.ts, will-prevent-unload); a browser asks in its words.
 */
export function useLeaveGuard(liveConsoles: number): void {
  const guarded = liveConsoles > 0
  useEffect(() => {
    if (!guarded) return
    const ask = (event: BeforeUnloadEvent): void => event.preventDefault()
    window.addEventListener('beforeunload', ask)
    return () => window.removeEventListener('beforeunload', ask)
  }, [guarded])
}
