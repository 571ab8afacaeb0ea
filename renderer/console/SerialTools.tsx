import { useState } from 'react'

type Signal = 'break' | 'dtr-on' | 'dtr-off' | 'rts-on' | 'rts-off'

/**
 * BREAK, DTR and RTS for a serial console, and pinning the appliance's SSH key read over the cable. A line's
 * button shows its new state only once the port has taken it.
 */
export function SerialTools({
  onSignal,
  onPin,
}: {
  /** Whether the port took it (a pty or some adapters cannot drive the modem lines). */
  onSignal(signal: Signal): Promise<{ applied: boolean }>
  onPin(address?: string): Promise<void>
}) {
  const [dtr, setDtr] = useState(true)
  const [rts, setRts] = useState(true)
  return (
    <span className="serial-tools" role="group" aria-label="Serial line">
      <button type="button" onClick={() => void onSignal('break')} title="Send a 250 ms BREAK">
        BREAK
      </button>
      <button
        type="button"
        aria-pressed={dtr}
        onClick={() => void onSignal(dtr ? 'dtr-off' : 'dtr-on').then((r) => r.applied && setDtr(!dtr))}
      >
        DTR
      </button>
      <button
        type="button"
        aria-pressed={rts}
        onClick={() => void onSignal(rts ? 'rts-off' : 'rts-on').then((r) => r.applied && setRts(!rts))}
      >
        RTS
      </button>
      <button
        type="button"
        title="Runs sysconf fingerprint ssh here and remembers the key for the appliance's SSH address"
        onClick={() => void onPin()}
      >
        Pin SSH key
      </button>
    </span>
  )
}
