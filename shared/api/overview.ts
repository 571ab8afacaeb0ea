/** The appliance overview: everything Rackside reads from an appliance, and each procedure's mark. */
import { z } from 'zod'
import { sessionId, type MethodSpecs } from './common'

const mark = z.enum(['done', 'not-done', 'changed', 'unknown'])
export const applianceOverview = z.object({
  readAt: z.string(),
  /** Who the appliance says it is: the prompt's name first (then `network show`), its software and era. */
  appliance: z.object({
    name: z.string().nullable(),
    nameFrom: z.enum(['prompt', 'network show']).nullable(),
    softwareVersion: z.string().nullable(),
    era: z.number().int().nullable(),
  }),
  hsm: z.unknown(),
  /** The HSM policy table: code, description, value and whether changing it zeroizes the HSM. */
  policies: z
    .array(
      z.object({ code: z.number(), description: z.string(), value: z.string(), destructive: z.boolean() }),
    )
    .nullable(),
  network: z.unknown(),
  ntls: z.unknown(),
  partitions: z.unknown(),
  /** Each registered client as `client show` reads it (partitions null where it could not be read). */
  clients: z
    .array(
      z.object({
        name: z.string(),
        hostname: z.string().optional(),
        ipAddress: z.string().optional(),
        partitions: z.array(z.string()).nullable(),
      }),
    )
    .nullable(),
  time: z.unknown(),
  /** Reads that did not complete, by area, with the reason. */
  problems: z.array(z.object({ area: z.string(), reason: z.string() })),
  /** What the operator should know before the next step (a partition licence missing or used up), as sentences. */
  warnings: z.array(z.string()),
  /** Each procedure's mark; an unknown mark always says why. */
  procedures: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      mark,
      evidence: z.string(),
      reason: z.string().optional(),
    }),
  ),
})
export type ApplianceOverview = z.infer<typeof applianceOverview>

/** Reads the appliance behind a console. */
export const overviewMethods = {
  'overview.read': {
    params: z.object({ sessionId }).strict(),
    result: applianceOverview,
  },
} satisfies MethodSpecs<'overview'>
