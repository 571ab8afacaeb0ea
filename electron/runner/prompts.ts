/**
 * Reading the questions the appliance asks during a command: the ones the command row declares (answered from
 * the row, the operator or the keychain) and the ones it does not (never answered with proceed or a secret).
 * Pure: text in, a reading out; the flight acts on it.
 */
import type { AnyCommand, PromptSpec } from '../../shared/lunash/commands/spec'
import type { ConfirmAnswer, ConfirmRequest } from './types'
import { lastLines } from './lines'

// Questions a command row did not declare: never answered with proceed or a secret.
const ANY_CONFIRM = /type '?proceed'?/i
const ANY_SECRET = /(?:password|cloning domain|PIN)[^\n]*:[ \t]*(?:\n[ \t]*>[ \t]*)?$/i

/** After a question: at most the rest of its paragraph (`to quit now.`), then the `>` input marker or nothing. */
export const isWaiting = (after: string): boolean =>
  after.split('\n').length <= 4 &&
  !/Command Result|lunash:>/.test(after) &&
  /(?:^|[>:.'\n])[ \t]*$/.test(after)

export interface DeclaredPrompt {
  /** The prompt's index in the row (how often it was answered is counted per index). */
  index: number
  prompt: PromptSpec<unknown>
  /** The question as matched. */
  question: string
  /** Where the match ends in the whole output. */
  matchEnd: number
}

/** The earliest of the row's prompts in the output not yet handled (from `consumed` on). */
export function earliestPrompt(
  prompts: readonly PromptSpec<unknown>[],
  text: string,
  consumed: number,
): DeclaredPrompt | undefined {
  const rest = text.slice(consumed)
  let best: { index: number; match: RegExpExecArray; prompt: PromptSpec<unknown> } | undefined
  prompts.forEach((prompt, index) => {
    const m = new RegExp(prompt.pattern.source, prompt.pattern.flags.replace('g', '')).exec(rest)
    if (m && (!best || m.index < best.match.index)) best = { index, match: m, prompt }
  })
  if (!best) return undefined
  const { index, match, prompt } = best
  return { index, prompt, question: match[0], matchEnd: consumed + match.index + match[0].length }
}

/**
 * Where a declared question stands:
 * - `passed`: it scrolled past without waiting (or the pattern met ordinary output): move on past it;
 * - `unclear`: more output follows it, but not enough to say it passed: look again when more arrives;
 * - `arriving`: it waits, but may still be arriving: answer once the output has been quiet for a moment;
 * - `waiting`: it waits at the `>` input marker: answer now.
 */
export function questionState(text: string, matchEnd: number): 'passed' | 'unclear' | 'arriving' | 'waiting' {
  const after = text.slice(matchEnd)
  if (!isWaiting(after))
    return after.split('\n').length > 4 || /Command Result|lunash:>/.test(after) ? 'passed' : 'unclear'
  return />[ \t]*$/.test(text) ? 'waiting' : 'arriving'
}

/**
 * A question the row does not declare at the end of the output. Only a question that is waiting counts (the
 * output went quiet on it), not words that happen to end a chunk of output; a waiting question is at the end
 * of the output, so only its last part is read and long outputs stay cheap.
 */
export function undeclaredQuestion(
  rest: string,
): { kind: 'secret'; question: string } | { kind: 'confirm' } | undefined {
  const end = rest.slice(-1024)
  const secret = ANY_SECRET.exec(end)
  if (secret) return { kind: 'secret', question: secret[0].trim() }
  if (ANY_CONFIRM.test(end) && /(?:>|'quit'[^\n]*|:)[ \t]*$/.test(rest)) return { kind: 'confirm' }
  return undefined
}

/** What the operator is shown at a declared confirmation, and what a destructive one makes them type. */
export function confirmRequest(
  spec: AnyCommand,
  line: string,
  fields: unknown,
  prompt: PromptSpec<unknown> & { kind: 'confirm' },
  before: string,
): ConfirmRequest {
  const mustType = prompt.destructive ? (prompt.expect?.(fields) ?? 'proceed') : undefined
  const request: ConfirmRequest = {
    commandId: spec.id,
    title: spec.title,
    command: line,
    question: lastLines(before, 6),
    destructive: prompt.destructive,
    warning: prompt.warning,
  }
  if (mustType !== undefined) request.mustType = mustType
  return request
}

/**
 * The operator's reply to a confirmation: undefined when it lets the runner answer `proceed`, otherwise why
 * `quit` is sent instead. Nothing but an explicit yes (with the exact text for a destructive one) goes ahead.
 */
export function refusal(
  reply: ConfirmAnswer,
  mustType: string | undefined,
  aborted: boolean,
): string | undefined {
  const agreed =
    reply.proceed && !aborted && (mustType === undefined || (reply.typed ?? '').trim() === mustType)
  if (agreed) return undefined
  if (aborted) return 'Aborted: quit was sent at the confirmation; the appliance did not go ahead.'
  return reply.proceed
    ? `Not confirmed: the text typed did not match "${mustType ?? ''}"; quit was sent and nothing changed.`
    : 'The operator declined; quit was sent and nothing changed.'
}

/** A secret that can be typed: not empty, no control character (that would be a keystroke, not part of it). */
export function usableSecret(value: string): boolean {
  // eslint-disable-next-line no-control-regex -- refusing control characters
  return value !== '' && !/[\x00-\x1f\x7f]/.test(value)
}
