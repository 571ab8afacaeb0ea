/**
 * Which command a step names and how it reads in the console's era: the lookup by id, the row for an era, the
 * preview a panel shows before Run, and which keychain item answers a password prompt.
 */
import { RacksideError, type RunnerPreview } from '../../../shared/api'
import {
  allCommands,
  build,
  differsByEra,
  rowFor,
  type AnyCommand,
  type Era,
  type SecretId,
} from '../../../shared/lunash/commands'
import type { VaultAccount } from '../../vault'

const byId = new Map<string, AnyCommand>(allCommands.map((c) => [c.id, c]))

export function findCommand(id: string): AnyCommand {
  const spec = byId.get(id)
  if (!spec)
    throw new RacksideError({
      code: 'not-found',
      message: `There is no appliance command "${id}". Pick a procedure from the panel list.`,
    })
  return spec
}

/** Which keychain item holds a secret a prompt asks for (undefined: never stored, always asked). */
export function vaultAccountFor(
  secret: SecretId,
  applianceId: string,
  fields: Record<string, unknown>,
): VaultAccount | undefined {
  const partition = typeof fields.partition === 'string' ? fields.partition : undefined
  switch (secret) {
    case 'appliance-current-password':
      return { kind: 'appliance-admin', applianceId }
    case 'partition-password':
      return partition ? { kind: 'partition', applianceId, partition } : undefined
    default:
      return undefined
  }
}

/**
 * The row for this appliance: its era's syntax (when the era is known) and these fields' prompts. Undefined era: the
 * row as written (the newest syntax), which the runner types only where no era differs (see `eraForStep`).
 */
export function commandFor(
  commandId: string,
  era: Era | undefined,
  fields: Record<string, unknown>,
): AnyCommand {
  const spec = findCommand(commandId)
  const row = rowFor(spec, era, fields)
  if (!row)
    throw new RacksideError({
      code: 'invalid-request',
      message: `"${spec.title}" is not a command of ${era}.x appliances; nothing was sent.`,
    })
  return row
}

/** The preview a panel shows before Run: the exact line in the console's era, or why nothing would be sent. */
export function previewCommand(commandId: string, fields: Record<string, unknown>, era?: Era): RunnerPreview {
  const spec = commandFor(commandId, era, fields)
  const built = spec.attend ? { ok: true as const, value: '' } : build(spec, fields)
  // Guards are declared only for a question the appliance itself calls destructive: not announced.
  const announced = spec.prompts.filter((p) => !(p.kind === 'confirm' && p.guard))
  return {
    commandId: spec.id,
    title: spec.title,
    ok: built.ok,
    command: built.ok ? built.value : '',
    errors: built.ok ? [] : built.error,
    destructive: spec.destructive === true || announced.some((p) => p.kind === 'confirm' && p.destructive),
    prompts: announced.map((p) => ({
      kind: p.kind === 'password' ? `password:${p.secret}` : p.kind,
      destructive: p.kind === 'confirm' && p.destructive,
      warning: p.kind === 'confirm' ? p.warning : '',
    })),
    ...(era !== undefined ? { era } : {}),
    ...(era === undefined && differsByEra(findCommand(commandId))
      ? {
          eraNote:
            "This appliance's software version is not known yet: Rackside reads it with hsm show before typing this, and types the line in that version's syntax.",
        }
      : {}),
    ...(spec.readBack
      ? {
          readBack: build(spec.readBack.command, spec.readBack.fields(fields)).ok
            ? readBackLine(spec, fields)
            : undefined,
        }
      : {}),
  }
}

function readBackLine(spec: AnyCommand, fields: Record<string, unknown>): string | undefined {
  const rb = spec.readBack
  if (!rb) return undefined
  const line = build(rb.command, rb.fields(fields))
  return line.ok ? line.value : undefined
}
