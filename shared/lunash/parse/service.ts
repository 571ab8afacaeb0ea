import { bodyLines, echoedCommand, errorLine } from './output-lines'
import { ok, parseError, type ParseError, type Result } from '../result'

/**
 * `service status <name>`: `   ntp is running` / `   syslog is not running`. When the command line was echoed,
 * only the line of the service asked about counts; otherwise two services' lines are ambiguous and refused.
 */
export function parseServiceStatus(text: string): Result<{ service: string; running: boolean }, ParseError> {
  const body = bodyLines(text)
  const asked = /^service\s+status\s+(\S+)/i.exec(echoedCommand(text) ?? '')?.[1]?.toLowerCase()
  const states = body
    .map((l) => /^\s*(\S+) is (not )?running\.?\s*$/.exec(l))
    .filter((m) => m !== null)
    .map((m) => ({ service: m[1] ?? '', running: m[2] === undefined }))
    .filter((s) => asked === undefined || s.service.toLowerCase() === asked)
  const first = states[0]
  if (!first)
    return parseError(
      `service status: no "${asked ?? '<service>'} is running" line was found.`,
      errorLine(body) ?? body[0],
    )
  if (states.some((s) => s.service !== first.service || s.running !== first.running))
    return parseError('service status: the output gives more than one answer.')
  return ok(first)
}

export interface ServiceStep {
  action: string
  ok: boolean
}

/**
 * `service restart ntls|ntp|snmp|syslog` (Red Hat init style, `Stopping snmpd: [FAILED]` / `Starting ntls: [ OK ]`):
 * every step that printed a status. Restarted means the last `Starting` step said OK.
 */
export function parseServiceRestart(
  text: string,
): Result<{ steps: ServiceStep[]; started: boolean }, ParseError> {
  const steps: ServiceStep[] = []
  const body = bodyLines(text)
  for (const line of body) {
    const m = /^\s*([A-Za-z].*?):?\s*\[\s*(OK|FAILED)\s*\]\s*$/.exec(line)
    if (m) steps.push({ action: m[1] ?? '', ok: m[2] === 'OK' })
  }
  const starting = steps.filter((s) => /^Starting/i.test(s.action)).at(-1)
  if (!starting)
    return parseError(
      'service restart: no "Starting ...: [ OK ]" line was found.',
      errorLine(body) ?? body[0],
    )
  return ok({ steps, started: starting.ok })
}
