import { useState } from 'react'
import { ConsolePane } from '../console/ConsolePane'
import type { SessionEvents } from '../sessions/session-events'
import { CLIENT_STEPS } from './steps'
import { StepView } from './StepView'
import { useWizard } from './use-wizard'
import './client.css'

/**
 * The client side of the HID procedure as a step list a newcomer can follow, beside the Luna client tools console
 * where Rackside runs vtl visibly. The steps are data (steps/), each rendered by StepView. Every request goes to
 * the host, which checks it; this view only collects the operator's choices and shows the evidence. Passwords go
 * to the keychain and never come back.
 */
export function ClientWizard({ events, active }: { events: SessionEvents; active: boolean }) {
  const wizard = useWizard()
  const { ctx, consoles } = wizard
  const [toolsKey, setToolsKey] = useState(0)
  const done = CLIENT_STEPS.map((s) => s.done(ctx))

  return (
    <div className="client-wizard" hidden={!active}>
      <div className="client-steps" role="region" aria-label="Client-side setup">
        <header className="client-head">
          <h2>Client side: make the CMS server a trusted client</h2>
          <label className="field">
            <span>Appliance console</span>
            <select value={ctx.sessionId} onChange={(e) => wizard.setSessionId(e.target.value)}>
              {consoles.length === 0 && <option value="">No appliance console is connected</option>}
              {consoles.map((c) => (
                <option key={c.sessionId} value={c.sessionId}>
                  {c.title}
                </option>
              ))}
            </select>
          </label>
          {!ctx.sessionId && (
            <p className="hint" role="note">
              Connect to the appliance first (Connections → Demo appliance, or your appliance over SSH): the
              wizard copies files over that console’s verified SSH connection and runs the appliance commands
              in it.
            </p>
          )}
          <ol className="step-list" aria-label="Steps">
            {CLIENT_STEPS.map((s, i) => (
              <li key={s.id} className={done[i] ? 'is-done' : ''}>
                <span aria-hidden="true">{done[i] ? '✓' : i + 1}</span> {s.title}
                <span className="sr-only">{done[i] ? ' (done)' : ' (not done)'}</span>
              </li>
            ))}
          </ol>
        </header>

        {CLIENT_STEPS.map((s) => (
          <StepView key={s.id} def={s} wizard={wizard} />
        ))}
      </div>

      <aside className="client-tools" aria-label="Luna client tools">
        <h3>Luna client tools console</h3>
        <ConsolePane
          key={toolsKey}
          profileId="client-tools"
          events={events}
          active={active}
          onStatus={() => undefined}
          onClose={() => setToolsKey((k) => k + 1)}
        />
      </aside>
    </div>
  )
}
