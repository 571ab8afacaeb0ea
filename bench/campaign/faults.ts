/**
 * The faults a campaign draws, one per run, and how each is staged: a simulator fault aimed at the step's command
 * (or its read-back), or something the "operator" leaves in the console before the step.
 */
import type { Faults } from '../../simulator/index'
import { CLIENT, PARTITION, type Procedure } from './procedures'
import type { Rng } from './rng'

export const FAULT_KINDS = [
  'link-drop-before',
  'link-drop-during',
  'link-drop-after',
  'output-stall',
  'garbage',
  'ansi-noise',
  'open-password-prompt',
  'open-proceed-prompt',
  'open-ped-wait',
  'typed-ahead',
  'wrong-result-code',
  'slow-line',
] as const
export type FaultKind = (typeof FAULT_KINDS)[number]

/** How a run is staged. */
export interface FaultPlan {
  kind: FaultKind
  /** In words, for the run log. */
  detail: string
  /** Set on the simulator just before the step (after the operator's own typing). */
  faults: Faults
  /**
   * What the operator types into the console before the step, and what the console shows once it took effect.
   * `submits` says whether those keystrokes themselves submit an SO or partition login (never in this campaign).
   */
  before?: { type: string; until: RegExp; submits: false }
  /** The PED answers this late while the operator's own PED wait is open. */
  holdPedMs?: number
  /** The step finds a precondition missing, so it fails on the appliance (whatever the result line says). */
  failing: boolean
}

/** The lines the step types: its command, and its read-back if it has one. */
export interface StepLines {
  command: string
  readBack?: string
}

/** Whether a fault can be staged for a procedure. */
export function fits(kind: FaultKind, p: Procedure): boolean {
  // The first login types no command of its own: only the line itself can be slow or drop.
  if (p.attend) return kind === 'slow-line' || kind === 'link-drop-before'
  if (kind === 'open-ped-wait') return p.ped === true
  return true
}

/** Each kind once per round, in an order drawn per round: every kind is drawn in any run of 12. */
export function faultSchedule(rng: Rng): () => FaultKind {
  let round: FaultKind[] = []
  return () => {
    if (round.length === 0) round = rng.shuffle(FAULT_KINDS)
    return round.shift() as FaultKind
  }
}

export function planFault(
  kind: FaultKind,
  p: Procedure,
  lines: StepLines,
  rng: Rng,
  options: { quick: boolean; failing: boolean },
): FaultPlan {
  const target = (): string =>
    lines.readBack !== undefined && rng.chance(0.35) ? lines.readBack : lines.command
  const ms = (low: number, high: number) => rng.int(low, options.quick ? Math.min(high, 1_200) : high)
  const { failing } = options
  switch (kind) {
    case 'link-drop-before':
      return p.attend
        ? // The next byte the appliance sends drops the line: the flow stops where it stands.
          { kind, detail: 'the line drops at the next byte', faults: { disconnectAfterBytes: 1 }, failing }
        : {
            kind,
            detail: `the line drops as "${lines.command}" is entered`,
            faults: { disconnectAtCommand: lines.command },
            failing,
          }
    case 'link-drop-during': {
      const afterChars = rng.int(0, 400)
      return {
        kind,
        detail: `the line drops after ${afterChars} characters of "${lines.command}"`,
        faults: { disconnectDuringCommand: { command: lines.command, afterChars } },
        failing,
      }
    }
    case 'link-drop-after':
      return lines.readBack !== undefined && rng.chance(0.5)
        ? {
            kind,
            detail: `the line drops as the read-back "${lines.readBack}" is entered`,
            faults: { disconnectAtCommand: lines.readBack },
            failing,
          }
        : {
            kind,
            detail: `the line drops after the result line of "${lines.command}"`,
            faults: { disconnectAfterCommand: lines.command },
            failing,
          }
    case 'output-stall': {
      const command = target()
      const afterChars = rng.int(0, 400)
      const stall = ms(300, 2_500)
      return {
        kind,
        detail: `"${command}" stalls ${stall} ms after ${afterChars} characters`,
        faults: { stallAtCommand: { command, afterChars, ms: stall } },
        failing,
      }
    }
    case 'garbage': {
      const command = target()
      return rng.chance(0.3)
        ? { kind, detail: `"${command}" prints line noise`, faults: { garbleCommand: command }, failing }
        : {
            kind,
            detail: `stray bytes in the output of "${command}"`,
            faults: { noiseAtCommand: { command, kind: 'garbage', seed: rng.int(1, 2 ** 31 - 1) } },
            failing,
          }
    }
    case 'ansi-noise': {
      const command = target()
      return {
        kind,
        detail: `escape sequences in the output of "${command}" and the prompt after it`,
        faults: { noiseAtCommand: { command, kind: 'ansi', seed: rng.int(1, 2 ** 31 - 1) } },
        failing,
      }
    }
    case 'wrong-result-code': {
      const command = lines.readBack !== undefined && rng.chance(0.3) ? lines.readBack : lines.command
      return {
        kind,
        detail: `"${command}" prints the opposite result${failing ? ' (and fails on the appliance)' : ''}`,
        faults: { wrongResultAtCommand: command },
        failing,
      }
    }
    case 'slow-line': {
      const rate = rng.pick([960, 1_920, 3_840])
      return {
        kind,
        detail: `the line carries ${rate} bytes a second (${rate * 10} baud)`,
        faults: { lineBytesPerSecond: rate },
        failing,
      }
    }
    case 'open-password-prompt': {
      const typed = rng.pick(['hsm login', `partition changePw -partition ${PARTITION}`])
      return {
        kind,
        detail: `the operator left "${typed}" at its password question`,
        faults: {},
        // hsm login on its last attempt asks proceed/quit first: a question is open either way.
        before: { type: `${typed}\r`, until: OPEN_QUESTION, submits: false },
        failing,
      }
    }
    case 'open-proceed-prompt': {
      const typed = rng.pick(['sysconf regenCert', `client delete -client ${CLIENT}`])
      return {
        kind,
        detail: `the operator left "${typed}" at its proceed/quit question`,
        faults: {},
        before: { type: `${typed}\r`, until: OPEN_QUESTION, submits: false },
        failing,
      }
    }
    case 'open-ped-wait':
      return {
        kind,
        detail: 'the operator left "hsm login" waiting for the PED',
        faults: {},
        before: { type: 'hsm login\r', until: /Luna PED operation required[^\n]*\n?$/i, submits: false },
        holdPedMs: 120_000,
        failing,
      }
    case 'typed-ahead': {
      const partial = rng.pick([
        'hsm sh',
        `partition delete -partition ${PARTITION}`,
        'network hostname typed-ahead',
        'proceed',
      ])
      // Half a line left on the prompt, or a whole command whose output is still arriving.
      return rng.chance(0.7)
        ? {
            kind,
            detail: `the operator left "${partial}" typed on the command line`,
            faults: {},
            before: {
              type: partial,
              until: new RegExp(`lunash:>\\s*${escape(partial)}\\s*$`),
              submits: false,
            },
            failing,
          }
        : {
            kind,
            detail: 'the operator pressed Enter on "hsm show" just before the step',
            faults: { latencyMs: 20 },
            before: { type: 'hsm show\r', until: /hsm show\s*\n/, submits: false },
            failing,
          }
    }
  }
}

/** A password question or a proceed/quit question, waiting at lunash's `>` input marker. */
const OPEN_QUESTION = /(?:password|'quit')[^\n]*(?:\n(?![^\n]*lunash:>)[^\n]*){1,3}>\s*$/i
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
