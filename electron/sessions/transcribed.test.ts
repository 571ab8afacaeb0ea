/**
 * A console and its transcript: when the record cannot be written, the console goes on and the operator is told.
 * The failures are real file-system ones: a named pipe whose reader goes away (the write fails mid-session,
 * EPIPE), /dev/full (ENOSPC) and a file standing where the transcripts folder should be.
 */
import { execFileSync } from 'node:child_process'
import {
  closeSync,
  constants,
  mkdtempSync,
  openSync,
  readSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { recorder } from '../../tests/support/session-recorder'
import type { ConsoleSession, SessionSink } from './session'
import { withTranscript } from './transcribed'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rackside-transcribed-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** The transport end of a console: `print` is the appliance's output, `typed` what reached it. */
function applianceConsole(): {
  open(sink: SessionSink): Promise<ConsoleSession>
  print(text: string): void
  typed: string[]
} {
  let out: SessionSink | undefined
  const typed: string[] = []
  return {
    typed,
    print: (text) => out!.data(text),
    async open(sink) {
      out = sink
      return {
        title: 'Rack 7',
        write: (data) => void typed.push(data),
        resize: () => undefined,
        ack: () => undefined,
        close: () => sink.status('closed', 'Closed.'),
      }
    },
  }
}

/** The operator's screen, plus what the console said about its transcript. */
function screen() {
  const seen = recorder()
  const stopped: string[] = []
  return { seen, stopped, sink: { ...seen.sink, transcriptStopped: (why: string) => void stopped.push(why) } }
}

function readAvailable(fd: number): string {
  const buffer = Buffer.alloc(64 * 1024)
  try {
    return buffer.subarray(0, readSync(fd, buffer)).toString('utf8')
  } catch {
    return '' // nothing waiting (EAGAIN)
  }
}

describe('a console whose transcript fails', () => {
  it('goes on when the record stops mid-session: the screen gets everything, the operator is told once, the record keeps what came before', async () => {
    const pipe = join(dir, 'rack-7.log')
    execFileSync('mkfifo', [pipe])
    const reader = openSync(pipe, constants.O_RDONLY | constants.O_NONBLOCK)
    const { seen, stopped, sink } = screen()
    const appliance = applianceConsole()
    const { session, transcript } = await withTranscript(
      { dir, title: 'Rack 7', continues: pipe },
      sink,
      (s) => appliance.open(s),
    )
    expect(transcript).toBe(pipe)

    appliance.print('lunash:>hsm show\r\nSerial Number: 1234\r\n')
    const before = readAvailable(reader)
    expect(before).toMatch(
      /A new connection of the same console: Rack 7\n.*lunash:>hsm show\n.*Serial Number: 1234\n$/s,
    )
    expect(stopped).toEqual([])

    closeSync(reader) // the record's far end goes: the next write fails
    appliance.print('Firmware: 7.8.4\r\n')
    appliance.print('lunash:>')
    session.write('exit\r')
    session.close()

    expect(seen.text).toBe('lunash:>hsm show\r\nSerial Number: 1234\r\nFirmware: 7.8.4\r\nlunash:>')
    expect(appliance.typed).toEqual(['exit\r'])
    expect(seen.states).toEqual([{ state: 'closed', message: 'Closed.' }])
    expect(stopped).toEqual([
      expect.stringMatching(
        /^The transcript stopped: EPIPE: broken pipe, write\. The console goes on; nothing after this point is recorded\.$/,
      ),
    ])
  })

  it('names a full disk as such', async () => {
    symlinkSync('/dev/full', join(dir, 'full.log'))
    const { seen, stopped, sink } = screen()
    const appliance = applianceConsole()
    const { transcript } = await withTranscript(
      { dir, title: 'Rack 7', continues: join(dir, 'full.log') },
      sink,
      (s) => appliance.open(s),
    )
    appliance.print('lunash:>')
    expect(transcript).toBe(join(dir, 'full.log'))
    expect(seen.text).toBe('lunash:>')
    expect(stopped).toEqual([
      'The transcript stopped: the disk is full. The console goes on; nothing after this point is recorded.',
    ])
  })

  it('opens the console without a record when the transcripts folder cannot be made, and says why', async () => {
    const folder = join(dir, 'transcripts')
    writeFileSync(folder, 'not a folder')
    const { seen, stopped, sink } = screen()
    const appliance = applianceConsole()
    const opened = await withTranscript({ dir: folder, title: 'Rack 7' }, sink, (s) => appliance.open(s))
    appliance.print('lunash:>')
    opened.session.write('hsm show\r')

    expect(opened.transcript).toBeUndefined()
    expect(seen.text).toBe('lunash:>')
    expect(appliance.typed).toEqual(['hsm show\r'])
    expect(stopped).toEqual([
      `No transcript for this console: a file stands where the folder should be (${folder}). The console works; nothing of it is recorded.`,
    ])
    expect(readdirSync(dir)).toEqual(['transcripts'])
  })
})
