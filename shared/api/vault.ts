/** The OS keychain: passwords Rackside keeps for an appliance, a partition or a client. */
import { z } from 'zod'
import { secretProblem } from '../secret-value'
import { profileId, singleLine, type MethodSpecs } from './common'

/** A keychain item: the appliance admin password, a partition (client) password, or a client's own. */
export const vaultAccount = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('appliance-admin'), applianceId: profileId }).strict(),
  z.object({ kind: z.literal('partition'), applianceId: profileId, partition: singleLine(64) }).strict(),
  z.object({ kind: z.literal('client'), clientId: profileId }).strict(),
])

/** Store, check and delete keychain items (never read one back). */
export const vaultMethods = {
  'vault.set': {
    /** Stores a password in the OS keychain (never in a file); there is no way to read one back. */
    params: z
      .object({
        account: vaultAccount,
        // Refused before anything is stored (shared/secret-value.ts): too short to hide, or control characters.
        secret: z
          .string()
          .max(256)
          .superRefine((s, ctx) => {
            const problem = secretProblem(s)
            if (problem) ctx.addIssue({ code: 'custom', message: problem })
          }),
      })
      .strict(),
    result: z.object({ stored: z.literal(true) }),
  },
  'vault.has': {
    params: z.object({ account: vaultAccount }).strict(),
    result: z.object({ kept: z.boolean() }),
  },
  'vault.delete': {
    params: z.object({ account: vaultAccount }).strict(),
    result: z.object({ deleted: z.boolean() }),
  },
} satisfies MethodSpecs<'vault'>
