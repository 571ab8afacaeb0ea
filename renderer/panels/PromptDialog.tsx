import { useId, useRef, useState, type FormEvent } from 'react'
import { Modal } from '../dialog/Modal'
import type { RunnerPromptEvent } from '../../shared/api'

const SECRET_NAMES: Record<string, string> = {
  'appliance-current-password': 'current admin password',
  'appliance-new-password': 'new admin password',
  'hsm-so-password': 'HSM Administrator password',
  'hsm-domain': 'HSM cloning domain',
  'partition-password': 'partition password',
  'partition-new-password': 'new partition password',
  'partition-domain': 'partition cloning domain',
}

/**
 * A question the appliance asks while a panel's command runs: a confirmation or a password, in a modal dialog
 * whose safe choice (quit, Ctrl-C) has the focus first and is what Escape does; or a PED notice, which stays out of
 * the way (the answer is on the PED, and the console stays readable meanwhile).
 */
export function PromptDialog({
  prompt,
  onDone,
  onAbort,
}: {
  prompt: RunnerPromptEvent
  onDone(): void
  onAbort(): void
}) {
  const [typed, setTyped] = useState('')
  const [error, setError] = useState<string>()
  const titleId = useId()
  const textId = useId()
  const secretField = useRef<HTMLInputElement>(null)
  const stopButton = useRef<HTMLButtonElement>(null)
  // One answer per question: a second Escape or click while the first is on its way sends nothing.
  const answering = useRef(false)
  const answer = async (params: { proceed?: boolean; typed?: string; secret?: string }) => {
    if (answering.current) return
    answering.current = true
    try {
      await window.rackside.runner.answer({
        sessionId: prompt.sessionId,
        promptId: prompt.promptId,
        ...params,
      })
      onDone()
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    } finally {
      answering.current = false
    }
  }
  const decline = () => void answer({ proceed: false })

  if (prompt.kind === 'ped')
    return (
      <div className="prompt ped" role="alertdialog" aria-label="PED operation">
        <h3>PED operation — {prompt.ped?.operation}</h3>
        <ul className="ped-keys">
          {(prompt.ped?.keys ?? []).map((k) => (
            <li key={k.colour}>
              <span className={`ped-key ped-${k.colour}`} aria-hidden="true" />
              <strong>{k.colour}</strong> key — {k.role}
            </li>
          ))}
        </ul>
        <p>{prompt.warning}</p>
        <p className="appliance-text">{prompt.question}</p>
        <div className="prompt-actions">
          <button type="button" onClick={onDone}>
            Hide notice
          </button>
          <button type="button" className="danger" onClick={onAbort}>
            Abort the command
          </button>
        </div>
      </div>
    )

  if (prompt.kind === 'password') {
    const name = SECRET_NAMES[prompt.secret ?? ''] ?? 'password'
    const submit = (e: FormEvent) => {
      e.preventDefault()
      if (typed !== '') void answer({ secret: typed })
    }
    // Focus starts in the password field (Enter there with nothing typed sends nothing); Escape is Cancel.
    return (
      <Modal
        className="prompt-modal"
        labelledBy={titleId}
        describedBy={textId}
        onCancel={decline}
        initialFocus={secretField}
      >
        <form className="prompt" onSubmit={submit}>
          <h3 id={titleId}>
            The appliance asks for the {name}
            {prompt.again ? ' again' : ''}
          </h3>
          <pre className="appliance-text" id={textId}>
            {prompt.question}
          </pre>
          <label>
            {name[0]?.toUpperCase() + name.slice(1)}
            <input
              type="password"
              autoComplete="off"
              ref={secretField}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
            />
          </label>
          <p className="hint">Typed at the prompt, never shown or logged.</p>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <div className="prompt-actions">
            <button type="submit" className="primary" disabled={typed === ''}>
              Send to the appliance
            </button>
            <button type="button" onClick={decline}>
              Cancel (Ctrl-C)
            </button>
          </div>
        </form>
      </Modal>
    )
  }

  const mustType = prompt.mustType
  const matches = mustType === undefined || typed.trim() === mustType
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (matches)
      void answer(mustType === undefined ? { proceed: true } : { proceed: true, typed: typed.trim() })
  }
  // Focus starts on Stop (quit), and Escape is Stop: going ahead takes a deliberate click (and, for a destructive
  // command, typing what the appliance asks for).
  return (
    <Modal
      role="alertdialog"
      className={`prompt-modal ${prompt.destructive ? 'destructive' : ''}`}
      labelledBy={titleId}
      describedBy={textId}
      onCancel={decline}
      initialFocus={stopButton}
    >
      <form className={`prompt ${prompt.destructive ? 'destructive' : ''}`} onSubmit={submit}>
        <h3 id={titleId}>
          <span className="eyebrow">
            {prompt.destructive ? 'Destructive command: confirm' : 'The appliance asks to confirm'}
          </span>
          {prompt.title}
        </h3>
        <div id={textId}>
          <p className="command-line">
            <code>{prompt.command}</code>
          </p>
          {prompt.warning && <p className="warning">{prompt.warning}</p>}
          <pre className="appliance-text" aria-label="The appliance asks">
            {prompt.question}
          </pre>
        </div>
        {mustType !== undefined && (
          <label>
            <span>
              Type <code>{mustType}</code> to go ahead
            </span>
            <input
              autoComplete="off"
              aria-label={`Type ${mustType} to go ahead`}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
            />
          </label>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="prompt-actions">
          <button type="submit" className={prompt.destructive ? 'danger' : 'primary'} disabled={!matches}>
            Go ahead (proceed)
          </button>
          <button type="button" ref={stopButton} onClick={decline}>
            Stop (quit)
          </button>
        </div>
      </form>
    </Modal>
  )
}
