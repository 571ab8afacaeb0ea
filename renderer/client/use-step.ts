/**
 * One wizard step's request state: idle, running, its result or the host's error (whose message says what to do).
 */
import { useCallback, useState } from 'react'
import { errorCodeOf, type ErrorCode } from '../../shared/errors'

export type StepState<T> =
  | { state: 'idle' }
  | { state: 'running' }
  | { state: 'done'; value: T }
  | { state: 'failed'; message: string; code?: ErrorCode }

export function useStep<T>() {
  const [status, setStatus] = useState<StepState<T>>({ state: 'idle' })
  const run = useCallback(async (request: () => Promise<T>): Promise<T | undefined> => {
    setStatus({ state: 'running' })
    try {
      const value = await request()
      setStatus({ state: 'done', value })
      return value
    } catch (error) {
      const code = errorCodeOf(error)
      setStatus({
        state: 'failed',
        message: error instanceof Error ? error.message : String(error),
        ...(code ? { code } : {}),
      })
      return undefined
    }
  }, [])
  const reset = useCallback(() => setStatus({ state: 'idle' }), [])
  return { status, run, reset, value: status.state === 'done' ? status.value : undefined }
}
