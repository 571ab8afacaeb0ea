/**
 * The contract between the UI and the host: every request the renderer may make and every event it may
 * receive. The host validates each request against these schemas before doing anything (the renderer is
 * untrusted input); both hosts (Electron IPC and the loopback WebSocket of the browser host) use them.
 *
 * Each namespace lives in its own file under shared/api/; this file joins them into one table of methods and
 * one of events, and says how a reply and an error cross.
 */
import type { z } from 'zod'
import type { EventName, MethodName } from './api-surface'
import type { MethodSpec } from './api/common'
import { appMethods } from './api/app'
import { profilesMethods } from './api/profiles'
import { serialMethods } from './api/serial'
import { sessionEvents, sessionsMethods } from './api/sessions'
import { hostKeysMethods } from './api/host-keys'
import { transcriptsMethods } from './api/transcripts'
import { runnerEvents, runnerMethods } from './api/runner'
import { overviewMethods } from './api/overview'
import { clientEvents, clientMethods } from './api/client'
import { vaultMethods } from './api/vault'
import { settingsMethods } from './api/settings'
import { filesMethods } from './api/files'

export { methodNames, eventNames } from './api-surface'
export type { MethodName, EventName } from './api-surface'
export * from './api/common'
export * from './api/app'
export * from './api/profiles'
export * from './api/serial'
export * from './api/sessions'
export * from './api/host-keys'
export * from './api/transcripts'
export * from './api/runner'
export * from './api/overview'
export * from './api/client'
export * from './api/vault'
export * from './api/settings'
export * from './api/files'

export const methods = {
  ...appMethods,
  ...profilesMethods,
  ...serialMethods,
  ...sessionsMethods,
  ...hostKeysMethods,
  ...transcriptsMethods,
  ...runnerMethods,
  ...overviewMethods,
  ...clientMethods,
  ...vaultMethods,
  ...settingsMethods,
  ...filesMethods,
} satisfies Record<MethodName, MethodSpec>

export const events = {
  ...sessionEvents,
  ...runnerEvents,
  ...clientEvents,
} satisfies Record<EventName, z.ZodType>

export type Params<M extends MethodName> = z.input<(typeof methods)[M]['params']>
export type Result<M extends MethodName> = z.output<(typeof methods)[M]['result']>
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>

export * from './errors'

type Namespace = MethodName extends `${infer N}.${string}` ? N : never
type MethodsIn<N extends Namespace> = {
  [M in MethodName as M extends `${N}.${infer F}` ? F : never]: (params: Params<M>) => Promise<Result<M>>
}

/**
 * Console output as the page receives it. The host sends text; the browser host's page receives it as UTF-8
 * bytes (xterm.js parses them as they are) with `chars`, the text's length, which is what the page acknowledges.
 */
export interface ReceivedSessionData {
  sessionId: string
  data: string | Uint8Array
  chars?: number
}
type Received<E extends EventName> = E extends 'session.data' ? ReceivedSessionData : EventPayload<E>

/** `window.rackside`: one typed function per request, grouped by area, plus event subscription. */
export type RacksideApi = { [N in Namespace]: MethodsIn<N> } & {
  on<E extends EventName>(event: E, listener: (payload: Received<E>) => void): () => void
}
