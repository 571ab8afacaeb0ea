/** profiles.*, serial.*, hostKeys.* and transcripts.*: what the console registry answers on its own. */
import type { Consoles } from '../../sessions/consoles'
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
  }
}

export function transcriptsRoutes(consoles: Consoles): Handlers<'transcripts'> {
  return {
    'transcripts.open': () => consoles.openTranscripts(),
    'transcripts.verify': async () => consoles.verifyTranscripts(),
  }
}
