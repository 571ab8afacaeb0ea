/**
 * A console with its transcript (transcript.ts) in between the session and the screen. Every console the host
 * opens goes through here, so they all keep their record the same way:
 *   - output reaches the screen first and the record after, so a flood is not held up by the disk;
 *   - what the operator types teaches the record which answers are secrets;
 *   - a status message (connected, the link dropped…) is noted in the record;
 *   - a record that cannot be opened or written does not take the console with it: the operator is told why
 *     (`SessionSink.transcriptStopped`) and the console goes on without it.
 */
import type { ConsoleSession, SessionSignal, SessionSink } from './session'
import { fileFailure, openTranscript, type Transcript } from './transcript'

export interface RecordOptions {
  /** The transcripts folder. */
  dir: string
  title: string
  /** An earlier transcript of the same console, to go on in (the host reconnecting it). */
  continues?: string
}

export async function withTranscript(
  record: RecordOptions,
  sink: SessionSink,
  open: (sink: SessionSink) => Promise<ConsoleSession>,
): Promise<{ session: ConsoleSession; transcript?: string }> {
  let transcript: Transcript | undefined
  try {
    transcript = openTranscript({
      dir: record.dir,
      title: record.title,
      ...(record.continues !== undefined ? { continues: record.continues } : {}),
      onFailure: (reason) =>
        sink.transcriptStopped?.(
          `The transcript stopped: ${reason}. The console goes on; nothing after this point is recorded.`,
        ),
    })
  } catch (error) {
    sink.transcriptStopped?.(
      `No transcript for this console: ${fileFailure(error)} (${record.dir}). The console works; nothing of it is recorded.`,
    )
  }

  const logged: SessionSink = {
    data(text) {
      sink.data(text)
      transcript?.output(text)
    },
    status(state, message, end) {
      if (message) transcript?.note(message)
      if (state === 'closed' || state === 'failed') transcript?.close()
      if (end) sink.status(state, message, end)
      else sink.status(state, message)
    },
  }
  let session: ConsoleSession
  try {
    session = await open(logged)
  } catch (error) {
    transcript?.note(`Not connected: ${(error as Error).message}`)
    transcript?.close()
    throw error
  }
  const inner = session
  const wrapped: ConsoleSession = {
    get title() {
      return inner.title
    },
    ...(inner.kind ? { kind: inner.kind } : {}),
    write(data) {
      transcript?.input(data)
      inner.write(data)
    },
    // A secret answer the runner types is registered by the caller; the record need not learn it.
    writeSecret: (data) => (inner.writeSecret ? inner.writeSecret(data) : inner.write(data)),
    resize: (c, r) => inner.resize(c, r),
    ack: (n) => inner.ack(n),
    close: () => inner.close(),
    ...(inner.signal ? { signal: (s: SessionSignal) => inner.signal!(s) } : {}),
    ...(inner.tap ? { tap: (l: (t: string) => void) => inner.tap!(l) } : {}),
    note: (text) => transcript?.note(text),
  }
  return { session: wrapped, ...(transcript ? { transcript: transcript.path } : {}) }
}
