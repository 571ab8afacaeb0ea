/**
 * Which era an appliance speaks, and each row as that era runs it. The era comes from the software version the
 * appliance prints (login banner, `hsm show`'s `Software Version`), or from a profile that pins it.
 */
import { type AnyCommand, type Era, type PromptSpec, type ReadBack } from './spec'

/** `3.3.0-5`, `5.1.0-24`, `6.2.2-5`, `7.0`, `7.8.5-20`. */
const VERSION = String.raw`\d{1,2}\.\d{1,2}(?:\.\d{1,3})?(?:-\d{1,4})?`

/**
 * Where appliances print their software version, most specific first (reference §1.3, S4, the HID guide):
 * `Luna Network HSM Command Line Shell v7.8.5-20.`, `Luna SA 5.1.0-24 Command Line Shell - …`,
 * `Luna SA 5.1.0-24 [Build Time: 20111223 11:55]` (serial, before login), `Software Version:   3.3.0-5`.
 */
const VERSION_LINES: readonly RegExp[] = [
  new RegExp(String.raw`Command Line Shell\s+v(${VERSION})`),
  new RegExp(String.raw`(?:Luna|SafeNet)[A-Za-z ]*?\s(${VERSION})\s+(?:Command Line Shell|\[Build Time)`),
  new RegExp(String.raw`^[ \t]*Software Version:[ \t]*(${VERSION})[ \t]*$`, 'm'),
]

/** The last software version the text shows (a later banner or `hsm show` wins), or undefined. */
export function softwareVersionIn(text: string): string | undefined {
  let found: { at: number; version: string } | undefined
  for (const pattern of VERSION_LINES) {
    const global = new RegExp(
      pattern.source,
      pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
    )
    for (const m of text.matchAll(global)) {
      const at = m.index ?? 0
      if (!found || at > found.at) found = { at, version: m[1] ?? '' }
    }
  }
  return found?.version
}

/**
 * The era of a software version: 3.x and 4.x speak the HID guide's syntax (era 4); 5, 6 and 7 are their own.
 * Anything else (a 2.x appliance, a version no appliance has had) is unknown, never guessed.
 */
export function eraOfVersion(version: string): Era | undefined {
  const major = Number(/^(\d{1,2})\./.exec(version.trim())?.[1])
  if (major === 3 || major === 4) return 4
  if (major === 5 || major === 6 || major === 7) return major
  return undefined
}

/** `6.2` for `6.2.2-5`: how a tab names the version. */
export function shortVersion(version: string): string {
  return /^(\d{1,2}\.\d{1,2})/.exec(version)?.[1] ?? version
}

/** True when the row (or its read-back) is not the same line and prompts in every era. */
export function differsByEra(spec: AnyCommand): boolean {
  if (spec.eras !== undefined || spec.syntax !== undefined) return true
  return spec.readBack !== undefined && differsByEra(spec.readBack.command)
}

const resolved = new WeakMap<AnyCommand, Map<Era, AnyCommand | undefined>>()

/**
 * The row as an appliance of `era` runs it: the same id, that era's line, prompts, parser and read-back.
 * Undefined when the era has no such command. Rows the era does not change come back as they are.
 */
export function forEra(spec: AnyCommand, era: Era): AnyCommand | undefined {
  let cache = resolved.get(spec)
  if (!cache) resolved.set(spec, (cache = new Map()))
  if (cache.has(era)) return cache.get(era)
  const row = resolve(spec, era)
  cache.set(era, row)
  return row
}

function resolve(spec: AnyCommand, era: Era): AnyCommand | undefined {
  if (spec.eras && !spec.eras.includes(era)) return undefined
  const own = spec.syntax?.[era]
  const readBackOf = own?.readBack === null ? undefined : (own?.readBack ?? spec.readBack)
  let readBack: ReadBack<unknown> | undefined = readBackOf
  if (readBackOf) {
    const command = forEra(readBackOf.command, era)
    readBack = command === undefined ? undefined : { ...readBackOf, command }
  }
  if (!own && readBack?.command === spec.readBack?.command) return spec
  const row: AnyCommand = { ...spec }
  if (own?.text) row.text = own.text
  if (own?.validate) row.validate = own.validate
  if (own?.prompts) row.prompts = own.prompts
  if (own?.parse) row.parse = own.parse
  if (own?.unverified) row.unverified = true
  if (readBack) row.readBack = readBack
  else delete row.readBack
  return row
}

/**
 * The row for these fields. `promptsFor` picks the questions these fields answer. Where `destructiveFor` says the
 * fields make the row harmless (a policy the table calls not destructive), the row is not destructive and its
 * confirmations are plain, except the guards: they match only when the appliance itself calls the question
 * destructive, and stay destructive.
 */
export function forFields(spec: AnyCommand, fields: Record<string, unknown>): AnyCommand {
  if (!spec.destructiveFor && !spec.promptsFor) return spec
  const row: AnyCommand = { ...spec }
  if (spec.promptsFor) row.prompts = spec.promptsFor(fields)
  if (spec.destructiveFor) {
    let destructive: boolean
    try {
      destructive = spec.destructiveFor(fields)
    } catch {
      destructive = true
    }
    if (!destructive) {
      row.destructive = false
      row.prompts = row.prompts.map(
        (p): PromptSpec<unknown> => (p.kind === 'confirm' && !p.guard ? { ...p, destructive: false } : p),
      )
    }
  }
  return row
}

/** The row as this appliance runs it with these fields: `forEra` (when the era is known), then `forFields`. */
export function rowFor(
  spec: AnyCommand,
  era: Era | undefined,
  fields: Record<string, unknown>,
): AnyCommand | undefined {
  const row = era === undefined ? spec : forEra(spec, era)
  return row === undefined ? undefined : forFields(row, fields)
}
