import { useEffect, useId, useRef, useState } from 'react'
import type { FileEntry, FilePurpose, Result } from '../../shared/api'
import { Modal } from '../dialog/Modal'

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e))

function size(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${bytes} bytes`
}

/**
 * The browser host's file chooser: the page cannot open an OS dialog on the host's disk, so it browses the folders
 * the host lists (home and the Luna client folders; files.list says what it refuses and why). Folders open with
 * a click; a file is chosen with a click, then Choose (or a double click).
 */
export function HostFileChooser({
  purpose,
  kind,
  start,
  title,
  onChoose,
  onCancel,
}: {
  purpose: FilePurpose
  kind: 'file' | 'folder'
  /** The field's current value: browsing starts in its folder. */
  start: string | undefined
  title: string
  onChoose(path: string): void
  onCancel(): void
}) {
  const titleId = useId()
  const cancel = useRef<HTMLButtonElement>(null)
  const [listing, setListing] = useState<Result<'files.list'>>()
  const [selected, setSelected] = useState<string>()
  const [error, setError] = useState<string>()
  const [folder, setFolder] = useState<string | undefined>(start || undefined)

  useEffect(() => {
    let live = true
    setSelected(undefined)
    window.rackside.files
      .list(folder ? { purpose, folder } : { purpose })
      .then((r) => {
        if (live) setListing(r)
      })
      .catch((e: unknown) => {
        if (!live) return
        setError(describe(e))
        // A start outside what may be shown (a path typed by hand): show home instead, with the reason.
        if (!listing && folder) setFolder(undefined)
      })
    return () => {
      live = false
    }
    // `listing` is read only to know whether anything was shown yet.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [purpose, folder])

  // The refusal stays on screen (beside the home shown instead) until the operator goes somewhere else.
  const go = (path: string) => {
    setError(undefined)
    setFolder(path)
  }
  const open = (entry: FileEntry) => {
    if (entry.kind === 'folder') go(entry.path)
    else if (kind === 'file') setSelected(entry.path)
  }
  const choice = kind === 'folder' ? listing?.folder : selected

  return (
    <Modal labelledBy={titleId} onCancel={onCancel} initialFocus={cancel} className="host-file-chooser">
      <h2 id={titleId}>{title}</h2>
      <p className="hint">
        On the computer running Rackside: your home folder and the Luna client folders (hidden files are not
        shown).
      </p>
      <div className="chooser-bar">
        <button
          type="button"
          disabled={!listing?.parent}
          onClick={() => listing?.parent && go(listing.parent)}
        >
          Up
        </button>
        {listing?.roots.map((r) => (
          <button key={r} type="button" onClick={() => go(r)}>
            {r}
          </button>
        ))}
      </div>
      <p className="chooser-folder" aria-label="Current folder">
        {listing?.folder ?? '…'}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <ul className="chooser-entries" aria-label="Files and folders">
        {listing?.entries.map((e) => (
          <li key={e.path}>
            <button
              type="button"
              className={e.path === selected ? 'selected' : undefined}
              aria-pressed={e.kind === 'file' ? e.path === selected : undefined}
              disabled={e.kind === 'file' && kind === 'folder'}
              onClick={() => open(e)}
              onDoubleClick={() => e.kind === 'file' && kind === 'file' && onChoose(e.path)}
            >
              <span className="chooser-kind">{e.kind === 'folder' ? '📁' : '📄'}</span>
              {e.name}
              {e.kind === 'file' && <span className="chooser-size">{size(e.size)}</span>}
            </button>
          </li>
        ))}
        {listing && listing.entries.length === 0 && <li className="hint">Nothing to show here.</li>}
      </ul>
      <div className="form-buttons">
        <button
          type="button"
          className="primary"
          disabled={!choice}
          onClick={() => choice && onChoose(choice)}
        >
          {kind === 'folder' ? 'Choose this folder' : 'Choose'}
        </button>
        <button type="button" ref={cancel} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </Modal>
  )
}
