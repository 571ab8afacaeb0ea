/** What a step leaves behind: its result as it crosses the contract, and its line in the console's transcript. */
import type { RunnerResult } from '../../../shared/api'
import type { StepResult } from '../runner'

/**
 * The line a guided step leaves in the console's transcript, so the record says what Rackside concluded and
 * what the operator answered, not only what was typed: `Ran step "Initialise the HSM" (hsm.init): done. …`.
 */
export function stepNote(title: string, result: RunnerResult, verb: 'Ran' | 'Checked'): string {
  const answers = result.interactions.map((i) =>
    i.kind === 'password' ? `password ${i.answer.replace(/^secret /, '')}` : `${i.kind} ${i.answer}`,
  )
  const said = answers.length ? ` Operator's answers: ${answers.join(', ')}.` : ''
  return `${verb} step "${title}" (${result.commandId}): ${result.status}. ${result.reason}${said}`
}

/** The step result as it crosses the contract (facts are plain data already). */
export function toResult(step: StepResult, extra: Partial<RunnerResult> = {}): RunnerResult {
  const out: RunnerResult = {
    status: step.status,
    commandId: step.commandId,
    command: step.command,
    reason: step.reason,
    interactions: step.interactions,
    transcript: step.transcript,
    durationMs: step.durationMs,
    ...extra,
  }
  if (step.resultCode !== undefined) out.resultCode = step.resultCode
  if (step.resultText !== undefined) out.resultText = step.resultText
  if (step.facts !== undefined) out.facts = step.facts
  if (step.fieldErrors) out.fieldErrors = step.fieldErrors
  if (step.promptHost !== undefined) out.promptHost = step.promptHost
  if (step.unverified) out.unverified = true
  if (step.readBack) {
    const r = step.readBack.result
    out.readBack = {
      result: {
        status: r.status,
        commandId: r.commandId,
        command: r.command,
        reason: r.reason,
        transcript: r.transcript,
        durationMs: r.durationMs,
        ...(r.resultCode !== undefined ? { resultCode: r.resultCode } : {}),
        ...(r.resultText !== undefined ? { resultText: r.resultText } : {}),
        ...(r.facts !== undefined ? { facts: r.facts } : {}),
      },
      ...(step.readBack.evidence !== undefined ? { evidence: step.readBack.evidence } : {}),
    }
  }
  return out
}
