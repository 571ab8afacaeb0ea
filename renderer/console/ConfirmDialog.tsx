import { useEffect, useId, useRef, type ReactNode } from 'react'

export interface ConfirmDialogProps {
  title: string
  children: ReactNode
  /** The button that goes ahead ("Paste", "Close"). */
  confirm: string
  onAnswer(confirmed: boolean): void
}

/**
 * A question before something that cannot be taken back, as a modal <dialog>: the browser keeps focus inside it
 * and makes the page behind inert, Escape cancels, and the safe choice (Cancel) has the focus when it opens.
 */
export function ConfirmDialog({ title, children, confirm, onAnswer }: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null)
  const cancel = useRef<HTMLButtonElement>(null)
  const answered = useRef(false)
  const titleId = useId()
  const answer = (confirmed: boolean) => {
    if (answered.current) return
    answered.current = true
    onAnswer(confirmed)
  }
  useEffect(() => {
    const d = dialog.current
    if (!d) return
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null
    if (!d.open) d.showModal()
    cancel.current?.focus()
    return () => {
      if (d.open) d.close()
      returnTo?.focus()
    }
  }, [])
  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault()
        answer(false)
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
      <div className="form-buttons">
        <button type="button" className="primary" onClick={() => answer(true)}>
          {confirm}
        </button>
        <button type="button" ref={cancel} onClick={() => answer(false)}>
          Cancel
        </button>
      </div>
    </dialog>
  )
}
