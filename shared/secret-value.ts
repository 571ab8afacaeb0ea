/**
 * What Rackside accepts as a secret to keep (a keychain password) and to hide (a string redacted from every
 * transcript and log). One rule for both, because a secret that is stored is also redacted: a one-character
 * secret would turn every `a` of every transcript into [redacted], and a control character cannot be typed
 * at an appliance's prompt (Ctrl-U erases the line there, Ctrl-C ends the shell).
 */

/** Shorter secrets are refused: redacting them would hide ordinary text everywhere. */
export const MIN_SECRET_LENGTH = 4

// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/

/** Why `secret` cannot be kept, in words for the operator; undefined when it can. Never quotes the secret. */
export function secretProblem(secret: string): string | undefined {
  if (secret.length < MIN_SECRET_LENGTH)
    return `A password must be at least ${MIN_SECRET_LENGTH} characters long (this one has ${secret.length}); a shorter one would be hidden wherever its letters appear in a transcript.`
  if (CONTROL.test(secret))
    return 'A password cannot contain control characters (a line break, a tab, Escape, Ctrl-key characters): the appliance would take them as editing keys, not as part of the password.'
  if (secret.trim().length < MIN_SECRET_LENGTH)
    return `A password must have at least ${MIN_SECRET_LENGTH} characters besides spaces at its ends.`
  return undefined
}

/** Whether a string may be registered for redaction: long enough not to hide ordinary words. */
export function redactable(secret: string): boolean {
  return secret.trim().length >= MIN_SECRET_LENGTH
}
