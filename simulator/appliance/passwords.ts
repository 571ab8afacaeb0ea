import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto'

/** `scrypt$<salt b64>$<hash b64>`: the only form a password is ever kept in. */
export function hashPassword(password: string): string {
  const salt = randomBytes(16)
  const hash = scryptSync(password, salt, 32)
  return `scrypt$${salt.toString('base64')}$${hash.toString('base64')}`
}

export function verifyPassword(password: string, stored: string | undefined): boolean {
  if (!stored) return false
  const [kind, saltB64, hashB64] = stored.split('$')
  if (kind !== 'scrypt' || !saltB64 || !hashB64) return false
  const expected = Buffer.from(hashB64, 'base64')
  const actual = scryptSync(password, Buffer.from(saltB64, 'base64'), expected.length)
  return timingSafeEqual(expected, actual)
}

/**
 * The appliance's pam_cracklib rule as the first-login text states it: 8+ characters from at least 3 of the
 * 4 classes, where an upper-case first letter and a digit at the end do not count towards the classes.
 * Returns the reason it is refused, or undefined when acceptable.
 */
export function passwordWeakness(password: string): string | undefined {
  if (password.length < 8) return 'it is too short'
  let body = password
  if (/^[A-Z]/.test(body)) body = body.slice(1)
  if (/[0-9]$/.test(body)) body = body.slice(0, -1)
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(body)).length
  if (classes < 3) return 'is too simple'
  return undefined
}
