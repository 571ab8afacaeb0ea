import { contentLines } from './common'
import { ok, parseError, type ParseError, type Result } from '../result'

/** A partition as a 3.x/4.x `partition list` names it: serial and name, nothing about storage. */
export interface PartitionRef4x {
  serial: string
  name: string
}

const ROW = /^\s*Partition:\s*(\d+),\s*Name:\s*(\S(?:.*\S)?)\s*$/

/**
 * `partition list` on 3.x/4.x, as the HID guide prints it: `Partition: 902514001, Name: ade_partition.` The final
 * dot ends the sentence (`client show` names the same partition `"ade_partition"`), so it is not part of the name.
 */
export function parsePartitionList4x(text: string): Result<PartitionRef4x[], ParseError> {
  const body = contentLines(text)
  if (body.length === 1 && /^\s*There are no partitions\.\s*$/.test(body[0] ?? '')) return ok([])
  const rows: PartitionRef4x[] = []
  for (const line of body) {
    const m = ROW.exec(line)
    if (!m) return parseError('partition list (4.x): a line is not understood.', line)
    rows.push({ serial: m[1] ?? '', name: (m[2] ?? '').replace(/\.$/, '') })
  }
  if (rows.length === 0)
    return parseError('partition list (4.x): no partitions and no "There are no partitions."')
  return ok(rows)
}
