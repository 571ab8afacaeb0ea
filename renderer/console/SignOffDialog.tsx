import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { Modal } from '../dialog/Modal'
import type { Params, Result } from '../../shared/api'

type SignOff = Omit<Params<'sessions.signOff'>, 'sessionId'>

const describe = (e: unknown) => (e instanceof Error ? e.message : String(e))

/**
 * The operator (and a witness) sign off what this console did: their names and any deviations from the
 * procedure go into the transcript, sealed, and the seal's digest is shown for the paperwork.
 */
export function SignOffDialog({
  onSign,
  onClose,
}: {
  onSign(who: SignOff): Promise<Result<'sessions.signOff'>>
  onClose(): void
}) {
  const titleId = useId()
  const textId = useId()
  const operatorField = useRef<HTMLInputElement>(null)
  const [operator, setOperator] = useState('')
  const [witness, setWitness] = useState('')
  const [deviations, setDeviations] = useState('')
  const [signed, setSigned] = useState<Result<'sessions.signOff'>>()
  const [problem, setProblem] = useState<string>()
  const [busy, setBusy] = useState(false)
  // Once signed, the form (and the button that had focus) is gone: Done takes focus.
  const done = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    if (signed) done.current?.focus()
  }, [signed])

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setProblem(undefined)
    if (!operator.trim()) {
      setProblem('Name the operator who signs off.')
      return
    }
    setBusy(true)
    try {
      setSigned(
        await onSign({
          operator: operator.trim(),
          ...(witness.trim() ? { witness: witness.trim() } : {}),
          ...(deviations.trim() ? { deviations: deviations.trim() } : {}),
        }),
      )
    } catch (error) {
      setProblem(describe(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    // Focus starts in the Operator field: signing needs a name, and Enter there without one only asks for it.
    <Modal
      className="host-key-dialog sign-off"
      labelledBy={titleId}
      describedBy={textId}
      onCancel={onClose}
      initialFocus={operatorField}
    >
      <h2 id={titleId}>Sign off this console&apos;s record</h2>
      {signed ? (
        <>
          <p id={textId} role="status" aria-label="Signed off">
            Signed off at {signed.at}. Keep this digest with the paperwork: while the transcript is unchanged,{' '}
            <code>rackside transcript verify</code> shows it as the seal after the sign-off.
          </p>
          <p className="fingerprint" aria-label="Sign-off digest">
            sha256:{signed.digest}
          </p>
          <p className="hint">{signed.transcript}</p>
          <div className="form-buttons">
            <button type="button" className="primary" ref={done} onClick={onClose}>
              Done
            </button>
          </div>
        </>
      ) : (
        <form aria-label="Sign-off" onSubmit={(e) => void submit(e)}>
          <p className="hint" id={textId}>
            Your names and any deviations from the procedure are written into the transcript and sealed with
            everything before them. The console stays open.
          </p>
          <label>
            Operator
            <input
              ref={operatorField}
              value={operator}
              maxLength={80}
              onChange={(e) => setOperator(e.target.value)}
            />
          </label>
          <label>
            Witness (optional)
            <input value={witness} maxLength={80} onChange={(e) => setWitness(e.target.value)} />
          </label>
          <label>
            Deviations from the procedure, one a line (optional)
            <textarea
              value={deviations}
              maxLength={2000}
              rows={4}
              onChange={(e) => setDeviations(e.target.value)}
            />
          </label>
          {problem && (
            <p className="error" role="alert">
              {problem}
            </p>
          )}
          <div className="form-buttons">
            <button type="submit" className="primary" disabled={busy}>
              Sign off
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </Modal>
  )
}
