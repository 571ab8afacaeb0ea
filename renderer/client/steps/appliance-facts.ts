/**
 * What the appliance says about this client, read when the trust link check failed: it sharpens the diagnosis
 * (not registered, registered with another certificate, the address check on). Each read is optional; one that
 * fails leaves its fact unknown.
 */
import type { Params, RacksideApi } from '../../../shared/api'

export type ApplianceFacts = NonNullable<Params<'client.probe'>['appliance']>

/** The lunash commands read, so a test can check each is one the runner knows. */
export const FACT_COMMANDS = ['client.show', 'client.fingerprint', 'ntls.ipcheck.show'] as const

export async function readApplianceFacts(
  runner: RacksideApi['runner'],
  sessionId: string,
  clientName: string,
): Promise<ApplianceFacts> {
  const facts: ApplianceFacts = {}
  const read = async (commandId: (typeof FACT_COMMANDS)[number], fields: Record<string, string>) =>
    runner.run({ sessionId, commandId, fields }).catch(() => undefined)
  if (clientName) {
    const show = await read('client.show', { client: clientName })
    if (show?.status === 'done') facts.clientRegistered = true
    else if (show && /does not exist/i.test(`${show.reason} ${show.transcript}`))
      facts.clientRegistered = false
    const fp = await read('client.fingerprint', { client: clientName })
    const value = (fp?.facts as { fingerprint?: string } | undefined)?.fingerprint
    if (value) facts.registeredClientFingerprint = value
  }
  const ip = await read('ntls.ipcheck.show', {})
  const enabled = (ip?.facts as { enabled?: boolean } | undefined)?.enabled
  if (enabled !== undefined) facts.ipcheck = enabled
  return facts
}
