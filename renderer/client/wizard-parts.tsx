/**
 * The building blocks every client-side step is made of: a numbered step with its guide, a field, and an
 * action (fields, the button that sends one request to the host, and what came back).
 */
import type { ReactNode } from 'react'
import type { StepState, useStep } from './use-step'

export function Status<T>({
  step,
  done,
  bad,
}: {
  step: StepState<T>
  done?: (value: T) => ReactNode
  /** A reply that arrived but reports a problem (a diagnosis, a failed vtl run). */
  bad?: (value: T) => boolean
}) {
  if (step.state === 'idle') return null
  if (step.state === 'running')
    return (
      <p className="step-status running" role="status">
        Working…
      </p>
    )
  if (step.state === 'failed')
    return (
      <p className="step-status failed" role="alert">
        {step.message}
      </p>
    )
  return (
    <div className={`step-status ${bad?.(step.value) ? 'failed' : 'done'}`} role="status">
      {done ? done(step.value) : 'Done.'}
    </div>
  )
}

export function Step({
  n,
  title,
  guide,
  done,
  children,
}: {
  n: number
  title: string
  guide: string
  done: boolean
  children: ReactNode
}) {
  return (
    <section className={`client-step${done ? ' is-done' : ''}`} aria-label={`Step ${n}: ${title}`}>
      <h3>
        <span className="step-n" aria-hidden="true">
          {done ? '✓' : n}
        </span>
        {title}
      </h3>
      <p className="guide">{guide}</p>
      {children}
    </section>
  )
}

export function Field({
  label,
  value,
  onChange,
  placeholder,
  type = 'text',
}: {
  label: string
  value: string
  onChange(v: string): void
  placeholder?: string
  type?: 'text' | 'password'
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <input
        type={type}
        value={value}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  )
}

/**
 * One action of a wizard step, the shape every step repeats: the fields it needs, the button that sends its
 * request to the host, and what came back (Working…, the host's error, or the evidence).
 */
export function StepAction<T>({
  step,
  label,
  request,
  done,
  bad,
  onDone,
  disabled,
  primary,
  row = true,
  hideControls,
  children,
  extra,
  between,
}: {
  step: ReturnType<typeof useStep<T>>
  /** The button's text (its accessible name). */
  label: string
  request: () => Promise<T>
  /** The evidence shown when the host answered. */
  done: (value: T) => ReactNode
  /** An answer that reports a problem (a diagnosis, a failed vtl run). */
  bad?: (value: T) => boolean
  /** After the host answered (not after an error): e.g. clear a password field. */
  onDone?: (value: T) => void
  disabled?: boolean
  primary?: boolean
  /** false: a lone button, not laid out in a row with fields. */
  row?: boolean
  /** The controls are not offered now; the last answer still shows. */
  hideControls?: boolean
  /** The fields before the button. */
  children?: ReactNode
  /** More controls after the button (another request of the same step). */
  extra?: ReactNode
  /** Between the controls and the answer: transfer progress, a hint. */
  between?: ReactNode
}) {
  const button = (
    <button
      type="button"
      className={primary ? 'primary' : undefined}
      disabled={disabled}
      onClick={() => void step.run(request).then((value) => value !== undefined && onDone?.(value))}
    >
      {label}
    </button>
  )
  return (
    <>
      {!hideControls &&
        (row ? (
          <div className="row">
            {children}
            {button}
            {extra}
          </div>
        ) : (
          button
        ))}
      {between}
      <Status step={step.status} done={done} bad={bad} />
    </>
  )
}
