import { useState } from 'react'
import { readScrollback, writeScrollback } from '../console/console-settings'

const describe = (e: unknown) => (e instanceof Error ? e.message : String(e))

/** Console preferences kept in this browser profile, and where the transcripts are. */
export function ConsoleSettings() {
  const [scrollback, setScrollback] = useState(readScrollback())
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
          value={scrollback}
          onChange={(e) => setScrollback(writeScrollback(Number(e.target.value)))}
        />
      </label>
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
        sequences stripped, passwords redacted. Copy: select, or Ctrl+Shift+C. Paste: Ctrl+Shift+V.
      </p>
    </section>
  )
}
