import { useCallback, useEffect, useState } from 'react'
import type { ConnectionProfile } from '../../shared/api'

/** The connection profiles and what the host says about itself; `reload` after a profile changed. */
interface HostState {
  profiles?: ConnectionProfile[]
  error?: string
  version?: string
  host?: 'electron' | 'web'
}

export function useProfiles(): HostState & { reload(): void } {
  const [state, setState] = useState<HostState>({})
  const [generation, setGeneration] = useState(0)
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
  }, [generation])
  const reload = useCallback(() => setGeneration((g) => g + 1), [])
  return { ...state, reload }
}
