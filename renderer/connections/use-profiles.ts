import { useEffect, useState } from 'react'
import type { ConnectionProfile } from '../../shared/api'

/** The connection profiles and what the host says about itself, loaded once. */
interface HostState {
  profiles?: ConnectionProfile[]
  error?: string
  version?: string
  host?: 'electron' | 'web'
}

export function useProfiles(): HostState {
  const [state, setState] = useState<HostState>({})
  useEffect(() => {
    let cancelled = false
    Promise.all([window.rackside.profiles.list({}), window.rackside.app.info({})])
      .then(
        ([profiles, info]) => !cancelled && setState({ profiles, version: info.version, host: info.host }),
      )
      .catch((e: unknown) => !cancelled && setState({ error: e instanceof Error ? e.message : String(e) }))
    return () => {
      cancelled = true
    }
  }, [])
  return state
}
