import { useId, useRef, type ReactNode } from 'react'
import { Modal } from './Modal'

/**
 * "Are you sure?" for something that cannot be undone in one click (forget a host key, delete a profile, close a
 * connected console, paste several lines into an appliance). Focus
 * starts on the button that keeps things as they are, and Escape is that button.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  keepLabel,
  onConfirm,
  onKeep,
  role = 'alertdialog',
  tone = 'danger',
}: {
  title: string
  /** What happens if the operator goes ahead. */
  children: ReactNode
  confirmLabel: string
  keepLabel: string
  onConfirm(): void
  onKeep(): void
  /** alertdialog (the default) for a warning; dialog for an ordinary question such as a paste. */
  role?: 'dialog' | 'alertdialog'
  /** How the go-ahead button looks: red for what cannot be undone. */
  tone?: 'danger' | 'primary'
}) {
  const titleId = useId()
  const textId = useId()
  const keep = useRef<HTMLButtonElement>(null)
  return (
    <Modal role={role} labelledBy={titleId} describedBy={textId} onCancel={onKeep} initialFocus={keep}>
      <h2 id={titleId}>{title}</h2>
      <div id={textId}>{children}</div>
      <div className="form-buttons">
        <button type="button" className={tone} onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" ref={keep} onClick={onKeep}>
          {keepLabel}
        </button>
      </div>
    </Modal>
  )
}
