import { useState, type FormEvent } from 'react'
import type { ProfileSpecInput } from '../../shared/api'
import { describeError, profileFormTitle, profileProblems, withSshConfigHost } from './profile-form'
import { SerialFields } from './SerialFields'
import { SshFields } from './SshFields'

export { newProfile } from './profile-form'

export interface ProfileEditorProps {
  /** The profile being edited, or a new one of this kind. */
  initial: ProfileSpecInput
  onSaved(): void
  onCancel(): void
}

/** Create or edit a connection profile. There is no password field: passwords are typed in the console. */
export function ProfileEditor({ initial, onSaved, onCancel }: ProfileEditorProps) {
  const [profile, setProfile] = useState<ProfileSpecInput>(initial)
  const [error, setError] = useState<string>()

  const set = (patch: Partial<ProfileSpecInput>) =>
    setProfile((p) => ({ ...p, ...patch }) as ProfileSpecInput)
  const setSsh = (patch: object) =>
    setProfile((p) => (p.kind === 'ssh' ? { ...p, ssh: { ...p.ssh, ...patch } } : p))
  const setSerial = (patch: object) =>
    setProfile((p) => (p.kind === 'serial' ? { ...p, serial: { ...p.serial, ...patch } } : p))

  const save = async (e: FormEvent) => {
    e.preventDefault()
    const problems = profileProblems(profile)
    if (problems !== undefined) {
      setError(problems)
      return
    }
    try {
      await window.rackside.profiles.save({ profile })
      onSaved()
    } catch (err) {
      setError(describeError(err))
    }
  }

  const title = profileFormTitle(initial, profile.kind)
  return (
    <form className="profile-editor" aria-label={title} onSubmit={save}>
      <h2>{title}</h2>
      <label>
        Name
        <input
          value={profile.name}
          required
          onChange={(e) => set({ name: e.target.value })}
          aria-label="Name"
        />
      </label>
      {profile.kind === 'ssh' && (
        <SshFields
          ssh={profile.ssh}
          setSsh={setSsh}
          onPickHost={(h) => setProfile((p) => withSshConfigHost(p, h))}
        />
      )}
      {profile.kind === 'serial' && <SerialFields serial={profile.serial} setSerial={setSerial} />}
      {profile.kind === 'local' && (
        <label>
          Start folder (empty: the Luna client folder, else home)
          <input
            aria-label="Start folder"
            value={profile.cwd ?? ''}
            onChange={(e) => set({ cwd: e.target.value || undefined })}
          />
        </label>
      )}
      {profile.kind !== 'local' && (
        <label>
          Appliance software (the syntax Rackside types)
          <select
            aria-label="Appliance software"
            value={profile.era === undefined ? '' : String(profile.era)}
            onChange={(e) =>
              setProfile((p) =>
                p.kind === 'local'
                  ? p
                  : e.target.value === ''
                    ? (({ era: _era, ...rest }) => rest)(p)
                    : { ...p, era: Number(e.target.value) as 4 | 5 | 6 | 7 },
              )
            }
          >
            <option value="">Read from the appliance (banner, hsm show)</option>
            <option value="4">3.x / 4.x (the HID guide’s syntax)</option>
            <option value="5">5.x</option>
            <option value="6">6.x</option>
            <option value="7">7.x</option>
          </select>
        </label>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="form-buttons">
        <button type="submit" className="primary">
          Save profile
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
