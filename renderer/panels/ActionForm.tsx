import { useEffect, useState, type FormEvent } from 'react'
import type { EventPayload, RunnerPreview, RunnerResult } from '../../shared/api'
import { toFields, type ActionDef } from '../../shared/procedures'
import { TransferProgress } from '../client/parts'
import { PathField } from '../files/PathField'
import { ResultView } from './ResultView'

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e))

/**
 * One command of a procedure: its form, the exact line the runner will type (or why nothing would be sent),
 * Run, and the evidence: the parsed output and the read-back that proves the new state.
 */
export function ActionForm({
  action,
  sessionId,
  busy,
  shared,
  onShare,
}: {
  action: ActionDef
  sessionId: string | undefined
  busy: boolean
  /** Values of shared fields (partition, client) typed in any form beside this console. */
  shared: Record<string, string>
  onShare(name: string, value: string): void
}) {
  const [own, setOwn] = useState<Record<string, string>>(() =>
    Object.fromEntries((action.fields ?? []).map((f) => [f.name, f.initial ?? ''])),
  )
  const sharedNames = (action.fields ?? []).filter((f) => f.shared).map((f) => f.name)
  const values: Record<string, string> = { ...own }
  for (const name of sharedNames) values[name] = shared[name] ?? ''
  const setValues = (update: (v: Record<string, string>) => Record<string, string>) => {
    const next = update(values)
    for (const name of sharedNames) if (next[name] !== values[name]) onShare(name, next[name] ?? '')
    setOwn(next)
  }
  const [repeats, setRepeats] = useState<Record<string, string>>({})
  const [secrets, setSecrets] = useState<Record<string, string>>({})
  const [confirms, setConfirms] = useState<Record<string, string>>({})
  const [preview, setPreview] = useState<RunnerPreview>()
  const [result, setResult] = useState<RunnerResult>()
  const [running, setRunning] = useState(false)
  const [error, setError] = useState<string>()
  const [uploaded, setUploaded] = useState<string>()
  const [transfer, setTransfer] = useState<EventPayload<'client.transfer.progress'>>()
  const [uploading, setUploading] = useState(false)
  useEffect(
    () =>
      window.rackside.on('client.transfer.progress', (e) => {
        if (e.sessionId === sessionId) setTransfer(e)
      }),
    [sessionId],
  )

  const fields = toFields(action, values)
  const fieldsKey = JSON.stringify(fields)
  // The line is in the console's era: shown again once the appliance says which software it runs.
  const [software, setSoftware] = useState(0)
  useEffect(
    () =>
      window.rackside.on('session.software', (e) => {
        if (e.sessionId === sessionId) setSoftware((n) => n + 1)
      }),
    [sessionId],
  )
  useEffect(() => {
    let live = true
    const timer = setTimeout(() => {
      window.rackside.runner
        .preview({
          commandId: action.commandId,
          fields: JSON.parse(fieldsKey) as typeof fields,
          ...(sessionId ? { sessionId } : {}),
        })
        .then((p) => live && setPreview(p))
        .catch((e: unknown) => live && setError(describe(e)))
    }, 120)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [action.commandId, fieldsKey, sessionId, software])

  const repeatMismatch = (action.fields ?? []).find(
    (f) => f.repeat !== undefined && (repeats[f.name] ?? '') !== (values[f.name] ?? ''),
  )
  const secretMismatch = (action.secrets ?? []).find(
    (s) => s.confirm && (secrets[s.id] ?? '') !== (confirms[s.id] ?? ''),
  )
  const secretMissing = (action.secrets ?? []).find((s) => !s.optional && !(secrets[s.id] ?? ''))
  const blocked = !sessionId
    ? 'Connect a console first: the panel runs its commands in it.'
    : busy
      ? 'A command is running in the console.'
      : preview && !preview.ok
        ? 'Fix the fields above: nothing is sent until they are valid.'
        : repeatMismatch
          ? `The two "${repeatMismatch.label}" entries differ.`
          : secretMismatch
            ? `The two "${secretMismatch.label}" entries differ.`
            : secretMissing
              ? `Type the ${secretMissing.label.toLowerCase()}.`
              : undefined

  const run = async (e: FormEvent) => {
    e.preventDefault()
    if (blocked || !sessionId) return
    setRunning(true)
    setError(undefined)
    setResult(undefined)
    const given = Object.fromEntries(Object.entries(secrets).filter(([, v]) => v !== ''))
    try {
      if (action.upload) {
        const localPath = values.localPath ?? ''
        const password = given['appliance-current-password']
        setTransfer(undefined)
        setUploading(true)
        const up = await window.rackside.runner
          .upload(password ? { sessionId, localPath, password } : { sessionId, localPath })
          .finally(() => setUploading(false))
        setUploaded(`${up.name} (${up.bytes} bytes) uploaded over ${up.via.toUpperCase()}.`)
      }
      const secretsToSend = action.upload ? {} : given
      const r = await window.rackside.runner.run({
        sessionId,
        commandId: action.commandId,
        fields,
        ...(Object.keys(secretsToSend).length > 0 ? { secrets: secretsToSend } : {}),
      })
      setResult(r)
      // Secrets are typed for this run only: the form forgets them.
      setSecrets({})
      setConfirms({})
    } catch (e2) {
      setError(describe(e2))
    } finally {
      setRunning(false)
    }
  }

  const verify = async () => {
    if (!sessionId) return
    setRunning(true)
    try {
      setResult(await window.rackside.runner.verify({ sessionId, commandId: action.commandId, fields }))
    } catch (e2) {
      setError(describe(e2))
    } finally {
      setRunning(false)
    }
  }

  const id = (name: string) => `${action.commandId}-${name}`.replace(/[^a-zA-Z0-9-]/g, '-')
  return (
    <form className="action" aria-label={action.run} onSubmit={run} noValidate>
      {action.presets && (
        <div className="presets">
          {action.presets.map((p) => (
            <button key={p.label} type="button" onClick={() => setValues((v) => ({ ...v, ...p.values }))}>
              {p.label}
            </button>
          ))}
        </div>
      )}
      {(action.fields ?? []).map((f) => (
        <div className="field" key={f.name}>
          <label htmlFor={id(f.name)}>{f.label}</label>
          {f.kind === 'select' ? (
            <select
              id={id(f.name)}
              value={values[f.name] ?? ''}
              onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
            >
              {(f.options ?? []).map((o) => (
                <option key={o}>{o}</option>
              ))}
            </select>
          ) : f.path ? (
            <PathField
              id={id(f.name)}
              label={f.label}
              purpose={f.path.purpose}
              {...(f.path.filters ? { filters: f.path.filters } : {})}
              {...(f.placeholder ? { placeholder: f.placeholder } : {})}
              value={values[f.name] ?? ''}
              onChange={(value) => setValues((v) => ({ ...v, [f.name]: value }))}
            />
          ) : (
            <input
              id={id(f.name)}
              inputMode={f.kind === 'number' ? 'numeric' : undefined}
              placeholder={f.placeholder}
              autoComplete="off"
              spellCheck={false}
              value={values[f.name] ?? ''}
              onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
            />
          )}
          {f.repeat !== undefined && (
            <>
              <label htmlFor={id(`${f.name}-again`)}>{f.repeat}</label>
              <input
                id={id(`${f.name}-again`)}
                autoComplete="off"
                spellCheck={false}
                value={repeats[f.name] ?? ''}
                onChange={(e) => setRepeats((v) => ({ ...v, [f.name]: e.target.value }))}
              />
            </>
          )}
        </div>
      ))}
      {(action.secrets ?? []).map((s) => (
        <div className="field" key={s.id}>
          <label htmlFor={id(s.id)}>{s.label}</label>
          <input
            id={id(s.id)}
            type="password"
            autoComplete="new-password"
            placeholder={s.optional ? 'empty: from the keychain, or asked when needed' : undefined}
            value={secrets[s.id] ?? ''}
            onChange={(e) => setSecrets((v) => ({ ...v, [s.id]: e.target.value }))}
          />
          {s.confirm && (
            <>
              <label htmlFor={id(`${s.id}-again`)}>{s.label} again</label>
              <input
                id={id(`${s.id}-again`)}
                type="password"
                autoComplete="new-password"
                value={confirms[s.id] ?? ''}
                onChange={(e) => setConfirms((v) => ({ ...v, [s.id]: e.target.value }))}
              />
            </>
          )}
        </div>
      ))}
      <div className="preview" aria-label="Command preview" role="group">
        <span className="preview-label">{action.upload ? 'Upload, then types' : 'Types'}</span>
        {preview?.ok ? (
          <code className="command-preview">{preview.command || '(answers the prompts on screen)'}</code>
        ) : (
          <ul className="field-errors" aria-label="Field errors">
            {(preview?.errors ?? []).map((e) => (
              <li key={e.field + e.message}>{e.message}</li>
            ))}
          </ul>
        )}
        {preview?.eraNote && <span className="hint">{preview.eraNote}</span>}
        {preview?.readBack && (
          <span className="preview-readback">
            then reads back with <code>{preview.readBack}</code>
          </span>
        )}
        {preview?.destructive && (
          <span className="badge destructive">
            destructive — you type a confirmation if the appliance asks
          </span>
        )}
      </div>
      {action.note && <p className="hint">{action.note}</p>}
      <div className="action-bar">
        <button
          type="submit"
          className={preview?.destructive ? 'danger' : 'primary'}
          disabled={Boolean(blocked) || running}
        >
          {action.run}
        </button>
        {blocked && sessionId && !busy && <span className="hint">{blocked}</span>}
        {running && <span className="hint">{uploading ? 'Uploading…' : 'Running in the console…'}</span>}
      </div>
      <TransferProgress transfer={transfer} running={uploading} />
      {uploading && transfer && (
        <p className="hint" aria-live="polite">
          {Math.floor(transfer.transferred / 1024 ** 2)} of {Math.ceil(transfer.total / 1024 ** 2)} MiB sent
        </p>
      )}
      {uploaded && (
        <p className="evidence" role="status">
          {uploaded}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {result && <ResultView result={result} onVerify={result.status === 'unknown' ? verify : undefined} />}
    </form>
  )
}
