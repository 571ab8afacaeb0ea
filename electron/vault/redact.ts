/**
 * Every secret the vault hands out (or stores) is registered here, so transcript and log stages can replace it
 * before anything reaches a screen, a file or a crash report. Process-wide on purpose: a secret read in one
 * place must be hidden everywhere.
 */

import { MIN_SECRET_LENGTH, redactable } from '../../shared/secret-value'

const secrets = new Set<string>()
/** The secrets, longest first, so a secret inside another is covered by the longer one. */
let ordered: string[] | undefined
/** Changes whenever the set does, so stages that compile the secrets into a pattern know when to recompile. */
let version = 0

export const REDACTED = '[redacted]'

/**
 * Registers a secret for redaction. One shorter than 4 characters (spaces at its ends not counted) is ignored:
 * it would hide every `a` or `12` of every transcript and log; the keychain refuses to store one
 * (shared/secret-value.ts), and the transcript still hides it where the command line or question shows it.
 */
export function registerSecret(secret: string): void {
  if (!redactable(secret) || secrets.has(secret)) return
  secrets.add(secret)
  ordered = undefined
  version++
}

/** Typed answers shorter than this are not registered (they would redact ordinary text everywhere). */
export const minLearnedSecretLength = MIN_SECRET_LENGTH

/**
 * Registers a secret someone typed (a password answer, a passphrase, a password on a command line): only if it
 * is long enough to hide without hiding ordinary words.
 */
export function learnSecret(secret: string): void {
  registerSecret(secret)
}

/** A number that changes whenever a secret is registered or the set is cleared. */
export function secretsVersion(): number {
  return version
}

/** The registered secrets, for stages that must match them across chunk boundaries. */
export function knownSecrets(): readonly string[] {
  return [...secrets]
}

/** The length of the longest registered secret: how much a streaming stage must hold back to redact across chunks. */
export function longestSecretLength(): number {
  let n = 0
  for (const s of secrets) n = Math.max(n, s.length)
  return n
}

/**
 * Replaces every occurrence of every registered secret, longest first. One plain substring search per secret:
 * console output passes through here, and V8 finds a literal far faster than it runs a regex alternation.
 */
export function redact(text: string): string {
  if (secrets.size === 0 || text.length === 0) return text
  ordered ??= [...secrets].sort((a, b) => b.length - a.length)
  let out = text
  for (const secret of ordered) if (out.includes(secret)) out = out.replaceAll(secret, REDACTED)
  return out
}

/** For tests only: forget every registered secret. */
export function clearSecretsForTests(): void {
  secrets.clear()
  ordered = undefined
  version++
}

/**
 * Redaction for a stream of chunks (a transcript, a log): a secret split across two chunks is still caught.
 * `push` returns what is safe to write now and holds back a tail that could be the start of a secret;
 * `flush` returns the rest at the end of the stream.
 */
export interface StreamRedactor {
  push(chunk: string): string
  flush(): string
}

export function streamRedactor(): StreamRedactor {
  let pending = ''
  return {
    push(chunk) {
      const text = redact(pending + chunk)
      // Keep back the longest tail that is a proper prefix of some secret; the rest can go.
      let keep = 0
      for (const secret of secrets) {
        for (let n = Math.min(secret.length - 1, text.length); n > keep; n--) {
          if (text.endsWith(secret.slice(0, n))) {
            keep = n
            break
          }
        }
      }
      pending = text.slice(text.length - keep)
      return text.slice(0, text.length - keep)
    },
    flush() {
      const rest = redact(pending)
      pending = ''
      return rest
    },
  }
}
