/** A command that failed: `body` is printed as is, then `Command Result : 65535 (Luna Shell execution)`. */
export class CommandFailure extends Error {
  constructor(readonly body: string) {
    super(body.trim())
  }
}

/** Luna return codes the shell prints in `Error:  '<cmd>' failed. (<code> : <NAME>)`. */
export const RC = {
  OBJECT_NOT_IN_LIST: 'C000040A : RC_OBJECT_NOT_IN_LIST',
  PIN_INCORRECT: 'A00000 : LUNA_RET_UM_PIN_INCORRECT',
  SO_LOGIN_FAILURE_THRESHOLD: '30000F : LUNA_RET_SO_LOGIN_FAILURE_THRESHOLD',
  // unverified: NOT FOUND in reference (the codes below are plausible Luna codes, not seen in a transcript).
  OBJECT_ALREADY_EXISTS: 'C0000409 : RC_OBJECT_ALREADY_EXISTS',
  SO_NOT_LOGGED_IN: '300013 : LUNA_RET_SO_NOT_LOGGED_IN',
  NOT_INITIALIZED: '300010 : LUNA_RET_TOKEN_NOT_INITIALIZED',
  INVALID_PARAMETER: 'C0000002 : RC_INVALID_PARAMETER',
  FILE_NOT_FOUND: 'C0000414 : RC_FILE_NOT_FOUND',
  CERTIFICATE_INVALID: 'C000041A : RC_CERTIFICATE_INVALID',
  LICENSE_EXCEEDED: '300060 : LUNA_RET_LICENSE_CAPACITY_EXCEEDED',
  PED_TIMEOUT: '300140 : LUNA_RET_PED_TIMEOUT',
  POLICY_NOT_ALLOWED: '300048 : LUNA_RET_PARTITION_POLICY_NOT_ALLOWED',
  OPERATION_CANCELLED: 'C0000001 : RC_OPERATION_CANCELLED',
  NOT_ACTIVATED: '300047 : LUNA_RET_NOT_ACTIVATED',
} as const

export type ReturnCode = (typeof RC)[keyof typeof RC]

/** `Error:  '<cmd>' failed. (<code>)` followed by detail lines, in the S4 shape. */
export function failed(command: string, code: ReturnCode, ...details: string[]): CommandFailure {
  const detail = details.map((d) => `\n${d}\n`).join('')
  return new CommandFailure(`\n\nError:  '${command}' failed. (${code})\n${detail}\n`)
}

/** A failure with no return code (usage and parameter errors), printed as `Error:  <text>`. */
export function usageError(text: string): CommandFailure {
  // unverified: NOT FOUND in reference (the real usage-error wording of lunash).
  return new CommandFailure(`\nError:  ${text}\n`)
}
