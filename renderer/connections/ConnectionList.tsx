import type { ConnectionProfile } from '../../shared/api'

export interface ConnectionListProps {
  profiles: ConnectionProfile[] | undefined
  error: string | undefined
  onConnect(profile: ConnectionProfile): void
}

const kindLabel: Record<ConnectionProfile['kind'], string> = {
  demo: 'Simulator',
  ssh: 'SSH',
  serial: 'Serial',
  local: 'Local',
}

/** The saved connections, the demo appliance first. */
export function ConnectionList({ profiles, error, onConnect }: ConnectionListProps) {
  return (
    <section className="connections" aria-labelledby="connections-heading">
      <h1 id="connections-heading">Connections</h1>
      <p className="hint">
        Pick an appliance to open its console. The demo starts a simulated Luna appliance on this computer.
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!profiles && !error && <p className="hint">Loading connections…</p>}
      <ul className="connection-list" aria-label="Connections">
        {profiles?.map((profile) => (
          <li key={profile.id} className="connection" aria-label={profile.name}>
            <span className={`kind kind-${profile.kind}`}>{kindLabel[profile.kind]}</span>
            <span className="connection-text">
              <span className="connection-name">{profile.name}</span>
              <span className="connection-target">{profile.target}</span>
            </span>
            <button type="button" className="primary" onClick={() => onConnect(profile)}>
              Connect
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
