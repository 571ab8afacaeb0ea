/**
 * The contract between the UI and the host: every request the renderer may make and every event it may
 * receive. The host validates each request against these schemas before doing anything (the renderer is
 * untrusted input); both hosts (Electron IPC and the loopback WebSocket of the browser host) use them.
 */
import { z } from 'zod'
import type { EventName, MethodName } from './api-surface'

export { methodNames, eventNames } from './api-surface'
export type { MethodName, EventName } from './api-surface'

/** Printable text with no control characters other than tab: what a name or label may hold. */
// eslint-disable-next-line no-control-regex
const controlCharacter = /[\u0000-\u0008\u000a-\u001f\u007f]/
const singleLine = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => !controlCharacter.test(s), 'must be a single line without control characters')

export const sessionId = z.string().regex(/^s-[0-9a-f]{8,32}$/, 'not a session id')
export const profileId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'not a profile id')
const cols = z.number().int().min(2).max(1000)
const rows = z.number().int().min(1).max(500)

export const connectionProfile = z.object({
  id: profileId,
  name: singleLine(120),
  kind: z.enum(['demo', 'ssh', 'serial', 'local']),
  /** Where it goes, for display: "admin@127.0.0.1:2222" or "/dev/ttyUSB0 @ 115200". */
  target: z.string(),
})
export type ConnectionProfile = z.infer<typeof connectionProfile>

export const sessionState = z.enum(['connecting', 'connected', 'closed', 'failed'])
export type SessionState = z.infer<typeof sessionState>

const noParams = z.object({}).strict()

export const methods = {
  'app.info': {
    params: noParams,
    result: z.object({ version: z.string(), host: z.enum(['electron', 'web']) }),
  },
  'profiles.list': {
    params: noParams,
    result: z.array(connectionProfile),
  },
  'sessions.open': {
    params: z.object({ profileId, cols, rows }).strict(),
    result: z.object({ sessionId, title: z.string() }),
  },
  'sessions.write': {
    /** Keystrokes or pasted text; large pastes are split by the renderer. */
    params: z.object({ sessionId, data: z.string().min(1).max(65_536) }).strict(),
    result: z.null(),
  },
  'sessions.resize': {
    params: z.object({ sessionId, cols, rows }).strict(),
    result: z.null(),
  },
  'sessions.ack': {
    /** The renderer has written this many characters of session output to the terminal. */
    params: z
      .object({
        sessionId,
        chars: z
          .number()
          .int()
          .min(1)
          .max(1 << 30),
      })
      .strict(),
    result: z.null(),
  },
  'sessions.close': {
    params: z.object({ sessionId }).strict(),
    result: z.null(),
  },
} satisfies Record<MethodName, { params: z.ZodType; result: z.ZodType }>

export const events = {
  'session.data': z.object({ sessionId, data: z.string() }),
  'session.status': z.object({ sessionId, state: sessionState, message: z.string().optional() }),
} satisfies Record<EventName, z.ZodType>

export type Params<M extends MethodName> = z.input<(typeof methods)[M]['params']>
export type Result<M extends MethodName> = z.output<(typeof methods)[M]['result']>
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>

export const errorCodes = [
  'invalid-request',
  'not-found',
  'busy',
  'connection-failed',
  'host-key-unknown',
  'host-key-mismatch',
  'auth-failed',
  'internal',
] as const
export type ErrorCode = (typeof errorCodes)[number]

/** An error as it crosses the contract: a code the UI can branch on and a sentence a person can act on. */
export interface ApiError {
  code: ErrorCode
  message: string
}

export type Reply<T = unknown> = { ok: true; value: T } | { ok: false; error: ApiError }

/** Thrown on the renderer side when the host answers with an error. */
export class RacksideError extends Error {
  readonly code: ErrorCode
  constructor(error: ApiError) {
    super(error.message)
    this.name = 'RacksideError'
    this.code = error.code
  }
}

type Namespace = MethodName extends `${infer N}.${string}` ? N : never
type MethodsIn<N extends Namespace> = {
  [M in MethodName as M extends `${N}.${infer F}` ? F : never]: (params: Params<M>) => Promise<Result<M>>
}

/** `window.rackside`: one typed function per request, grouped by area, plus event subscription. */
export type RacksideApi = { [N in Namespace]: MethodsIn<N> } & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}
