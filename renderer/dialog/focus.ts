/**
 * Where keyboard focus goes around a modal dialog: what can take it inside the dialog, and the element to give it
 * back to when the dialog closes.
 */

const TABBABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]:not([tabindex="-1"])',
].join(',')

/** The elements Tab visits inside `root`, in order (hidden ones left out). */
export function tabbables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(TABBABLE)].filter(
    (el) => el.tabIndex >= 0 && el.getClientRects().length > 0,
  )
}

// A button that starts a command is often disabled the moment it is pressed, and Chromium then moves focus to the
// body before the question it caused opens. The last element that had focus is the one to go back to.
let lastFocused: HTMLElement | null = null
document.addEventListener(
  'focusin',
  (e) => {
    if (e.target instanceof HTMLElement) lastFocused = e.target
  },
  true,
)

/** The element that had focus when a dialog opens (the opener). */
export function focusedBeforeOpening(): HTMLElement | null {
  const active = document.activeElement
  if (active instanceof HTMLElement && active !== document.body) return active
  return lastFocused?.isConnected ? lastFocused : null
}

const nobodyHasFocus = () => document.activeElement === null || document.activeElement === document.body

/**
 * Gives focus back to the opener once its dialog is gone, unless the operator has put it somewhere else since.
 * An opener that is disabled while the command it started finishes takes focus when it is enabled again; one
 * that stays disabled (a Run button waiting for its passwords to be typed again) hands it, after `waitMs`, to the
 * first control of its form or section, so the keyboard is back where the operator was rather than at the top.
 */
export function returnFocus(opener: HTMLElement | null, waitMs = 5_000): void {
  if (!opener?.isConnected || !nobodyHasFocus()) return
  opener.focus()
  if (document.activeElement === opener) return
  const watch = new MutationObserver(() => {
    if (!opener.isConnected || !nobodyHasFocus()) return stop()
    opener.focus()
    if (document.activeElement === opener) stop()
  })
  const timer = setTimeout(() => {
    stop()
    if (!opener.isConnected || !nobodyHasFocus()) return
    const around = opener.closest<HTMLElement>('form, section, [role="region"], [role="group"]')
    if (around) tabbables(around)[0]?.focus()
  }, waitMs)
  const stop = () => {
    clearTimeout(timer)
    watch.disconnect()
  }
  watch.observe(opener, { attributes: true, attributeFilter: ['disabled', 'hidden', 'aria-disabled'] })
}
