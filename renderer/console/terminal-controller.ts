/**
 * One console: an xterm.js terminal bound to one session. Opens the session at the terminal's real size,
 * writes output and acknowledges it once xterm has processed it (the host pauses the source meanwhile),
 * sends keystrokes and pastes, follows the container's size, and reports the session's state.
 */
import type { Terminal } from '@xterm/xterm'
import type { FitAddon } from '@xterm/addon-fit'
import type { SearchAddon } from '@xterm/addon-search'
import type { Params, RacksideApi, Result, Settings } from '../../shared/api'
import { hasErrorCode } from '../../shared/errors'
import type { SessionEvents } from '../sessions/session-events'
import { attachClipboardHabits } from './clipboard-habits'
import { consoleSettings, onConsoleSettingsChange } from './console-settings'
import { retryCause, type ConsoleStatus, type HostKeyAnswer, type HostKeyQuestion } from './console-status'
import { inputSender, outputWriter } from './session-io'
import { consoleKeyHandler } from './terminal-keys'
import { findInTerminal, onFindResults } from './terminal-find'
import type { WriteCoalescer } from './write-coalescer'
import { applyXtermSettings, fitToContainer, followContainerSize, openXterm } from './xterm-setup'

export type { ConsoleStatus, HostKeyAnswer, HostKeyQuestion } from './console-status'
export { retryCause } from './console-status'

export interface TerminalControllerOptions {
  api: RacksideApi
  events: SessionEvents
  profileId: string
  onStatus(status: ConsoleStatus): void
  /** First contact with an SSH server: ask the operator whether to trust its key. */
  onHostKey?(question: HostKeyQuestion): Promise<HostKeyAnswer>
  /** 'dom' keeps the text in DOM rows (.xterm-rows), as automated tests read it. */
  renderer: 'webgl' | 'dom'
  /** A paste of several lines: show them and resolve true to send them. */
  onConfirmPaste?(lines: string[]): Promise<boolean>
  /** Something the operator should know about the console itself (the clipboard could not be read). */
  onNotice?(message: string): void
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error))

export class TerminalController {
  readonly terminal: Terminal
  private readonly fit: FitAddon
  private readonly search: SearchAddon
  private readonly disposers: (() => void)[] = []
  private sessionId: string | undefined
  private ended = false
  private disposed = false
  /** The session id once the open succeeded (undefined if it failed): typing while connecting waits for it. */
  private readonly opened: Promise<string | undefined>
  private settleOpened: (id: string | undefined) => void = () => undefined
  /** Keystrokes and pastes, in order, in pieces the contract accepts; typed-ahead input waits for the session. */
  private readonly send: (data: string) => void

  constructor(
    private readonly container: HTMLElement,
    private readonly options: TerminalControllerOptions,
  ) {
    this.opened = new Promise((resolve) => (this.settleOpened = resolve))
    this.send = inputSender({
      opened: this.opened,
      ended: () => this.ended,
      write: (sessionId, data) => this.options.api.sessions.write({ sessionId, data }),
    })
    const { terminal: term, fit, search } = openXterm(container, consoleSettings(), options.renderer)
    this.terminal = term
    this.fit = fit
    this.search = search
    this.writer = outputWriter(term, (chars) => {
      if (this.sessionId && !this.disposed)
        this.options.api.sessions.ack({ sessionId: this.sessionId, chars }).catch(() => undefined)
    })

    term.attachCustomKeyEventHandler(consoleKeyHandler(term))
    const onData = term.onData((data) => this.send(data))
    const onResize = term.onResize(({ cols, rows }) => {
      if (this.sessionId && !this.ended)
        this.options.api.sessions.resize({ sessionId: this.sessionId, cols, rows }).catch(() => undefined)
    })
    this.disposers.push(
      () => onData.dispose(),
      () => onResize.dispose(),
      // A change in the console settings reaches this terminal at once, not only the next one opened.
      onConsoleSettingsChange((changed) => this.applySettings(changed)),
      attachClipboardHabits(term, container, {
        settings: consoleSettings,
        ...(options.onConfirmPaste ? { confirmPaste: options.onConfirmPaste } : {}),
        ...(options.onNotice ? { notify: options.onNotice } : {}),
      }),
      followContainerSize(container, () => this.fitNow()),
    )
    this.fitNow()
  }

  /** Opens the session at the terminal's current size. */
  async connect(): Promise<void> {
    const { api, events } = this.options
    this.report({ state: 'connecting', message: 'Connecting…' })
    try {
      const opened = await this.open()
      if (!opened) return
      const { sessionId, title, kind, transcript } = opened
      if (this.disposed) {
        this.settleOpened(undefined)
        void api.sessions.close({ sessionId }).catch(() => undefined)
        return
      }
      this.sessionId = sessionId
      this.settleOpened(sessionId)
      this.info = { title, ...(kind ? { kind } : {}), ...(transcript ? { transcript } : {}) }
      this.report({ state: 'connecting', message: `Logging in to ${title}…`, ...this.info })
      this.disposers.push(
        events.attach(sessionId, (event) => {
          if (event.kind === 'data') this.writer.push(event.data, event.chars)
          else if (event.kind === 'transcript') this.transcriptStopped(event.stopped)
          else if (event.kind === 'appliance') this.applianceNamed(event.name)
          else if (event.kind === 'software') this.softwareKnown(event.software)
          else {
            const { state, message, retry } = event.status
            if (state === 'closed' || state === 'failed') this.end(state, message ?? 'Disconnected.')
            else this.progress(state, message ?? state, retry)
          }
        }),
      )
    } catch (error) {
      this.settleOpened(undefined)
      this.end('failed', describe(error))
    }
  }

  private info: Pick<
    ConsoleStatus,
    'title' | 'kind' | 'transcript' | 'transcriptStopped' | 'appliance' | 'software'
  > = {}
  private last: ConsoleStatus = { state: 'connecting', message: 'Connecting…' }

  private report(status: ConsoleStatus): void {
    this.last = status
    this.options.onStatus(status)
  }

  /** Said in the scrollback, where the record ends, and kept in the status (the Transcript button says so). */
  private transcriptStopped(why: string): void {
    this.info = { ...this.info, transcriptStopped: why }
    this.writer.pushLocal(`\r\n\x1b[33m[${why}]\x1b[0m\r\n`)
    this.report({ ...this.last, ...this.info })
  }

  /** The appliance printed its software version (or the profile pins the era): the tab names the era. */
  private softwareKnown(software: NonNullable<ConsoleStatus['software']>): void {
    this.info = { ...this.info, software }
    this.report({ ...this.last, ...this.info })
  }

  /** The prompt named the appliance (or, null, stopped naming one): the tab is titled by it. */
  private applianceNamed(name: string | null): void {
    const { appliance: _named, ...info } = this.info
    this.info = name === null ? info : { ...info, appliance: name }
    const { appliance: _shown, ...last } = this.last
    this.report({ ...last, ...this.info })
  }

  /** Opens the session; on first contact with an unknown SSH key, asks the operator and tries again. */
  private async open() {
    const { api, profileId } = this.options
    const size = () => ({
      profileId,
      cols: Math.max(2, this.terminal.cols),
      rows: Math.max(1, this.terminal.rows),
    })
    try {
      return await api.sessions.open(size())
    } catch (error) {
      if (!hasErrorCode(error, 'host-key-unknown') || !this.options.onHostKey) throw error
      const scan = await api.hostKeys.scan({ profileId })
      if (scan.status === 'changed') throw error
      if (scan.status === 'unknown') {
        const answer = await this.options.onHostKey(scan)
        if (answer === 'cancel' || this.disposed) {
          this.settleOpened(undefined)
          this.end('closed', `Not connected: the host key ${scan.fingerprint} was not accepted.`)
          return undefined
        }
        await api.hostKeys.accept({
          profileId,
          fingerprint: scan.fingerprint,
          remember: answer === 'remember',
        })
      }
      return await api.sessions.open(size())
    }
  }

  /** BREAK or a modem line on a serial console. */
  async signal(
    signal: 'break' | 'dtr-on' | 'dtr-off' | 'rts-on' | 'rts-off',
  ): Promise<{ applied: boolean; message: string }> {
    if (!this.sessionId || this.ended) return { applied: false, message: 'The session is not open.' }
    try {
      return await this.options.api.sessions.signal({ sessionId: this.sessionId, signal })
    } catch (error) {
      return { applied: false, message: describe(error) }
    }
  }

  /** Runs `sysconf fingerprint ssh` in this serial console and remembers the key for the appliance. */
  async pinHostKey(address?: string): Promise<string> {
    if (!this.sessionId || this.ended) return 'The session is not open.'
    try {
      const r = await this.options.api.sessions.pinHostKey({
        sessionId: this.sessionId,
        ...(address ? { address } : {}),
      })
      return `Pinned ${r.fingerprint} for ${r.host}:${r.port}: the first SSH connection will be checked against it.`
    } catch (error) {
      return describe(error)
    }
  }

  /** Signs off this console's record (operator, witness, deviations): the seal that closes the sign-off. */
  async signOff(who: Omit<Params<'sessions.signOff'>, 'sessionId'>): Promise<Result<'sessions.signOff'>> {
    if (!this.sessionId || this.ended) throw new Error('The session is not open.')
    return this.options.api.sessions.signOff({ sessionId: this.sessionId, ...who })
  }

  /** Font, colours, scrollback and screen-reader mode, as the settings now say; the terminal re-fits. */
  applySettings(settings: Settings): void {
    if (this.disposed) return
    applyXtermSettings(this.terminal, this.container, settings)
    this.fitNow()
  }

  /** Ends the session from this side (while the host is reconnecting: stops that). */
  disconnect(): void {
    if (this.sessionId && !this.ended)
      void this.options.api.sessions.close({ sessionId: this.sessionId }).catch(() => undefined)
  }

  focus(): void {
    this.terminal.focus()
  }

  /** Selects the next (or previous) match and highlights every other one. */
  find(text: string, direction: 'next' | 'previous'): boolean {
    return findInTerminal(this.search, text, direction)
  }

  /** "3 of 12" as the find box says it: called whenever the matches change. */
  onFindResults(listener: (results: { index: number; count: number }) => void): () => void {
    return onFindResults(this.search, listener)
  }

  /** Re-fits after the console became visible again. */
  refit(): void {
    this.fitNow()
  }

  dispose(): void {
    this.disposed = true
    this.settleOpened(undefined)
    this.disconnect()
    for (const dispose of this.disposers.splice(0)) dispose()
    this.terminal.dispose()
  }

  /** Output into xterm.js, acknowledged to the host once parsed (flow control). */
  private readonly writer: WriteCoalescer

  /** The host is reconnecting this console since the link dropped (set by the first retry status). */
  private reconnecting = false

  /** A status on the way (connecting, connected), including the host's reconnection after a dropped link. */
  private progress(
    state: 'connecting' | 'connected',
    message: string,
    retry: { attempt: number; attempts: number; inMs: number } | undefined,
  ): void {
    if (retry && retry.inMs > 0 && !this.reconnecting) {
      // Mark in the scrollback where the link went down.
      this.reconnecting = true
      this.writer.pushLocal(`\r\n\x1b[33m[${retryCause(message)} Reconnecting…]\x1b[0m\r\n`)
    }
    if (state === 'connected' && this.reconnecting) {
      this.reconnecting = false
      this.writer.pushLocal(`\x1b[32m[Reconnected.]\x1b[0m\r\n`)
    }
    this.report({
      state,
      message,
      ...this.info,
      ...(retry
        ? {
            retry: {
              attempt: retry.attempt,
              attempts: retry.attempts,
              startsAt: Date.now() + retry.inMs,
            },
          }
        : {}),
    })
  }

  private end(state: 'closed' | 'failed', message: string): void {
    if (this.ended) return
    this.ended = true
    const colour = state === 'failed' ? '31' : '33'
    this.writer.pushLocal(`\r\n\x1b[${colour}m[${message}]\x1b[0m\r\n`)
    this.report({ state, message, ...this.info })
  }

  private fitNow(): void {
    if (!this.disposed) fitToContainer(this.fit, this.container)
  }
}
