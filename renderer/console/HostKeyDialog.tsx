import { useId, useRef } from 'react'
import { Modal } from '../dialog/Modal'
import type { HostKeyAnswer, HostKeyQuestion } from './terminal-controller'

/**
 * First contact with an SSH server: its SHA-256 fingerprint, and the operator decides. Focus starts on Cancel and
 * Escape is Cancel: trusting a key takes a deliberate choice.
 */
export function HostKeyDialog({
  question,
  onAnswer,
}: {
  question: HostKeyQuestion
  onAnswer(answer: HostKeyAnswer): void
}) {
  const titleId = useId()
  const textId = useId()
  const cancel = useRef<HTMLButtonElement>(null)
  return (
    <Modal
      className="host-key-dialog"
      labelledBy={titleId}
      describedBy={textId}
      onCancel={() => onAnswer('cancel')}
      initialFocus={cancel}
    >
      <h2 id={titleId}>
        <span className="eyebrow">Unknown host key</span>
        First connection to {`${question.host}:${question.port}`}
      </h2>
      <div id={textId}>
        <p>Rackside has not seen this appliance before. It presents this {question.algorithm} host key:</p>
        <p className="fingerprint" aria-label="Host key fingerprint">
          {question.fingerprint}
        </p>
        <p className="hint">
          Compare it with what <code>sysconf fingerprint ssh</code> prints on the appliance’s serial console
          (a serial tab can pin it for you, so this question never comes up). Accept only if they match.
        </p>
      </div>
      <div className="form-buttons">
        <button type="button" onClick={() => onAnswer('once')}>
          Accept once
        </button>
        <button type="button" className="primary" onClick={() => onAnswer('remember')}>
          Accept and remember
        </button>
        <button type="button" ref={cancel} onClick={() => onAnswer('cancel')}>
          Cancel
        </button>
      </div>
    </Modal>
  )
}
