/**
 * The one error type of the contract. The host throws `RacksideError`s; they cross either transport as a plain
 * `ApiError` (Electron's context bridge and a WebSocket carry only cloneable data, never a class), and the
 * page's api-client turns each back into a `RacksideError`, so the UI branches on `error.code`, never on text.
 */

/** Every code the host may send: the UI can switch on this union exhaustively. */
export const errorCodes = [
  'invalid-request',
  'not-found',
  'busy',
  'connection-failed',
  'host-key-unknown',
  'host-key-mismatch',
  'auth-failed',
  'internal',
  // client side
  'keychain-unavailable',
  'file-corrupt',
  'file-changed',
  'slot-not-found',
  'luna-client-not-found',
  'password-change-required',
  'cryptoki-failed',
] as const
export type ErrorCode = (typeof errorCodes)[number]

/** Facts a UI may show next to the sentence (a port, a PID); plain values so that they clone across any transport. */
export type ErrorDetails = Readonly<Record<string, string | number | boolean | null>>

/** An error as it crosses the contract: a code the UI can branch on and a sentence a person can act on. */
export interface ApiError {
  code: ErrorCode
  message: string
  details?: ErrorDetails
}

export type Reply<T = unknown> = { ok: true; value: T } | { ok: false; error: ApiError }

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && (errorCodes as readonly string[]).includes(value)

/** Thrown by the host's services, and again on the page by the api-client for every error reply. */
export class RacksideError extends Error {
  readonly code: ErrorCode
  readonly details: ErrorDetails | undefined
  constructor(error: ApiError) {
    super(error.message)
    this.name = 'RacksideError'
    this.code = error.code
    this.details = error.details
  }

  /** The cloneable form that crosses a transport. */
  toApiError(): ApiError {
    return {
      code: this.code,
      message: this.message,
      ...(this.details ? { details: { ...this.details } } : {}),
    }
  }

  /**
   * Rebuilds the error from whatever a transport delivered. The page trusts no shape: a reply from another
   * version of the host, or a mangled one, still becomes a RacksideError (`internal` when the code is unknown).
   */
  static fromApiError(error: unknown): RacksideError {
    const e = (typeof error === 'object' && error !== null ? error : {}) as Partial<
      Record<keyof ApiError, unknown>
    >
    const message =
      typeof e.message === 'string' && e.message
        ? e.message
        : 'The Rackside host answered with an error it did not describe.'
    const details = cloneDetails(e.details)
    return new RacksideError({
      code: isErrorCode(e.code) ? e.code : 'internal',
      message,
      ...(details ? { details } : {}),
    })
  }
}

function cloneDetails(value: unknown): ErrorDetails | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  const out: Record<string, string | number | boolean | null> = {}
  for (const [key, v] of Object.entries(value))
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[key] = v
  return out
}

/**
 * What the host replies for anything a handler threw: a RacksideError keeps its code; anything else is a bug
 * of ours, said as such (`internal`) rather than dressed as the operator's mistake.
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof RacksideError) return error.toApiError()
  const message = error instanceof Error ? error.message : String(error)
  return { code: 'internal', message: `Rackside hit an unexpected error: ${message}` }
}

/** True when `error` is the host's error with one of `codes`: what the UI branches on. */
export function hasErrorCode<C extends ErrorCode>(
  error: unknown,
  ...codes: C[]
): error is RacksideError & { code: C } {
  return error instanceof RacksideError && (codes as ErrorCode[]).includes(error.code)
}

/** The host's error code, or undefined for anything that is not a RacksideError. */
export const errorCodeOf = (error: unknown): ErrorCode | undefined =>
  error instanceof RacksideError ? error.code : undefined
