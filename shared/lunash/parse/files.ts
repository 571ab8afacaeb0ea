import { bodyLines, errorLine } from './output-lines'
import { ok, parseError, type ParseError, type Result } from '../result'

export interface ApplianceFile {
  name: string
  bytes?: number
}

/**
 * `my file list`. UNVERIFIED: no public source shows the output. Reads `ls -l`-style rows (size before the date,
 * name last) and bare names, and `No files` / an empty output as an empty list, as the simulator prints them.
 * Anything else is refused: a line that is not a file could be one printed in a form never seen.
 */
export function parseMyFileList(
  text: string,
): Result<{ verified: false; files: ApplianceFile[] }, ParseError> {
  const files: ApplianceFile[] = []
  const body = bodyLines(text)
  const error = errorLine(body)
  if (error) return parseError('my file list: the appliance reported an error.', error)
  for (const line of body) {
    if (/^\s*(No files|There are no files)/i.test(line)) continue
    if (/^\s*[-=\s]+$/.test(line) || /^\s*(total|Size|Name)\b/i.test(line)) continue
    const ls = /^\s*[-d][rwx-]{9}\S*\s+\d+\s+\S+\s+\S+\s+(\d+)\s+\S+\s+\d+\s+\S+\s+(.+?)\s*$/.exec(line)
    if (ls) {
      files.push({ name: ls[2] ?? '', bytes: Number(ls[1]) })
      continue
    }
    const sized = /^\s*(\d+)\s+(?:\S+\s+\d+\s+\S+\s+)?(\S+)\s*$/.exec(line)
    if (sized) {
      files.push({ name: sized[2] ?? '', bytes: Number(sized[1]) })
      continue
    }
    const bare = /^\s*([\w.@+-]+)\s*$/.exec(line)
    if (bare) {
      files.push({ name: bare[1] ?? '' })
      continue
    }
    return parseError('my file list: a line is not understood.', line)
  }
  return ok({ verified: false, files })
}
