/** For the runner service's tests: the service with no keychain, fast prompt timing, and the events it emitted. */
import type { EventName } from '../../../shared/api'
import { LiveAppliances } from '../../sessions'
import { createKeychainService } from '../../vault/service'
import { createRunnerService } from './service'

export function serviceUnderTest() {
  const events: { name: EventName; payload: unknown }[] = []
  const appliances = new LiveAppliances(createKeychainService({ source: null }))
  const service = createRunnerService({
    emit: (_client, name, payload) => events.push({ name, payload }),
    keychain: createKeychainService({ source: null }),
    appliances,
    runner: { promptQuietMs: 20, resyncMs: 500 },
  })
  return { events, appliances, service }
}
