import type { AuthResult } from './contract'
import type { ApplianceState, UserState } from './state'
import { verifyPassword } from './passwords'

export function findUser(state: ApplianceState, name: string): UserState | undefined {
  return state.users.find((u) => u.name === name)
}

/** User names and passwords are case-sensitive; disabled accounts cannot log in. */
export function authenticate(state: ApplianceState, name: string, password: string): AuthResult {
  const user = findUser(state, name)
  if (!user || !user.enabled || !verifyPassword(password, user.passwordHash)) return { ok: false }
  return { ok: true, role: user.role, mustChangePassword: user.mustChangePassword }
}
