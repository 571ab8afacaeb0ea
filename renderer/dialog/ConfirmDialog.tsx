import { useId, useRef, type ReactNode } from 'react'
import { Modal } from './Modal'

/**
 * "Are you sure?" for something that cannot be undone in one click (forget a host key, delete a profile). Focus
 * starts on the button that keeps things as they are, and Escape is that button.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  keepLabel,
  onConfirm,
  onKeep,
}: {
  title: string
  /** What happens if the operator goes ahead. */
  children: ReactNode
  confirmLabel: string
  keepLabel: string
  onConfirm(): void
  onKeep(): void
}) {
  const titleId = useId()
  const textId = useId()
  const keep = useRef<HTMLButtonElement>(null)
  return (
    <Modal role="alertdialog" labelledBy={titleId} describedBy={textId} onCancel={onKeep} initialFocus={keep}>
      <h2 id={titleId}>{title}</h2>
      <div id={textId}>{children}</div>
      <div className="form-buttons">
        <button type="button" className="danger" onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" ref={keep} onClick={onKeep}>
          {keepLabel}
        </button>
      </div>
    </Modal>
  )
}
