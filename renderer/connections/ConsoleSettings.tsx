import { useEffect, useState } from 'react'
import { colourSchemes, type Settings } from '../../shared/api'
import {
  consoleSettings,
  loadConsoleSettings,
  onConsoleSettingsChange,
  updateConsoleSettings,
} from '../console/console-settings'
import { shortcutHelp } from '../console/shortcuts'
import { schemeNames } from '../console/themes'

const describe = (e: unknown) => (e instanceof Error ? e.message : String(e))

/** A number field applied on Enter or when it loses focus, not per keystroke. */
function NumberSetting(props: {
  label: string
  value: number
  min: number
  max: number
  step: number
  onCommit(value: number): void
}) {
  /** What is typed, until it is applied (then the field shows the saved value again). */
  const [draft, setDraft] = useState<string>()
  // Typing 50000 must not pass through 5 (100 lines) and cut every open console's history on the way.
  const commit = () => {
    if (draft === undefined) return
    const typed = Number(draft)
    setDraft(undefined)
    if (draft.trim() !== '' && Number.isFinite(typed) && typed !== props.value) props.onCommit(typed)
  }
  return (
    <label>
      {props.label}
      <input
        aria-label={props.label}
        type="number"
        min={props.min}
        max={props.max}
        step={props.step}
        value={draft ?? String(props.value)}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit()
        }}
      />
    </label>
  )
}

function Check(props: { label: string; checked: boolean; onChange(checked: boolean): void }) {
  return (
    <label className="check">
      <input type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} />
      {props.label}
    </label>
  )
}

/** Console preferences (kept by the host in the data folder), the shortcuts, and where the transcripts are. */
export function ConsoleSettings() {
  const [settings, setSettings] = useState<Settings>(consoleSettings)
  const [loaded, setLoaded] = useState(false)
  const [notice, setNotice] = useState<string>()
  const [applied, setApplied] = useState<string>()
  const [problem, setProblem] = useState<string>()
  const [fontDraft, setFontDraft] = useState(settings.fontFamily)

  useEffect(() => {
    const off = onConsoleSettingsChange((s) => {
      setSettings(s)
      setFontDraft(s.fontFamily)
    })
    loadConsoleSettings()
      .then((r) => {
        setSettings(r.settings)
        setFontDraft(r.settings.fontFamily)
        setNotice(r.notice)
        setLoaded(true)
      })
      .catch((e: unknown) => setProblem(`The saved settings could not be read: ${describe(e)}`))
    return off
  }, [])

  const change = (changes: Partial<Settings>, said: string) => {
    // Shown at once (a checkbox follows the click); put back if the host refuses the change.
    setSettings((s) => ({ ...s, ...changes }))
    updateConsoleSettings(changes)
      .then(() => {
        setProblem(undefined)
        setApplied(said)
      })
      .catch((e: unknown) => {
        setProblem(describe(e))
        setSettings(consoleSettings())
        setFontDraft(consoleSettings().fontFamily)
      })
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
    <section
      className="console-settings"
      aria-label="Console settings"
      aria-busy={!loaded && !problem ? true : undefined}
    >
      <h2>Console</h2>
      {notice && (
        <p className="hint warn" role="alert">
          {notice}
        </p>
      )}
      <NumberSetting
        label="Scrollback lines"
        value={settings.scrollback}
        min={100}
        max={200000}
        step={100}
        onCommit={(n) => change({ scrollback: n }, `Scrollback is ${n} lines, in open consoles too.`)}
      />
      <NumberSetting
        label="Font size"
        value={settings.fontSize}
        min={8}
        max={32}
        step={1}
        onCommit={(n) => change({ fontSize: n }, `Font size is ${n}, in open consoles too.`)}
      />
      <label>
        Font family
        <input
          aria-label="Font family"
          value={fontDraft}
          onChange={(e) => setFontDraft(e.target.value)}
          onBlur={() => {
            if (fontDraft !== settings.fontFamily) change({ fontFamily: fontDraft }, 'Font family changed.')
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && fontDraft !== settings.fontFamily)
              change({ fontFamily: fontDraft }, 'Font family changed.')
          }}
        />
      </label>
      <label>
        Colour scheme
        <select
          aria-label="Colour scheme"
          value={settings.colourScheme}
          onChange={(e) =>
            change(
              { colourScheme: e.target.value as Settings['colourScheme'] },
              `The consoles use the ${schemeNames[e.target.value as Settings['colourScheme']]} scheme.`,
            )
          }
        >
          {colourSchemes.map((scheme) => (
            <option key={scheme} value={scheme}>
              {schemeNames[scheme]}
            </option>
          ))}
        </select>
      </label>
      <Check
        label="Copy on select"
        checked={settings.copyOnSelect}
        onChange={(on) =>
          change({ copyOnSelect: on }, on ? 'Selecting text copies it.' : 'Copy on select is off.')
        }
      />
      <Check
        label="Right-click pastes"
        checked={settings.rightClickPaste}
        onChange={(on) =>
          change({ rightClickPaste: on }, on ? 'A right click pastes.' : 'Right-click paste is off.')
        }
      />
      <Check
        label="Ask before pasting several lines"
        checked={settings.confirmMultilinePaste}
        onChange={(on) =>
          change(
            { confirmMultilinePaste: on },
            on ? 'A paste of several lines asks first.' : 'Pastes of several lines are sent without asking.',
          )
        }
      />
      <Check
        label="Screen reader support"
        checked={settings.screenReaderMode}
        onChange={(on) =>
          change(
            { screenReaderMode: on },
            on ? 'Screen readers can read the consoles.' : 'Screen reader support is off.',
          )
        }
      />
      {applied && !problem && (
        <p className="hint" role="status" aria-label="Console settings saved">
          {applied}
        </p>
      )}
      {problem && (
        <p className="hint error" role="alert">
          {problem}
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
      <dl className="hint shortcuts" aria-label="Keyboard shortcuts">
        {shortcutHelp.map(([keys, what]) => (
          <div key={keys}>
            <dt>{keys}</dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <p className="hint">
        Every session is written to a transcript as it happens: one line per line, UTC timestamps, ANSI escape
        sequences stripped, passwords redacted, each guided step&apos;s outcome noted, sealed against later
        edits. These settings are kept in the data folder, beside the profiles.
      </p>
    </section>
  )
}
