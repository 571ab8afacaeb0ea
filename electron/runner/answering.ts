/**
 * The questions the appliance asks while a command runs (the flight's `output` state). A question the command
 * row declares is answered once it waits: a password from the secret provider, a field's value, or the
 * operator's confirmation; asked again, the run stops (Ctrl-C) rather than retry, so no login attempt is wasted.
 * A question the row does not declare is never answered with proceed or a secret.
 */
import type { Flight } from './flight'
import {
  confirmRequest,
  earliestPrompt,
  questionState,
  refusal,
  undeclaredQuestion,
  usableSecret,
} from './prompts'
import type { ConfirmAnswer } from './types'
import { describePed, type PromptSpec } from '../../shared/lunash/commands/spec'

/** Answers the earliest waiting prompt in the unhandled output. Returns true while a prompt is being handled. */
export function handlePrompts(flight: Flight): boolean {
  if (flight.waitingOnOperator) return true
  const text = flight.buffer.text
  const found = earliestPrompt(flight.spec.prompts, text, flight.consumed)
  if (found) {
    if (found.prompt.kind === 'ped') {
      flight.consumed = found.matchEnd
      flight.waitForPed()
      const notice = describePed(found.question)
      flight.interactions.push({ kind: 'ped', answer: notice.operation })
      flight.plan.callbacks.ped({ ...notice, commandId: flight.spec.id })
      return handlePrompts(flight)
    }
    const where = questionState(text, found.matchEnd)
    if (where === 'passed') flight.consumed = found.matchEnd
    if (where === 'passed' || where === 'unclear') return false
    if (where === 'arriving')
      flight.whenQuiet(flight.plan.timing.promptQuietMs, 'output', () =>
        answerQuestion(flight, found.index, found.prompt, found.matchEnd),
      )
    else answerQuestion(flight, found.index, found.prompt, found.matchEnd)
    return true
  }
  const question = undeclaredQuestion(text.slice(flight.consumed))
  if (!question) return false
  flight.whenQuiet(flight.plan.timing.promptQuietMs * 4, 'output', () => {
    if (flight.waitingOnOperator) return
    flight.consumed = text.length
    if (question.kind === 'secret')
      flight.startResync(
        `unknown — re-verify: the appliance asked for a secret that ${flight.spec.id} does not expect ("${question.question}"); Ctrl-C was sent.`,
      )
    else
      flight.sendQuit(
        `The appliance asked a confirmation that ${flight.spec.id} does not expect; quit was sent. Check the command and the appliance's state.`,
        'unexpected',
      )
  })
  return false
}

/** Answers the row's prompt `index`, which ends at `matchEnd` in the flight's output. */
export function answerQuestion(
  flight: Flight,
  index: number,
  prompt: PromptSpec<unknown>,
  matchEnd: number,
): void {
  const times = flight.answered.get(index) ?? 0
  flight.consumed = flight.buffer.text.length
  if (prompt.kind === 'password') {
    if (times >= 1) {
      flight.startResync(
        `The appliance asked for the ${prompt.secret} again: the one given was not accepted. Ctrl-C was sent; nothing was retried, so no login attempt was wasted.`,
      )
      return
    }
    flight.answered.set(index, times + 1)
    answerSecret(flight, prompt, flight.questionText(matchEnd, 2))
    return
  }
  if (prompt.kind === 'answer') {
    if (times >= 1) {
      flight.startResync(
        `unknown — re-verify: the appliance asked "${flight.questionText(flight.buffer.text.length, 1)}" again; Ctrl-C was sent.`,
      )
      return
    }
    flight.answered.set(index, times + 1)
    const value = prompt.answer(flight.plan.fields)
    flight.interactions.push({ kind: 'answer', answer: value })
    flight.type(`${value}\r`)
    flight.step()
    return
  }
  if (prompt.kind !== 'confirm') return
  flight.answered.set(index, times + 1)
  const request = confirmRequest(
    flight.spec,
    flight.line,
    flight.plan.fields,
    prompt,
    flight.buffer.text.slice(0, matchEnd),
  )
  flight
    .withOperator(() => flight.plan.callbacks.confirm(request))
    .catch((): ConfirmAnswer => ({ proceed: false }))
    .then((reply) => {
      if (flight.state === 'done') return
      const why = refusal(reply, request.mustType, flight.aborted)
      if (why !== undefined) {
        flight.sendQuit(why, 'confirm')
        return
      }
      flight.interactions.push({ kind: 'confirm', answer: 'proceed' })
      flight.type('proceed\r')
      flight.step()
    })
}

/** Asks the provider (or reuses what it gave this run) and types the secret; never logged. */
function answerSecret(
  flight: Flight,
  prompt: PromptSpec<unknown> & { kind: 'password' },
  promptText: string,
): void {
  const cached = flight.secrets.get(prompt.secret)
  const aborted = (): boolean => {
    if (!flight.aborted) return false
    flight.startResync('unknown — re-verify: aborted at a password prompt; Ctrl-C was sent.')
    return true
  }
  flight
    .withOperator(async () => {
      const value =
        cached ??
        (await flight.plan.callbacks.secret({
          commandId: flight.spec.id,
          secret: prompt.secret,
          again: prompt.again === true,
          prompt: promptText,
          fields: flight.plan.fields,
        }))
      if (!usableSecret(value)) throw new Error('unusable-secret')
      flight.secrets.set(prompt.secret, value)
      return value
    })
    .then((value) => {
      if (flight.state === 'done' || aborted()) return
      flight.interactions.push({ kind: 'password', answer: `secret ${prompt.secret}` })
      flight.type(`${value}\r`, true)
      flight.step()
    })
    .catch(() => {
      if (flight.state === 'done' || aborted()) return
      flight.startResync(
        `unknown — re-verify: no usable ${prompt.secret} was given (empty, with a control character, or cancelled); Ctrl-C was sent.`,
      )
    })
}
