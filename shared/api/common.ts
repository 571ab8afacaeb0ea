/** Schemas every namespace of the contract uses: ids, single-line text, host addresses, appliance eras. */
import { z } from 'zod'
import type { MethodName } from '../api-surface'
import { hostAddressProblem } from '../lunash/validate'

/** Printable text with no control characters other than tab: what a name or label may hold. */
// eslint-disable-next-line no-control-regex
const controlCharacter = /[\u0000-\u0008\u000a-\u001f\u007f]/
// eslint-disable-next-line no-control-regex
export const controlBesidesLineBreaks = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/
export const singleLine = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => !controlCharacter.test(s), 'must be a single line without control characters')

export const sessionId = z.string().regex(/^s-[0-9a-f]{8,32}$/, 'not a session id')
export const profileId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'not a profile id')
export const cols = z.number().int().min(2).max(1000)
export const rows = z.number().int().min(1).max(500)
export const noParams = z.object({}).strict()
/** A host name, IPv4 or IPv6 address: nothing a shell or a line break could use, no port (that has a field). */
export const hostAddress = z
  .string()
  .min(1)
  .max(253)
  .superRefine((value, ctx) => {
    const problem = hostAddressProblem(value)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })
/**
 * An appliance software era: 4 is Luna SA 3.x/4.x (the HID guide's syntax), then 5.x, 6.x, 7.x. A profile may pin
 * it (an appliance whose banner was never seen, or one that prints an unusual version); otherwise it is read from
 * the appliance.
 */
export const applianceEra = z.union([z.literal(4), z.literal(5), z.literal(6), z.literal(7)])
export type ApplianceEra = z.infer<typeof applianceEra>

/** A request's schemas: what the renderer sends and what the host answers. */
export interface MethodSpec {
  params: z.ZodType
  result: z.ZodType
}
/** The methods of one namespace (`sessions` → `sessions.open`, `sessions.write`, …). */
export type MethodsOf<N extends string> = Extract<MethodName, `${N}.${string}`>
/** Every method of namespace N, and nothing else. */
export type MethodSpecs<N extends string> = Record<MethodsOf<N>, MethodSpec>
