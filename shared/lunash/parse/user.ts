import { contentLines } from './common'
import { ok, parseError, type ParseError, type Result } from '../result'

export interface ApplianceUser {
  name: string
  role: string
  enabled: boolean
  radius: boolean
}

/** `user list` (5.1). */
export function parseUserList(text: string): Result<ApplianceUser[], ParseError> {
  let header = false
  const users: ApplianceUser[] = []
  for (const line of contentLines(text)) {
    if (/^\s*Users\s+Roles\s+Status\s+RADIUS\s*$/.test(line)) header = true
    else if (/^\s*[-\s]+$/.test(line)) continue
    else {
      const m = /^\s*(\S+)\s+(\S+)\s+(enabled|disabled)\s+(yes|no)\s*$/.exec(line)
      if (!m || !header) return parseError('user list: a row is not understood.', line)
      users.push({ name: m[1] ?? '', role: m[2] ?? '', enabled: m[3] === 'enabled', radius: m[4] === 'yes' })
    }
  }
  if (!header) return parseError('user list: no "Users  Roles  Status  RADIUS" heading was found.')
  return ok(users)
}
