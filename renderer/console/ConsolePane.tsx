import { useEffect, useRef, useState, type FormEvent } from 'react'
import '@xterm/xterm/css/xterm.css'
import type { SessionEvents } from '../sessions/session-events'
import {
  retryCause,
  TerminalController,
  type ConsoleStatus,
  type HostKeyAnswer,
  type HostKeyQuestion,
} from './terminal-controller'
import { ConfirmDialog } from '../dialog/ConfirmDialog'
import { HostKeyDialog } from './HostKeyDialog'
import { shortcutOf } from './shortcuts'
import { SerialTools } from './SerialTools'
import { SignOffDialog } from './SignOffDialog'
import './console.css'
import { preferredRenderer, exposeForTests } from './renderer-choice'

export interface ConsolePaneProps {
  profileId: string
  events: SessionEvents
  active: boolean
  onStatus(status: ConsoleStatus): void
  onClose(): void
}

/** "Reconnecting in 3 s (attempt 2 of 5)", counting down to the attempt the host has scheduled. */
function RetryCountdown({ retry, message }: { retry: NonNullable<ConsoleStatus['retry']>; message: string }) {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (retry.startsAt <= Date.now()) return
    const timer = setInterval(() => {
      const t = Date.now()
      setNow(t)
      if (t >= retry.startsAt) clearInterval(timer)
    }, 250)
    return () => clearInterval(timer)
  }, [retry.startsAt])
  const left = Math.ceil((retry.startsAt - now) / 1000)
  const counter = `attempt ${retry.attempt} of ${retry.attempts}`
  // The host's message names the cause ("Connection to … lost: …"); the countdown replaces its fixed figure.
  const cause = retryCause(message)
  return (
    <span className="retry">{left > 0 ? `${cause} Reconnecting in ${left} s (${counter})…` : message}</span>
  )
}

/** A console tab: toolbar (find, disconnect, close), the terminal, and a status line. */
export function ConsolePane({ profileId, events, active, onStatus, onClose }: ConsolePaneProps) {
  const host = useRef<HTMLDivElement>(null)
  const controller = useRef<TerminalController | null>(null)
  const [status, setStatus] = useState<ConsoleStatus>({ state: 'connecting', message: 'Connecting…' })
  const [query, setQuery] = useState('')
  const [hostKey, setHostKey] = useState<{ question: HostKeyQuestion; answer(a: HostKeyAnswer): void }>()
  const [notice, setNotice] = useState<string>()
  const [signingOff, setSigningOff] = useState(false)
  const [pasting, setPasting] = useState<{ lines: string[]; answer(paste: boolean): void }>()
  const [matches, setMatches] = useState<{ index: number; count: number }>()
  const findBox = useRef<HTMLInputElement>(null)
  /** Bumped by Reconnect: a fresh terminal and session for the same profile. */
  const [attempt, setAttempt] = useState(0)
  const report = useRef(onStatus)
  useEffect(() => {
    report.current = onStatus
  }, [onStatus])

  useEffect(() => {
    if (!host.current) return
    const c = new TerminalController(host.current, {
      api: window.rackside,
      events,
      profileId,
      renderer: preferredRenderer(),
      onHostKey: (question) =>
        new Promise<HostKeyAnswer>((resolve) =>
          setHostKey({
            question,
            answer: (a) => {
              setHostKey(undefined)
              resolve(a)
            },
          }),
        ),
      onStatus: (s) => {
        setStatus(s)
        report.current(s)
      },
      onConfirmPaste: (lines) =>
        new Promise<boolean>((resolve) =>
          setPasting({
            lines,
            answer: (paste) => {
              setPasting(undefined)
              resolve(paste)
            },
          }),
        ),
      onNotice: setNotice,
    })
    controller.current = c
    const offResults = c.onFindResults(setMatches)
    void c.connect()
    c.focus()
    return () => {
      offResults()
      controller.current = null
      c.dispose()
    }
  }, [events, profileId, attempt])

  // Ctrl+Shift+F: to the find box of the console on screen (the terminal lets the keys through).
  useEffect(() => {
    if (!active) return
    const onKey = (e: KeyboardEvent) => {
      if (e.type !== 'keydown' || shortcutOf(e) !== 'find') return
      e.preventDefault()
      findBox.current?.focus()
      findBox.current?.select()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [active])

  useEffect(() => {
    const c = controller.current
    if (!active || !c) return
    c.refit()
    c.focus()
    exposeForTests(c.terminal)
  }, [active, attempt])

  const live = status.state === 'connecting' || status.state === 'connected'
  const find = (e: FormEvent) => {
    e.preventDefault()
    if (!controller.current?.find(query, 'next')) setMatches({ index: -1, count: 0 })
  }

  return (
    <div
      className="console-pane"
      hidden={!active}
      role="group"
      aria-label={`Session ${status.title ?? ''}`.trim()}
    >
      <div className="console-toolbar" role="toolbar" aria-label="Console tools">
        <form className="find" role="search" onSubmit={find}>
          <input
            ref={findBox}
            type="search"
            aria-label="Find in console"
            placeholder="Find in console (Ctrl+Shift+F)"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value)
              if (!e.target.value) {
                controller.current?.find('', 'next')
                setMatches(undefined)
              }
            }}
            onKeyDown={(e) => {
              // Shift+Enter finds backwards; Escape goes back to typing in the console.
              if (e.key === 'Enter' && e.shiftKey) {
                e.preventDefault()
                controller.current?.find(query, 'previous')
              } else if (e.key === 'Escape') {
                e.preventDefault()
                controller.current?.focus()
              }
            }}
          />
          <button type="submit">Find</button>
          {matches && query && (
            <span className="find-results" role="status" aria-label="Find results">
              {matches.count === 0
                ? 'No match'
                : matches.index < 0
                  ? `${matches.count} matches`
                  : `${matches.index + 1} of ${matches.count}`}
            </span>
          )}
        </form>
        {status.kind === 'serial' && live && (
          <SerialTools
            onSignal={async (signal) => {
              const reply = await controller.current!.signal(signal)
              setNotice(reply.message)
              return reply
            }}
            onPin={async (address) => setNotice(await controller.current!.pinHostKey(address))}
          />
        )}
        <span className="spacer" />
        {status.transcriptStopped && !status.transcript && (
          <span className="transcript-stopped" role="status" title={status.transcriptStopped}>
            No transcript
          </span>
        )}
        {status.transcript && (
          <button
            type="button"
            className={status.transcriptStopped ? 'transcript-stopped' : undefined}
            title={
              status.transcriptStopped
                ? `${status.transcriptStopped} What was recorded before: ${status.transcript}`
                : status.transcript
            }
            onClick={() =>
              void window.rackside.transcripts
                .open({})
                .then((r) =>
                  setNotice(
                    r.opened ? `Opened ${r.path}` : `This session's transcript: ${status.transcript}`,
                  ),
                )
                .catch((e: unknown) => setNotice(String(e)))
            }
          >
            {status.transcriptStopped ? 'Transcript stopped' : 'Transcript'}
          </button>
        )}
        {status.transcript && !status.transcriptStopped && live && (
          <button type="button" onClick={() => setSigningOff(true)}>
            Sign off…
          </button>
        )}
        {live ? (
          <button type="button" onClick={() => controller.current?.disconnect()}>
            Disconnect
          </button>
        ) : (
          <>
            <button type="button" className="primary" onClick={() => setAttempt((n) => n + 1)}>
              Reconnect
            </button>
            <button type="button" onClick={onClose}>
              Close
            </button>
          </>
        )}
      </div>
      <div
        className="terminal-host"
        role="region"
        aria-label="Console"
        ref={host}
        onClick={() => controller.current?.focus()}
      />
      {pasting && (
        <ConfirmDialog
          title={`Paste ${pasting.lines.length} lines?`}
          role="dialog"
          tone="primary"
          confirmLabel="Paste"
          keepLabel="Cancel"
          onConfirm={() => pasting.answer(true)}
          onKeep={() => pasting.answer(false)}
        >
          <p>Each line runs as a command when it reaches the appliance&apos;s prompt.</p>
          <pre className="paste-preview" aria-label="Lines to paste">
            {pasting.lines.join('\n')}
          </pre>
        </ConfirmDialog>
      )}
      {hostKey && <HostKeyDialog question={hostKey.question} onAnswer={hostKey.answer} />}
      {signingOff && (
        <SignOffDialog
          onSign={(who) => controller.current!.signOff(who)}
          onClose={() => setSigningOff(false)}
        />
      )}
      {notice && (
        <div className="console-notice" role="status" aria-label="Console notice">
          {notice}
          <button type="button" aria-label="Dismiss notice" onClick={() => setNotice(undefined)}>
            ×
          </button>
        </div>
      )}
      <div className={`status-line state-${status.state}`} role="status" aria-label="Connection status">
        <span className="dot" aria-hidden="true" />
        {status.retry ? <RetryCountdown retry={status.retry} message={status.message} /> : status.message}
        {status.retry && (
          <button type="button" className="status-action" onClick={() => controller.current?.disconnect()}>
            Cancel reconnect
          </button>
        )}
      </div>
    </div>
  )
}
