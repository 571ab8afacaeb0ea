/**
 * The host boundary: a request from the renderer is untrusted input. It is checked against the contract's
 * schemas here, before any handler runs.
 */
import type { z } from 'zod'
import { methods, type MethodName } from '../../shared/api'
import { RacksideError } from '../../shared/errors'

export type ValidRequest = {
  [M in MethodName]: { method: M; params: z.output<(typeof methods)[M]['params']> }
}[MethodName]

const describe = (value: unknown): string => {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? value.slice(0, 60) + '…' : value)
  if (value === null) return 'null'
  return typeof value
}

/** A check may quote the value it refuses; quoting 400 KB of it makes no sentence anyone reads. */
const clip = (text: string): string => (text.length > 300 ? text.slice(0, 300) + '…' : text)

function explain(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const where = issue.path.length ? issue.path.join('.') : 'params'
      if (issue.code === 'unrecognized_keys')
        return clip(`${where}: unexpected field ${issue.keys.map((k) => `"${k}"`).join(', ')}`)
      return clip(`${where}: ${issue.message}`)
    })
    .join('; ')
}

/** Returns the typed request, or throws RacksideError('invalid-request') saying what is wrong with it. */
export function validateRequest(method: unknown, params: unknown): ValidRequest {
  if (typeof method !== 'string' || !Object.hasOwn(methods, method)) {
    throw new RacksideError({ code: 'invalid-request', message: `Unknown request ${describe(method)}.` })
  }
  const name = method as MethodName
  const parsed = methods[name].params.safeParse(params === undefined ? {} : params)
  if (!parsed.success) {
    throw new RacksideError({
      code: 'invalid-request',
      message: `Invalid ${name} request: ${explain(parsed.error)}.`,
    })
  }
  return { method: name, params: parsed.data } as ValidRequest
}
