import { contentLines } from './common'
import { ok, parseError, type ParseError, type Result } from '../result'

/** `service status <name>`: `   ntp is running` / `   syslog is not running`. */
export function parseServiceStatus(text: string): Result<{ service: string; running: boolean }, ParseError> {
  const body = contentLines(text)
  for (const line of body) {
    const m = /^\s*(\S+) is (not )?running\.?\s*$/.exec(line)
    if (m) return ok({ service: m[1] ?? '', running: m[2] === undefined })
  }
  return parseError('service status: no "<service> is running" line was found.', body[0])
}

export interface ServiceStep {
  action: string
  ok: boolean
}

/**
 * `service restart ntls|ntp` (Red Hat init style, `Stopping ntls: [  OK  ]` / `Starting ntls: [ OK ]`):
 * every step that printed a status. Restarted means the last `Starting` step said OK.
 */
export function parseServiceRestart(
  text: string,
): Result<{ steps: ServiceStep[]; started: boolean }, ParseError> {
  const steps: ServiceStep[] = []
  for (const line of contentLines(text)) {
    const m = /^\s*(.+?):?\s*\[\s*(OK|FAILED)\s*\]\s*$/.exec(line)
    if (m) steps.push({ action: m[1] ?? '', ok: m[2] === 'OK' })
  }
  const starting = steps.filter((s) => /^Starting/i.test(s.action)).at(-1)
  if (!starting) return parseError('service restart: no "Starting ...: [ OK ]" line was found.')
  return ok({ steps, started: starting.ok })
}
