/**
 * A console session as the runner service holds it: its appliance (from the LiveAppliances registry), its
 * CommandRunner, and the operator's questions waiting for an answer. The helpers here are what every step needs:
 * finding the caller's console, the era to type in, and the callbacks that turn the runner's questions into events.
 */
import { randomBytes } from 'node:crypto'
import { RacksideError, type EventName, type EventPayload, type RunnerPromptEvent } from '../../../shared/api'
import {
  differsByEra,
  hsmShow,
  softwareVersionIn,
  type Era,
  type SecretId,
} from '../../../shared/lunash/commands'
import type { FedChannel } from '../channel'
import type { CommandRunner, ConfirmAnswer, RunCallbacks } from '../runner'
import type { LiveAppliance, LiveAppliances } from '../../sessions'
import type { KeychainService } from '../../vault/service'
import { findCommand, vaultAccountFor } from './commands'

export interface Attached {
  sessionId: string
  client: string
  appliance: LiveAppliance
  runner: CommandRunner
  /** The runner's channel, fed with the session's output and its end. */
  feed: FedChannel
  closed: boolean
  /** The session's shell is open (SSH: logged in). Before that, typing would go to the login prompt. */
  connected: boolean
  /** Prompts waiting for the operator, by prompt id. */
  pending: Map<string, { kind: 'confirm' | 'password'; resolve(answer: ConfirmAnswer | string): void }>
  /** Records a line in the console's transcript. */
  note(text: string): void
}

/** What the service's parts share: the consoles with runners, and the services they ask. */
export interface RunnerContext {
  emit<E extends EventName>(client: string, name: E, payload: EventPayload<E>): void
  keychain: KeychainService
  appliances: LiveAppliances
  attached: Map<string, Attached>
}

export function mine(ctx: RunnerContext, client: string, sessionId: string): Attached {
  const a = ctx.attached.get(sessionId)
  if (!a || a.client !== client || a.closed)
    throw new RacksideError({
      code: 'not-found',
      message: 'This console is closed. Connect again, then run the step from the panel.',
    })
  return a
}

/** A console ready for a command: typing before its shell opens would go to the login prompt. */
export function ready(ctx: RunnerContext, client: string, sessionId: string): Attached {
  const a = mine(ctx, client, sessionId)
  if (!a.connected)
    throw new RacksideError({
      code: 'busy',
      message:
        'The console is still connecting or logging in. Finish the login in the console, then run the step; nothing was sent.',
    })
  return a
}

/** What is known of the console's software version and era (the `session.software` event's payload). */
export function softwareOf(ctx: RunnerContext, sessionId: string): EventPayload<'session.software'> {
  const appliance = ctx.appliances.get(sessionId)
  return {
    sessionId,
    version: appliance?.version ?? null,
    era: appliance?.era ?? null,
    pinned: appliance?.eraPinned ?? false,
  }
}

/** The appliance printed its software version: the console's era may now be known. */
export function learnVersion(ctx: RunnerContext, sessionId: string, version: string): void {
  if (!ctx.appliances.get(sessionId)?.learnVersion(version)) return
  const a = ctx.attached.get(sessionId)
  if (a) ctx.emit(a.client, 'session.software', softwareOf(ctx, sessionId))
}

/**
 * The era to type a step in. When it is not known and the step's syntax differs between eras, Rackside reads it
 * with `hsm show` (the same line in every era), and if the appliance still does not say which version it runs, it
 * asks: the step is refused with what to do (pin the era in the profile). It never guesses a syntax.
 */
export async function eraForStep(
  ctx: RunnerContext,
  a: Attached,
  commandId: string,
): Promise<Era | undefined> {
  const known = a.appliance.era
  if (known !== undefined || !differsByEra(findCommand(commandId))) return known
  const read = await a.runner.run(hsmShow, {}, callbacksFor(ctx, a, {}, {}))
  const facts = read.facts as { softwareVersion?: string } | undefined
  const version = facts?.softwareVersion ?? softwareVersionIn(read.transcript)
  if (version !== undefined) learnVersion(ctx, a.sessionId, version)
  const era = a.appliance.era
  if (era !== undefined) return era
  throw new RacksideError({
    code: 'invalid-request',
    message: `Rackside does not know which software version this appliance runs (${
      version === undefined
        ? `hsm show did not say: ${read.reason}`
        : `it says ${version}, which is no Luna SA / Luna Network HSM era Rackside speaks`
    }), and "${findCommand(commandId).title}" is typed differently on 3.x/4.x, 5.x, 6.x and 7.x. Pin the era in the connection profile (Appliance software), then run it again. Only hsm show was sent.`,
  })
}

/** Asks the operator in the panel; the answer comes back through `answer`. */
export function ask<T extends ConfirmAnswer | string>(
  ctx: RunnerContext,
  a: Attached,
  kind: 'confirm' | 'password',
  event: Omit<RunnerPromptEvent, 'sessionId' | 'promptId' | 'kind'>,
): Promise<T> {
  const promptId = `p-${randomBytes(8).toString('hex')}`
  return new Promise<T>((resolve) => {
    a.pending.set(promptId, { kind, resolve: resolve as (x: ConfirmAnswer | string) => void })
    ctx.emit(a.client, 'runner.prompt', { sessionId: a.sessionId, promptId, kind, ...event })
  })
}

/** The runner's questions as events for the operator; passwords from the form, else the keychain, else asked. */
export function callbacksFor(
  ctx: RunnerContext,
  a: Attached,
  fields: Record<string, unknown>,
  given: Partial<Record<SecretId, string>>,
): RunCallbacks {
  return {
    // The state event (runner.onBusyChange) carries what the console waits for; the operator is there.
    pending: () => undefined,
    confirm: (request) =>
      ask<ConfirmAnswer>(ctx, a, 'confirm', {
        commandId: request.commandId,
        title: request.title,
        command: request.command,
        question: request.question,
        warning: request.warning,
        destructive: request.destructive,
        ...(request.mustType !== undefined ? { mustType: request.mustType } : {}),
      }),
    secret: async (request) => {
      const typed = given[request.secret]
      if (typed) return typed
      const account = vaultAccountFor(request.secret, a.appliance.profileId, fields)
      const stored = account ? await ctx.keychain.lookup(account) : undefined
      if (stored) return stored
      const answer = await ask<string>(ctx, a, 'password', {
        commandId: request.commandId,
        title: findCommand(request.commandId).title,
        command: '',
        question: request.prompt,
        warning: '',
        destructive: false,
        secret: request.secret,
        again: request.again,
      })
      if (answer === '') throw new Error('cancelled')
      return answer
    },
    ped: (notice) => {
      ctx.emit(a.client, 'runner.prompt', {
        sessionId: a.sessionId,
        promptId: `p-${randomBytes(8).toString('hex')}`,
        kind: 'ped',
        commandId: notice.commandId,
        title: findCommand(notice.commandId).title,
        command: '',
        question: notice.text,
        warning: 'Follow the PED: insert the key it asks for and enter its PIN. Rackside waits.',
        destructive: false,
        ped: { operation: notice.operation, keys: notice.keys },
      })
    },
  }
}
