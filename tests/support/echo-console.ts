/**
 * A console behind the transcript stage the host puts in front of every console (electron/sessions/transcribed.ts),
 * whose far end plays an appliance's line editor at a terminal `width` columns wide: it prints prompts and
 * questions, and echoes what the operator types (in clear, as `*`, or not at all), breaking the echo at the
 * terminal's edge the way terminals do (`wrap`: nothing, CR LF, ` \r` or `\r` at the wrap column).
 * Output waits in an outbox until the test delivers it, cut where the test says: a terminal's output arrives in
 * chunks that fall anywhere.
 */
import { readFileSync } from 'node:fs'
import type { ConsoleSession, SessionSink } from '../../electron/sessions/session'
import { withTranscript } from '../../electron/sessions/transcribed'

export type Wrap = 'autowrap' | 'crlf' | 'space-cr' | 'cr'
export type Echo = 'clear' | 'mask' | 'none'

const artifact: Record<Wrap, string> = { autowrap: '', crlf: '\r\n', 'space-cr': ' \r', cr: '\r' }

export interface EchoConsole {
  /** The appliance prints `text` (it reaches the transcript when delivered). */
  print(text: string): void
  /**
   * The operator types `keys` (bracketed-paste markers and all); the appliance echoes the characters it takes,
   * `echo` says how. Enter ends the line (echoed as CR LF).
   */
  type(keys: string, echo: Echo): void
  /** Delivers what the outbox holds, cut at the given offsets (any numbers; taken modulo the length). */
  deliver(cuts?: readonly number[]): void
  close(): void
  /** The transcript file as written. */
  readonly file: string
  /** Each recorded line's text (after its time stamp), header and seals left out. */
  lines(): string[]
}

export async function echoConsole(options: { dir: string; width: number; wrap: Wrap }): Promise<EchoConsole> {
  let sink: SessionSink | undefined
  let outbox = ''
  /** An escape sequence the operator's last write cut. */
  let pendingKeys = ''
  /** The cursor's column on the terminal. */
  let column = 0

  const track = (text: string): void => {
    for (const ch of text) {
      if (ch === '\r' || ch === '\n') column = 0
      else if (ch >= ' ') column = (column + 1) % options.width
    }
  }
  const echoChar = (ch: string): void => {
    outbox += ch
    column++
    if (column === options.width) {
      outbox += artifact[options.wrap]
      column = 0
    }
  }

  const { session, transcript } = await withTranscript(
    { dir: options.dir, title: 'Rack 7' },
    { data: () => undefined, status: () => undefined },
    async (s): Promise<ConsoleSession> => {
      sink = s
      return {
        title: 'Rack 7',
        write: () => undefined,
        resize: () => undefined,
        ack: () => undefined,
        close: () => s.status('closed', 'Closed.'),
      }
    },
  )
  if (!transcript) throw new Error('no transcript was opened')

  function deliver(cuts: readonly number[] = []): void {
    if (!outbox) return
    const at = [...new Set(cuts.map((c) => Math.abs(c) % outbox.length))]
      .filter((c) => c > 0)
      .sort((a, b) => a - b)
    let from = 0
    for (const to of [...at, outbox.length]) {
      sink!.data(outbox.slice(from, to))
      from = to
    }
    outbox = ''
  }

  return {
    file: transcript,
    print(text) {
      outbox += text
      track(text)
    },
    type(keys, echo) {
      session.write(keys)
      // The line editor takes printable characters; escape sequences (paste markers) are not echoed, also when
      // one is cut between two writes.
      let text = pendingKeys + keys
      // eslint-disable-next-line no-control-regex
      const cutSequence = /\x1b(?:\[[0-9;]*)?$/.exec(text)
      pendingKeys = cutSequence ? cutSequence[0] : ''
      if (cutSequence) text = text.slice(0, cutSequence.index)
      // eslint-disable-next-line no-control-regex
      for (const ch of text.replace(/\x1b\[[0-9;]*[@-~]/g, '')) {
        if (ch === '\r') {
          outbox += '\r\n'
          column = 0
        } else if (ch >= ' ' && echo !== 'none') echoChar(echo === 'mask' ? '*' : ch)
      }
    },
    deliver,
    close() {
      deliver()
      session.close()
    },
    lines() {
      return readFileSync(transcript, 'utf8')
        .split('\n')
        .filter((l) => l && !l.startsWith('#'))
        .map((l) => l.replace(/^\S+ {2}/, ''))
    },
  }
}
