/** client.* and vault.*: the client-side wizard and the keychain, answered by the client-side service. */
import type { ClientService } from '../../client/service/service'
import type { KeychainService } from '../../vault/service'
import type { Handlers } from './types'

export function clientRoutes(clientSide: ClientService): Handlers<'client'> {
  return {
    'client.locate': (params, { client }) => clientSide.locate(client, params),
    'client.pullServerPem': (params, { client }) => clientSide.pullServerPem(client, params),
    'client.pushCert': (params, { client }) => clientSide.pushCertificate(client, params),
    'client.runVtl': (params, { client }) => clientSide.runVtl(client, params),
    'client.haAdmin': (params, { client }) => clientSide.haAdmin(client, params),
    'client.probe': (params, { client }) => clientSide.probe(client, params),
    'client.listSlots': (params, { client }) => clientSide.listSlots(client, params),
    'client.cmsDefaults': async () => clientSide.cmsDefaults(),
    'client.cmsPreview': (params, { client }) => clientSide.preview(client, params),
    'client.cmsApply': (params, { client }) => clientSide.apply(client, params),
    'client.cmsCopyFromDistribution': (params, { client }) => clientSide.copyFromDistribution(client, params),
  }
}

export function vaultRoutes(vaults: KeychainService): Handlers<'vault'> {
  return {
    'vault.set': ({ account, secret }) => vaults.set(account, secret),
    'vault.has': ({ account }) => vaults.has(account),
    'vault.delete': ({ account }) => vaults.delete(account),
  }
}
