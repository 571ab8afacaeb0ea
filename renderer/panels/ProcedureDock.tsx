import { useState, type ReactNode } from 'react'
import { PROCEDURES } from '../../shared/procedures'
import { Overview } from '../overview/Overview'
import { ActionForm } from './ActionForm'
import { PromptDialog } from './PromptDialog'
import { useRunner } from './use-runner'
import './panels.css'

/**
 * A console with the guided procedures beside it. The console stays visible: every command a panel runs is
 * typed there. While the runner holds the keyboard, a notice above the console says so and offers Abort.
 */
export function BringUpWorkspace({
  profileId,
  active,
  children,
}: {
  profileId: string
  active: boolean
  children: ReactNode
}) {
  const runner = useRunner(profileId)
  const [selected, setSelected] = useState('overview')
  const [shared, setShared] = useState<Record<string, string>>({})
  const procedure = PROCEDURES.find((p) => p.id === selected)
  return (
    <div className="bringup" hidden={!active}>
      <div className="bringup-console">
        {runner.busy && runner.waiting && (
          <div className="runner-notice waiting" role="alert" aria-label="Waiting for you">
            <span>
              Rackside has not typed <code>{runner.command ?? 'the command'}</code>: {runner.waiting.message}.
              Answer or cancel it in the console (your keyboard is free); Rackside goes on once the lunash
              prompt is back.
            </span>
            <button type="button" className="danger" onClick={runner.abort}>
              Abort step
            </button>
          </div>
        )}
        {runner.busy && !runner.waiting && (
          <div className="runner-notice" role="status" aria-label="Automation running">
            <span>
              Rackside is typing <code>{runner.command ?? 'a command'}</code> in this console — your keyboard
              is held until it finishes.
            </span>
            <button type="button" className="danger" onClick={runner.abort}>
              Abort
            </button>
          </div>
        )}
        {children}
      </div>
      <aside className="procedure-dock" aria-label="Guided procedures">
        <nav className="procedure-list" aria-label="Procedures">
          <button
            type="button"
            aria-current={selected === 'overview' ? 'page' : undefined}
            onClick={() => setSelected('overview')}
          >
            Overview
          </button>
          {PROCEDURES.map((p) => (
            <button
              type="button"
              key={p.id}
              aria-current={selected === p.id ? 'page' : undefined}
              onClick={() => setSelected(p.id)}
            >
              {p.title}
            </button>
          ))}
        </nav>
        <div className="procedure-body">
          {runner.prompts.map((p) => (
            <PromptDialog
              key={p.promptId}
              prompt={p}
              onDone={() => runner.dismiss(p.promptId)}
              onAbort={runner.abort}
            />
          ))}
          {!runner.sessionId && <p className="hint">Connect the console to run the procedures.</p>}
          {selected === 'overview' && <Overview sessionId={runner.sessionId} busy={runner.busy} />}
          {procedure && (
            <section className="procedure" aria-label={procedure.title} key={procedure.id}>
              <h2>{procedure.title}</h2>
              <p className="guide">{procedure.guide}</p>
              {procedure.warning && (
                <p className="warning" role="note">
                  {procedure.warning}
                </p>
              )}
              {procedure.actions.map((a) => (
                <ActionForm
                  key={`${a.commandId}-${a.run}`}
                  action={a}
                  sessionId={runner.sessionId}
                  busy={runner.busy}
                  shared={shared}
                  onShare={(name, value) => setShared((v) => ({ ...v, [name]: value }))}
                />
              ))}
            </section>
          )}
        </div>
      </aside>
    </div>
  )
}
