import { useState } from 'react'
import type { ConnectionProfile, ProfileSpecInput } from '../../shared/api'
import { ConfirmDialog } from '../dialog/ConfirmDialog'
import { newProfile, ProfileEditor } from './ProfileEditor'
import { ConsoleSettings } from './ConsoleSettings'
import { TranscriptSeals } from './TranscriptSeals'
import { AppLogFolder } from './AppLogFolder'
import { KnownHosts } from './KnownHosts'
import { usePolling } from './use-polling'

export interface ConnectionListProps {
  profiles: ConnectionProfile[] | undefined
  error: string | undefined
  onConnect(profile: ConnectionProfile): void
  /** Profiles changed (saved or deleted): load them again. */
  onChanged?(): void
}

const kindLabel: Record<ConnectionProfile['kind'], string> = {
  demo: 'Simulator',
  ssh: 'SSH',
  serial: 'Serial',
  local: 'Local',
}

const builtIn = new Set(['demo', 'demo-serial', 'demo-ped', 'local'])
const describe = (e: unknown) => (e instanceof Error ? e.message : String(e))

/**
 * Whether each serial profile's port is there, asked again every 2 s while the list shows: the operator plugs
 * the USB adapter in and sees its profile become ready.
 */
function useSerialPresence(profiles: ConnectionProfile[] | undefined) {
  const watched = profiles?.some((p) => p.present !== undefined) ?? false
  const [present, setPresent] = useState<Record<string, boolean>>({})
  usePolling(watched, (live) =>
    window.rackside.profiles
      .list({})
      .then((list) => {
        if (!live()) return
        const next: Record<string, boolean> = {}
        for (const p of list) if (p.present !== undefined) next[p.id] = p.present
        setPresent(next)
      })
      .catch(() => undefined),
  )
  return (profile: ConnectionProfile): boolean | undefined => present[profile.id] ?? profile.present
}

/** The saved connections, the built-in ones first; create, edit and delete profiles. */
export function ConnectionList({ profiles, error, onConnect, onChanged }: ConnectionListProps) {
  const [editing, setEditing] = useState<ProfileSpecInput>()
  const [problem, setProblem] = useState<string>()
  const isPresent = useSerialPresence(profiles)

  const edit = async (id: string) => {
    try {
      setEditing(await window.rackside.profiles.get({ profileId: id }))
    } catch (e) {
      setProblem(describe(e))
    }
  }
  const [deleting, setDeleting] = useState<ConnectionProfile>()
  const remove = async (profile: ConnectionProfile) => {
    setDeleting(undefined)
    try {
      await window.rackside.profiles.delete({ profileId: profile.id })
      onChanged?.()
    } catch (e) {
      setProblem(describe(e))
    }
  }

  return (
    <section className="connections" aria-labelledby="connections-heading">
      <h1 id="connections-heading">Connections</h1>
      <p className="hint">
        Pick an appliance to open its console. The demo starts a simulated Luna appliance on this computer,
        with an SSH server and a serial console.
      </p>
      {(error || problem) && (
        <p className="error" role="alert">
          {error ?? problem}
        </p>
      )}
      {!profiles && !error && <p className="hint">Loading connections…</p>}
      <ul className="connection-list" aria-label="Connections">
        {profiles?.map((profile) => {
          const present = isPresent(profile)
          return (
            <li key={profile.id} className="connection" aria-label={profile.name}>
              <span className={`kind kind-${profile.kind}`}>{kindLabel[profile.kind]}</span>
              <span className="connection-text">
                <span className="connection-name">{profile.name}</span>
                <span className="connection-target">
                  {profile.target}
                  {present !== undefined && (
                    <span className={`port-presence ${present ? 'present' : 'absent'}`}>
                      {present ? 'Port ready' : 'Port not found: plug in the adapter'}
                    </span>
                  )}
                </span>
              </span>
              {!builtIn.has(profile.id) && (
                <>
                  <button
                    type="button"
                    aria-label={`Edit ${profile.name}`}
                    onClick={() => void edit(profile.id)}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    aria-label={`Delete ${profile.name}`}
                    onClick={() => setDeleting(profile)}
                  >
                    Delete
                  </button>
                </>
              )}
              <button type="button" className="primary" onClick={() => onConnect(profile)}>
                Connect
              </button>
            </li>
          )
        })}
      </ul>
      {editing ? (
        <ProfileEditor
          key={editing.id ?? `new-${editing.kind}`}
          initial={editing}
          onSaved={() => {
            setEditing(undefined)
            onChanged?.()
          }}
          onCancel={() => setEditing(undefined)}
        />
      ) : (
        <div className="new-profile" role="group" aria-label="New connection">
          <button type="button" onClick={() => setEditing(newProfile('ssh'))}>
            New SSH profile
          </button>
          <button type="button" onClick={() => setEditing(newProfile('serial'))}>
            New serial profile
          </button>
          <button type="button" onClick={() => setEditing(newProfile('local'))}>
            New local terminal profile
          </button>
        </div>
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete the profile?"
          confirmLabel="Delete profile"
          keepLabel="Keep it"
          onConfirm={() => void remove(deleting)}
          onKeep={() => setDeleting(undefined)}
        >
          <p>
            Delete the profile <strong>{deleting.name}</strong>? Its transcripts are kept.
          </p>
        </ConfirmDialog>
      )}
      <ConsoleSettings />
      <KnownHosts />
      <TranscriptSeals />
      <AppLogFolder />
    </section>
  )
}
