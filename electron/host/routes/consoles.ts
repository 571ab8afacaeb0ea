/** profiles.*, serial.*, hostKeys.* and transcripts.*: what the console registry answers on its own. */
import type { Consoles } from '../../sessions/consoles'
import { importOpensshKeys, opensshImportable, sshConfigHosts } from '../../sessions/openssh-import'
import type { Handlers } from './types'

export function profilesRoutes(consoles: Consoles): Handlers<'profiles'> {
  return {
    'profiles.list': async () => consoles.profiles(),
    'profiles.get': async ({ profileId }) => consoles.getProfile(profileId),
    'profiles.save': async ({ profile }) => consoles.saveProfile(profile),
    async 'profiles.delete'({ profileId }) {
      consoles.deleteProfile(profileId)
      return null
    },
    'profiles.sshConfigHosts': async () => sshConfigHosts(),
  }
}

export function serialRoutes(consoles: Consoles): Handlers<'serial'> {
  return { 'serial.ports': () => consoles.serialPorts() }
}

export function hostKeysRoutes(consoles: Consoles): Handlers<'hostKeys'> {
  return {
    'hostKeys.scan': ({ profileId }) => consoles.scanHostKey(profileId),
    async 'hostKeys.accept'({ profileId, fingerprint, remember }) {
      consoles.acceptHostKey(profileId, fingerprint, remember)
      return null
    },
    'hostKeys.list': async () => consoles.listHostKeys(),
    async 'hostKeys.forget'({ host, port, fingerprint }) {
      consoles.forgetHostKey(host, port, fingerprint)
      return null
    },
    'hostKeys.opensshList': async () => opensshImportable(consoles.knownHosts),
    'hostKeys.importOpenssh': async ({ keys }) => importOpensshKeys(consoles.knownHosts, keys),
  }
}

export function transcriptsRoutes(consoles: Consoles): Handlers<'transcripts'> {
  return {
    'transcripts.open': () => consoles.openTranscripts(),
    'transcripts.verify': async () => consoles.verifyTranscripts(),
  }
}
