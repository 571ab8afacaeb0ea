/** The one Result shape used by validators, builders and parsers in shared/lunash and shared/vtl. */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E }

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value })
export const err = <E>(error: E): { ok: false; error: E } => ({ ok: false, error })

/** Why a parser refused an output. `line` is the text it did not understand, when there is one. */
export interface ParseError {
  kind: 'parse'
  message: string
  line?: string
}

export const parseError = (message: string, line?: string): { ok: false; error: ParseError } =>
  err(line === undefined ? { kind: 'parse', message } : { kind: 'parse', message, line })
