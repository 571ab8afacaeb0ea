import { useState } from 'react'
import type { ApplianceOverview } from '../../shared/api'
import { READ_AREAS } from '../../shared/procedures'
import { FactsView } from '../panels/ResultView'

const MARK: Record<ApplianceOverview['procedures'][number]['mark'], string> = {
  done: 'Done',
  'not-done': 'Not done',
  changed: 'Changed since done',
  unknown: 'Unknown',
}

/** What the reads cover, from the catalog the host reads with: "hsm show, the licences, … and the NTP servers". */
const labels = Object.values(READ_AREAS).map((a) => a.label)
const WHAT_IS_READ = `${labels.slice(0, -1).join(', ')} and ${labels.at(-1) ?? ''}`

/** Reads everything back from the appliance and marks each procedure of the bring-up. */
export function Overview({ sessionId, busy }: { sessionId: string | undefined; busy: boolean }) {
  const [overview, setOverview] = useState<ApplianceOverview>()
  const [error, setError] = useState<string>()
  const [reading, setReading] = useState(false)
  const read = async () => {
    if (!sessionId) return
    setReading(true)
    setError(undefined)
    try {
      setOverview(await window.rackside.overview.read({ sessionId }))
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    } finally {
      setReading(false)
    }
  }
  return (
    <section className="overview" aria-label="Appliance overview">
      <p className="hint">
        Reads {WHAT_IS_READ} back from the appliance (typed in the console), and marks each procedure.
      </p>
      <button
        type="button"
        className="primary"
        disabled={!sessionId || busy || reading}
        onClick={() => void read()}
      >
        {overview ? 'Read the appliance again' : 'Read the appliance'}
      </button>
      {reading && <span className="hint"> Reading…</span>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {overview && (
        <>
          <p aria-label="Appliance">
            <strong>{overview.appliance.name ?? 'Unnamed appliance'}</strong>
            {overview.appliance.nameFrom && (
              <span className="hint"> (from its {overview.appliance.nameFrom})</span>
            )}
            {' · '}
            {overview.appliance.softwareVersion
              ? `software ${overview.appliance.softwareVersion} (era ${overview.appliance.era ?? '?'})`
              : 'software version not shown by hsm show'}
          </p>
          {overview.warnings.length > 0 && (
            <div aria-label="Before the next step">
              {overview.warnings.map((w) => (
                <p key={w} className="warning">
                  {w}
                </p>
              ))}
            </div>
          )}
          <table className="marks" aria-label="Procedures">
            <thead>
              <tr>
                <th scope="col">Procedure</th>
                <th scope="col">State</th>
                <th scope="col">Evidence</th>
              </tr>
            </thead>
            <tbody>
              {overview.procedures.map((p) => (
                <tr key={p.id}>
                  <th scope="row">{p.title}</th>
                  <td>
                    <span className={`badge mark-${p.mark}`}>{MARK[p.mark]}</span>
                  </td>
                  <td>{p.mark === 'unknown' && p.reason ? `${p.reason}. ${p.evidence}` : p.evidence}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {overview.problems.length > 0 && (
            <ul className="error" aria-label="Reads that did not complete">
              {overview.problems.map((p) => (
                <li key={p.area + p.reason}>
                  {p.area}: {p.reason}
                </li>
              ))}
            </ul>
          )}
          <h4>HSM</h4>
          <FactsView facts={overview.hsm} label="HSM" />
          <h4>HSM policies</h4>
          {overview.policies ? (
            <table className="marks" aria-label="HSM policies">
              <thead>
                <tr>
                  <th scope="col">Code</th>
                  <th scope="col">Policy</th>
                  <th scope="col">Value</th>
                  <th scope="col">Destructive</th>
                </tr>
              </thead>
              <tbody>
                {overview.policies.map((p) => (
                  <tr key={p.code}>
                    <td>{p.code}</td>
                    <th scope="row">{p.description}</th>
                    <td>{p.value}</td>
                    <td>{p.destructive ? 'Yes: changing it zeroizes the HSM' : 'No'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="hint">The policy table was not read.</p>
          )}
          <h4>Network</h4>
          <FactsView facts={overview.network} label="Network" />
          <h4>NTLS</h4>
          <FactsView facts={overview.ntls} label="NTLS" />
          <h4>Partitions</h4>
          <FactsView facts={overview.partitions} label="Partitions" />
          <h4>Clients</h4>
          <FactsView facts={overview.clients} label="Clients" />
          <h4>Time</h4>
          <FactsView facts={overview.time} label="Time" />
          <p className="hint">Read at {overview.readAt}</p>
        </>
      )}
    </section>
  )
}
