/**
 * What to tell an operator who is looking at another window when a command waits for them: the system
 * notification's title, text and tag for each runner event, or nothing when the event needs no one. Pure, so a
 * unit test can call it with plain events.
 */
import type { RunnerPromptEvent, RunnerStateEvent } from '../../shared/api'

export interface AttentionMessage {
  title: string
  body: string
  /** One notification per question: a repeat with the same tag replaces it instead of piling up. */
  tag: string
}

/** A question from the appliance: a confirmation, a password, or a PED key to present. */
export function promptMessage(prompt: RunnerPromptEvent): AttentionMessage {
  const tag = `rackside-prompt-${prompt.promptId}`
  if (prompt.kind === 'ped') {
    const keys = (prompt.ped?.keys ?? []).map((k) => `${k.colour} key (${k.role})`).join(', ')
    return {
      title: `PED: ${prompt.title}`,
      body: keys ? `Present the ${keys} at the PED.` : 'The PED is waiting for you.',
      tag,
    }
  }
  if (prompt.kind === 'password')
    return { title: prompt.title, body: 'The appliance asks for a password in Rackside.', tag }
  return {
    title: prompt.title,
    body: prompt.destructive
      ? `Destructive command waits for your confirmation: ${prompt.command}`
      : `The appliance asks to confirm: ${prompt.command}`,
    tag,
  }
}

/**
 * A step that has not typed its command because the console is not at the lunash prompt (a question is open, a
 * login waits): the operator has to act in the console. Nothing when the runner is not waiting.
 */
export function waitingMessage(state: RunnerStateEvent): AttentionMessage | undefined {
  if (!state.busy || !state.waiting) return undefined
  return {
    title: state.command ? `Waiting: ${state.command}` : 'Rackside is waiting for you',
    body: state.waiting.message,
    tag: `rackside-waiting-${state.sessionId}`,
  }
}
