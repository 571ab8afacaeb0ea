/**
 * Every secret the vault hands out (or stores) is registered here, so transcript and log stages can replace it
 * before anything reaches a screen, a file or a crash report. Process-wide on purpose: a secret read in one
 * place must be hidden everywhere.
 */

const secrets = new Set<string>()
let pattern: RegExp | undefined

export const REDACTED = '[redacted]'

/** Registers a secret for redaction. Empty strings are ignored (they would match everywhere). */
export function registerSecret(secret: string): void {
  if (secret.length === 0 || secrets.has(secret)) return
  secrets.add(secret)
  pattern = undefined
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

/** Replaces every occurrence of every registered secret (longest first, so a secret inside another is covered). */
export function redact(text: string): string {
  if (secrets.size === 0 || text.length === 0) return text
  if (!pattern) {
    const alternatives = [...secrets]
      .sort((a, b) => b.length - a.length)
      .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    pattern = new RegExp(alternatives.join('|'), 'g')
  }
  return text.replace(pattern, REDACTED)
}

/** For tests only: forget every registered secret. */
export function clearSecretsForTests(): void {
  secrets.clear()
  pattern = undefined
}
