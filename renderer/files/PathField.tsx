import { useState } from 'react'
import { filePurposeTitles as titles, type FileFilter, type FilePurpose } from '../../shared/api'
import { HostFileChooser } from './HostFileChooser'
import './files.css'

/**
 * Every local path of the app: the field stays typeable (a path pasted from a terminal), and Browse… opens the
 * OS dialog in Electron or, in the browser host, a chooser over what the host may show.
 */
export function PathField({
  id,
  label,
  value,
  onChange,
  purpose,
  kind = 'file',
  filters,
  placeholder,
}: {
  id?: string
  /** The field's accessible name, and the Browse… button's tooltip. */
  label: string
  value: string
  onChange(value: string): void
  purpose: FilePurpose
  kind?: 'file' | 'folder'
  filters?: FileFilter[]
  placeholder?: string
}) {
  const [browsing, setBrowsing] = useState(false)
  const [error, setError] = useState<string>()
  const browse = async () => {
    setError(undefined)
    try {
      const r = await window.rackside.files.choose({
        purpose,
        kind,
        ...(value ? { current: value } : {}),
        ...(filters ? { filters } : {}),
      })
      if (!r.native) setBrowsing(true)
      else if (r.path) onChange(r.path)
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    }
  }
  return (
    <span className="path-field">
      <input
        id={id}
        aria-label={id ? undefined : label}
        value={value}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
      />
      {/* Named "Browse…" alone: a name holding the field's label would make the label match two controls. */}
      <button type="button" title={`Browse for ${label}`} onClick={() => void browse()}>
        Browse…
      </button>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
      {browsing && (
        <HostFileChooser
          purpose={purpose}
          kind={kind}
          start={value || undefined}
          title={titles[purpose]}
          onCancel={() => setBrowsing(false)}
          onChoose={(path) => {
            setBrowsing(false)
            onChange(path)
          }}
        />
      )}
    </span>
  )
}
