import type { Duplex, Writable } from 'node:stream'
import { ByteReader } from './byte-reader'
import { isReadOnly, isValidFileName, resolveHomePath, type HomeFiles } from './home-files'

/**
 * The legacy SCP protocol (rcp framing) that `scp -O` speaks over an exec channel: the appliance runs
 * `scp -f <file>` as a source (download) and `scp -t <target>` as a sink (upload).
 */

export interface ScpCommand {
  mode: 'source' | 'sink'
  path: string
  recursive: boolean
}

/** Parses `scp [-v] [-p] [-r] [-d] -f|-t [--] <path>`; undefined when it is not a remote scp invocation. */
export function parseScpCommand(command: string): ScpCommand | undefined {
  const words = command.trim().split(/\s+/)
  if (words[0] !== 'scp') return undefined
  let mode: ScpCommand['mode'] | undefined
  let recursive = false
  const paths: string[] = []
  let optionsDone = false
  for (const word of words.slice(1)) {
    if (!optionsDone && word === '--') optionsDone = true
    else if (!optionsDone && word.startsWith('-') && word.length > 1) {
      for (const flag of word.slice(1)) {
        if (flag === 'f') mode = 'source'
        else if (flag === 't') mode = 'sink'
        else if (flag === 'r') recursive = true
      }
    } else paths.push(word)
  }
  if (!mode) return undefined
  return { mode, path: paths.join(' ') || '.', recursive }
}

interface ScpChannel extends Duplex {
  stderr: Writable
}

const OK = Buffer.from([0])

function errorLine(message: string): Buffer {
  return Buffer.from(`\x01scp: ${message}\n`, 'utf8')
}

/** Serves `scp -f <path>`; resolves to the exit status. */
export async function runScpSource(channel: ScpChannel, files: HomeFiles, path: string): Promise<number> {
  const reader = new ByteReader(channel)
  if ((await reader.byte()) !== 0) return 1
  const verdict = resolveHomePath(path)
  if (!verdict.ok || 'home' in verdict) {
    const reason = verdict.ok ? 'not a regular file' : verdict.reason
    channel.write(errorLine(`${path}: ${reason}`))
    return 1
  }
  const data = files.read(verdict.name)
  if (!data) {
    channel.write(errorLine(`${path}: No such file or directory`))
    return 1
  }
  channel.write(`C0644 ${data.length} ${verdict.name}\n`)
  if ((await reader.byte()) !== 0) return 1
  channel.write(data)
  channel.write(OK)
  return (await reader.byte()) === 0 ? 0 : 1
}

/** Serves `scp -t <target>`; resolves to the exit status. */
export async function runScpSink(channel: ScpChannel, files: HomeFiles, target: string): Promise<number> {
  const reader = new ByteReader(channel)
  const targetVerdict = resolveHomePath(target)
  let status = 0
  channel.write(OK)
  for (;;) {
    const first = await reader.byte()
    if (first === undefined) return status
    if (first === 1 || first === 2) {
      // The client reports its own error (e.g. a local file it cannot read) and goes on.
      await reader.line()
      status = 1
      continue
    }
    const rest = await reader.line()
    if (rest === undefined) return 1
    const kind = String.fromCharCode(first)
    if (kind === 'T') {
      channel.write(OK)
      continue
    }
    if (kind === 'D' || kind === 'E') {
      channel.write(errorLine(`${target}: subfolders are not supported on the appliance`))
      return 1
    }
    const match = kind === 'C' ? /^(\d{4}) (\d+) (.+)$/.exec(rest) : null
    if (!match) {
      channel.write(errorLine('protocol error: expected control record'))
      return 1
    }
    const size = Number(match[2])
    const sentName = match[3] as string
    let name: string | undefined
    let refusal: string | undefined
    if (!targetVerdict.ok) refusal = `${target}: ${targetVerdict.reason}`
    else name = 'home' in targetVerdict ? sentName : targetVerdict.name
    if (name !== undefined && !isValidFileName(name)) refusal = `${name}: Permission denied`
    else if (name !== undefined && isReadOnly(name)) refusal = `${name}: Permission denied`
    if (refusal !== undefined || name === undefined) {
      // After an error reply the client skips this file's data and goes on to the next record.
      channel.write(errorLine(refusal ?? `${target}: Permission denied`))
      status = 1
      continue
    }
    channel.write(OK)
    const data = await reader.bytes(size)
    const end = await reader.byte()
    if (!data || end !== 0) return 1
    files.write(name, Buffer.from(data))
    channel.write(OK)
  }
}
