import { useState } from 'react'
import './known-hosts.css'

/**
 * "Open log folder": the app log (rackside.log and its rotated files) is what to attach when something went wrong.
 * The desktop app opens the folder; the browser host cannot reach the desktop, so it names the path.
 */
export function AppLogFolder() {
  const [said, setSaid] = useState<string>()
  const open = async () => {
    try {
      const { path, opened } = await window.rackside.app.openLogFolder({})
      setSaid(opened ? `Opened ${path}` : path ? `The log is in ${path}` : 'This host keeps no log.')
    } catch (e) {
      setSaid(e instanceof Error ? e.message : String(e))
    }
  }
  return (
    <section className="known-hosts app-log" aria-label="App log">
      <h2>App log</h2>
      <p className="hint">
        Rackside logs what it does (consoles opening and dropping, refused requests, crashes) without console
        output or passwords. Attach it when reporting a problem.
      </p>
      <button type="button" onClick={() => void open()}>
        Open log folder
      </button>
      {said && (
        <p className="hint" role="status" aria-label="Log folder">
          {said}
        </p>
      )}
    </section>
  )
}
