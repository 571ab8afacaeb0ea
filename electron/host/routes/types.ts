/**
 * How a request reaches its handler: one handler per method of the contract, typed from it, so the compiler
 * rejects a namespace that forgets a method or answers with the wrong shape.
 */
import type { z } from 'zod'
import type { MethodName, methods, Result } from '../../../shared/api'
import type { MethodsOf } from '../../../shared/api/common'

/** A request's parameters as the host sees them: validated, with the schema's defaults filled in. */
export type ValidParams<M extends MethodName> = z.output<(typeof methods)[M]['params']>

/** Who is asking: the transport client (a window, a WebSocket) the request came from. */
export interface RequestContext {
  client: string
}

/** What answers one method: its validated parameters in, its contract reply out. */
export type Handler<M extends MethodName> = (
  params: ValidParams<M>,
  ctx: RequestContext,
) => Promise<Result<M>>

/** One namespace's handlers: every method of namespace N, and nothing else. */
export type Handlers<N extends string> = { [M in MethodsOf<N>]: Handler<M> }

/** The whole table: a handler for every method of the contract. */
export type Routes = { [M in MethodName]: Handler<M> }
