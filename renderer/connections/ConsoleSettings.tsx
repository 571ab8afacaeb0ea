import { useState } from 'react'
import { readScrollback, writeScrollback } from '../console/console-settings'

const describe = (e: unknown) => (e instanceof Error ? e.message : String(e))

/** Console preferences kept in this browser profile, and where the transcripts are. */
export function ConsoleSettings() {
  /** What the field shows while it is edited; applied on Enter or when the field loses focus. */
  const [draft, setDraft] = useState(String(readScrollback()))
  const [applied, setApplied] = useState<string>()
  // Applied on commit, not per keystroke: typing 50000 must not pass through 5 (100 lines) and cut every
  // open console's history on the way.
  const apply = () => {
    const typed = Number(draft)
    if (draft.trim() === '' || !Number.isFinite(typed) || typed === readScrollback()) {
      setDraft(String(readScrollback()))
      return
    }
    const lines = writeScrollback(typed)
    setDraft(String(lines))
    setApplied(`Scrollback is ${lines} lines, in open consoles too.`)
  }
  const [folder, setFolder] = useState<string>()
  const openFolder = async () => {
    try {
      const { path, opened } = await window.rackside.transcripts.open({})
      setFolder(opened ? `Opened ${path}` : `Transcripts are in ${path}`)
    } catch (e) {
      setFolder(describe(e))
    }
  }
  return (
    <section className="console-settings" aria-label="Console settings">
      <h2>Console</h2>
      <label>
        Scrollback lines
        <input
          aria-label="Scrollback lines"
          type="number"
          min={100}
          max={200000}
          step={100}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={apply}
          onKeyDown={(e) => {
            if (e.key === 'Enter') apply()
          }}
        />
      </label>
      {applied && (
        <p className="hint" role="status" aria-label="Scrollback">
          {applied}
        </p>
      )}
      <button type="button" onClick={() => void openFolder()}>
        Open transcript folder
      </button>
      {folder && (
        <p className="hint" role="status" aria-label="Transcript folder">
          {folder}
        </p>
      )}
      <p className="hint">
        Every session is written to a transcript as it happens: one line per line, UTC timestamps, ANSI escape
        sequences stripped, passwords redacted, each guided step&apos;s outcome noted, sealed against later
        edits. Copy: select, or Ctrl+Shift+C. Paste: Ctrl+Shift+V.
      </p>
    </section>
  )
}
