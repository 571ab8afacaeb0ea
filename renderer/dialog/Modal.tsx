import {
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
} from 'react'
import { focusedBeforeOpening, returnFocus, tabbables } from './focus'
import './modal.css'

export interface ModalProps {
  /** 'alertdialog' for a question that interrupts work in progress (a command waiting for an answer). */
  role?: 'dialog' | 'alertdialog'
  /** The id of its title, which names it. */
  labelledBy: string
  /** The id of the text that says what is asked. */
  describedBy?: string
  /** Escape: the safe choice (reject the key, decline, cancel). */
  onCancel(): void
  /** The element that has focus when it opens: the safe choice, never Accept or Proceed. */
  initialFocus?: RefObject<HTMLElement | null>
  className?: string
  children: ReactNode
}

/**
 * Every modal dialog of the app: the native <dialog> shown with showModal(), so the rest of the window is inert and
 * the dialog sits above it. On top of what the browser does: Tab and Shift+Tab go round inside it (the browser
 * would also visit its own toolbar), Escape is the safe choice, focus starts on the safe choice and goes back
 * to where it was once the dialog is gone.
 */
export function Modal({
  role = 'dialog',
  labelledBy,
  describedBy,
  onCancel,
  initialFocus,
  className,
  children,
}: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const cancel = useRef(onCancel)
  useEffect(() => {
    cancel.current = onCancel
  }, [onCancel])

  // The opener is remembered when the dialog first appears, before the dialog takes focus (a layout effect, run
  // ahead of the one below), and gets focus back when the dialog is gone: a passive effect's cleanup runs after
  // React has removed the dialog, when focus has fallen back to the page.
  const opener = useRef<HTMLElement | null>(null)
  useLayoutEffect(() => {
    opener.current = focusedBeforeOpening()
  }, [])
  useEffect(() => () => returnFocus(opener.current), [])

  // A dialog whose page is hidden (its console's tab is not on screen) is closed until the page is back: shown
  // modal there, it would be invisible and leave the whole window inert. The page's size going to and from
  // nothing is the signal.
  const [shown, setShown] = useState(true)
  useEffect(() => {
    const page = ref.current?.parentElement
    if (!page) return
    const watch = new ResizeObserver(() => setShown(page.checkVisibility()))
    watch.observe(page)
    return () => watch.disconnect()
  }, [])

  useLayoutEffect(() => {
    const dialog = ref.current
    if (!dialog || !shown || !dialog.parentElement?.checkVisibility()) return
    dialog.showModal()
    const first = initialFocus?.current ?? tabbables(dialog)[0]
    first?.focus()
    // Close requests that are not a key press (a platform's back gesture) are the same as Escape.
    const onCancelEvent = (e: Event) => {
      e.preventDefault()
      cancel.current()
    }
    dialog.addEventListener('cancel', onCancelEvent)
    return () => {
      dialog.removeEventListener('cancel', onCancelEvent)
      if (dialog.open) dialog.close()
    }
    // initialFocus is a ref: only the first focus is its job.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shown])

  const onKeyDown = (e: KeyboardEvent<HTMLDialogElement>) => {
    const dialog = ref.current
    if (!dialog) return
    if (e.key === 'Escape') {
      // Handled here rather than by the dialog's own close: Chromium closes a dialog on a second Escape even
      // when its cancel event is refused, and then the app would think it still open.
      e.preventDefault()
      e.stopPropagation()
      cancel.current()
      return
    }
    if (e.key !== 'Tab') return
    const stops = tabbables(dialog)
    const first = stops[0]
    const last = stops[stops.length - 1]
    if (!first || !last) {
      e.preventDefault()
      return
    }
    const active = document.activeElement
    if (e.shiftKey && (active === first || !dialog.contains(active))) {
      e.preventDefault()
      last.focus()
    } else if (!e.shiftKey && (active === last || !dialog.contains(active))) {
      e.preventDefault()
      first.focus()
    }
  }

  return (
    <dialog
      ref={ref}
      className={`modal ${className ?? ''}`.trim()}
      role={role === 'alertdialog' ? 'alertdialog' : undefined}
      aria-modal="true"
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      onKeyDown={onKeyDown}
    >
      {children}
    </dialog>
  )
}
