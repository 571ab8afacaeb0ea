import type { RunnerResult } from '../../shared/api'

const STATUS: Record<RunnerResult['status'], string> = {
  done: 'Done',
  failed: 'Failed',
  unknown: 'Unknown — re-verify',
}

/** Parsed facts as a person reads them: scalars as rows, lists as lists, nested objects folded. */
export function FactsView({ facts, label }: { facts: unknown; label: string }) {
  if (facts === undefined || facts === null) return null
  if (Array.isArray(facts) && facts.length > 0 && facts.every((x) => typeof x === 'object' && x !== null)) {
    const rows = facts as Record<string, unknown>[]
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))]
      .filter((c) => rows.some((r) => r[c] !== undefined && typeof r[c] !== 'object'))
      .slice(0, 6)
    return (
      <table className="facts rows" aria-label={label}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c}>{r[c] === undefined ? '' : String(r[c])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    )
  }
  if (Array.isArray(facts))
    return (
      <ul className="facts-list" aria-label={label}>
        {facts.length === 0 && <li>(none)</li>}
        {facts.map((item, i) => (
          <li key={i}>{typeof item === 'object' ? summarise(item) : String(item)}</li>
        ))}
      </ul>
    )
  if (typeof facts !== 'object') return <p aria-label={label}>{String(facts)}</p>
  const rows = Object.entries(facts as Record<string, unknown>).filter(
    ([k, v]) =>
      v !== undefined &&
      k !== 'verified' &&
      !(typeof v === 'object' && v !== null && Object.keys(v).length === 0),
  )
  return (
    <table className="facts" aria-label={label}>
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>
              {Array.isArray(v) && v.some((x) => typeof x === 'object') ? (
                <FactsView facts={v} label={k} />
              ) : typeof v === 'object' && v !== null ? (
                summarise(v)
              ) : (
                String(v)
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function summarise(v: unknown): string {
  if (Array.isArray(v))
    return v.map((x) => (typeof x === 'object' ? summarise(x) : String(x))).join(', ') || '(none)'
  if (typeof v === 'object' && v !== null)
    return Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => `${k}: ${typeof x === 'object' ? summarise(x) : String(x)}`)
      .join('; ')
  return String(v)
}

/** The outcome of a run: status, the reason, the read-back evidence, and the parsed output. */
export function ResultView({
  result,
  onVerify,
}: {
  result: RunnerResult
  onVerify?: (() => void) | undefined
}) {
  return (
    <section className={`result result-${result.status}`} aria-label={`Result: ${result.commandId}`}>
      <p className="result-status" role="status">
        <span className={`badge status-${result.status}`}>{STATUS[result.status]}</span> {result.reason}
      </p>
      {result.warnings && result.warnings.length > 0 && (
        <div aria-label="Warnings">
          {result.warnings.map((w) => (
            <p key={w} className="warning">
              {w}
            </p>
          ))}
        </div>
      )}
      {result.readBack && (
        <div className="readback">
          <h4>
            Read-back <code>{result.readBack.result.command}</code>
          </h4>
          {result.readBack.evidence && (
            <p className="evidence" aria-label="Read-back evidence">
              {result.readBack.evidence}
            </p>
          )}
          <FactsView facts={result.readBack.result.facts} label="Read-back facts" />
        </div>
      )}
      {result.keychain && (
        <p className="hint">
          Password: {result.keychain}
          {/[.!]$/.test(result.keychain) ? '' : '.'}
        </p>
      )}
      {result.serverCertificate && (
        <div className="readback">
          <h4>NTLS server certificate (server.pem)</h4>
          {result.serverCertificate.sha256 && (
            <p className="evidence" aria-label="New certificate fingerprint">
              SHA-256 {result.serverCertificate.sha256}
            </p>
          )}
          {result.serverCertificate.previous && (
            <p className="hint" aria-label="Previous certificate fingerprint">
              was {result.serverCertificate.previous}
            </p>
          )}
          {result.serverCertificate.note && <p className="warning">{result.serverCertificate.note}</p>}
          <p className="hint">
            Restart NTLS, then every client fetches the new server.pem and re-runs vtl addServer.
          </p>
        </div>
      )}
      {result.reconnectTo && result.status !== 'done' && (
        <p className="warning" role="alert">
          The link restarted and the read-back at {result.reconnectTo} did not complete. If the console did
          not reconnect by itself, press Reconnect in the console (it now reaches the appliance at{' '}
          {result.reconnectTo}), then press Verify.
        </p>
      )}
      {onVerify && (
        <button type="button" onClick={onVerify}>
          Verify (read back again)
        </button>
      )}
      {result.facts !== undefined && (
        <div className="parsed">
          <h4>Parsed output{result.unverified ? ' (format not yet seen on a real appliance)' : ''}</h4>
          <FactsView facts={result.facts} label="Parsed facts" />
        </div>
      )}
      {result.fieldErrors && (
        <ul className="field-errors" aria-label="Field errors">
          {result.fieldErrors.map((e) => (
            <li key={e.field + e.message}>{e.message}</li>
          ))}
        </ul>
      )}
    </section>
  )
}
