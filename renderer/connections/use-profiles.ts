import { useEffect, useState } from 'react'
import type { ConnectionProfile } from '../../shared/api'

/** The connection profiles and the host's version, loaded once. */
export function useProfiles(): { profiles?: ConnectionProfile[]; error?: string; version?: string } {
  const [state, setState] = useState<{ profiles?: ConnectionProfile[]; error?: string; version?: string }>({})
  useEffect(() => {
    let cancelled = false
    Promise.all([window.rackside.profiles.list({}), window.rackside.app.info({})])
      .then(([profiles, info]) => !cancelled && setState({ profiles, version: info.version }))
      .catch((e: unknown) => !cancelled && setState({ error: e instanceof Error ? e.message : String(e) }))
    return () => {
      cancelled = true
    }
  }, [])
  return state
}
