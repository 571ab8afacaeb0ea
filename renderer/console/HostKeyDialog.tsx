import type { HostKeyAnswer, HostKeyQuestion } from './terminal-controller'

/** First contact with an SSH server: its SHA-256 fingerprint, and the operator decides. */
export function HostKeyDialog({
  question,
  onAnswer,
}: {
  question: HostKeyQuestion
  onAnswer(answer: HostKeyAnswer): void
}) {
  return (
    <div className="host-key-dialog" role="dialog" aria-modal="true" aria-label="Unknown host key">
      <h2>First connection to {`${question.host}:${question.port}`}</h2>
      <p>Rackside has not seen this appliance before. It presents this {question.algorithm} host key:</p>
      <p className="fingerprint" aria-label="Host key fingerprint">
        {question.fingerprint}
      </p>
      <p className="hint">
        Compare it with what <code>sysconf fingerprint ssh</code> prints on the appliance’s serial console (a
        serial tab can pin it for you, so this question never comes up). Accept only if they match.
      </p>
      <div className="form-buttons">
        <button type="button" onClick={() => onAnswer('once')}>
          Accept once
        </button>
        <button type="button" className="primary" onClick={() => onAnswer('remember')}>
          Accept and remember
        </button>
        <button type="button" onClick={() => onAnswer('cancel')}>
          Cancel
        </button>
      </div>
    </div>
  )
}
