/**
 * Learns which appliance a console is talking to from its lunash prompt, `[hsm-rack-07] lunash:>`, so the
 * console's tab can carry the appliance's own name: two tabs to two racks are told apart by what the
 * appliances say they are, not by what a profile was once called.
 *
 * An appliance not yet given a hostname shows `[local_host]` (or `[localhost]`): that names nothing, so it is
 * reported as no name.
 */

/** Enough for a 63-character hostname, its brackets, the prompt and a colour escape or two. */
const tailLength = 160
const prompt = 'lunash:>'
// eslint-disable-next-line no-control-regex -- the name is printable text inside the brackets
const promptName = /\[([^[\]\x00-\x1f]{1,63})\] ?lunash:>/g
const unnamed = new Set(['local_host', 'localhost', 'localhost.localdomain'])

/** The appliance named in the last lunash prompt of `text`; null for an unconfigured one; undefined if none. */
export function applianceInPrompt(text: string): string | null | undefined {
  let name: string | undefined
  for (const match of text.matchAll(promptName)) name = match[1]!.trim()
  if (name === undefined) return undefined
  return name === '' || unnamed.has(name.toLowerCase()) ? null : name
}

/** A shell waiting for a command has its prompt last: of a large chunk (a flood), only the end is looked at. */
const endLength = 4096

/**
 * Watches a console's output as it streams and calls `changed` whenever the prompt names another appliance
 * (null: the prompt names none, e.g. after `sysconf config factoryReset`). Cheap on a flood: a chunk costs a
 * search of its last 4 KiB and of its seam with the one before (a prompt split across two chunks), whatever
 * its size.
 */
export function applianceNameWatcher(changed: (name: string | null) => void): (data: string) => void {
  let tail = ''
  let current: string | null | undefined
  return (data) => {
    let text = tail + data
    if (data.length > endLength) {
      const end = data.slice(-endLength)
      text = end.includes(prompt) ? end : tail + data.slice(0, tailLength)
    }
    tail = (tail + data.slice(-tailLength)).slice(-tailLength)
    const found = text.includes(prompt) ? applianceInPrompt(text) : undefined
    if (found === undefined || found === current) return
    current = found
    changed(found)
  }
}
