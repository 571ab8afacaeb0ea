/** The client-side service's contract with the host: its options and what it answers. */
import type { EventName, EventPayload, Result } from '../../../shared/api'
import type { DemoProvider } from '../../host/demo'
import type { ValidParams } from '../../host/routes/types'
import type { ConsoleSession, LiveAppliances, SessionSink } from '../../sessions'
import type { KeychainService } from '../../vault/service'

export interface ApplianceOfSession {
  profileId: string
  title: string
  target?: { host: string; port: number; hostKeyFingerprint: string }
}

export interface ClientServiceOptions {
  dataDir: string
  /**
   * The built-in demo appliance a console profile opens (the password demo, the PED demo), if it is one: each has
   * its own NTLS port and its own simulated Luna client.
   */
  demoOf(profileId: string): DemoProvider | undefined
  /**
   * The live appliances: the one a console session id names, for this transport client (its SSH address and the
   * key Rackside verified or remembers), and where the Luna client located last is kept for the local terminal.
   */
  appliances: Pick<LiveAppliances, 'mine' | 'lunaClientFolder'>
  emit<E extends EventName>(client: string, name: E, payload: EventPayload<E>): void
  /** The host's one keychain (the appliance admin password for transfers, HA member passwords). */
  keychain: KeychainService
  platform?: string
  /** How long an NTLS check waits (tests shorten it). */
  probeTimeoutMs?: number
}

export type VtlAction = 'addServer' | 'createCert' | 'verify' | 'listServers' | 'deleteServer'

export interface ClientService {
  /** sessions.open for CLIENT_TOOLS_PROFILE: one tools console per transport client. */
  openTools(
    client: string,
    cols: number,
    rows: number,
    sink: SessionSink,
  ): Promise<{ session: ConsoleSession; transcript?: string }>
  locate(client: string, params: ValidParams<'client.locate'>): Promise<Result<'client.locate'>>
  pullServerPem(
    client: string,
    params: ValidParams<'client.pullServerPem'>,
  ): Promise<Result<'client.pullServerPem'>>
  pushCertificate(client: string, params: ValidParams<'client.pushCert'>): Promise<Result<'client.pushCert'>>
  runVtl(client: string, params: ValidParams<'client.runVtl'>): Promise<Result<'client.runVtl'>>
  haAdmin(client: string, params: ValidParams<'client.haAdmin'>): Promise<Result<'client.haAdmin'>>
  probe(client: string, params: ValidParams<'client.probe'>): Promise<Result<'client.probe'>>
  listSlots(client: string, params: ValidParams<'client.listSlots'>): Promise<Result<'client.listSlots'>>
  cmsDefaults(): Result<'client.cmsDefaults'>
  preview(client: string, params: ValidParams<'client.cmsPreview'>): Promise<Result<'client.cmsPreview'>>
  apply(client: string, params: ValidParams<'client.cmsApply'>): Promise<Result<'client.cmsApply'>>
  copyFromDistribution(
    client: string,
    params: ValidParams<'client.cmsCopyFromDistribution'>,
  ): Promise<Result<'client.cmsCopyFromDistribution'>>
  clientGone(client: string): void
}
