import { useCallback, useEffect, useMemo, useState } from 'react'
import type { ConnectionProfile } from '../shared/api'
import { ConnectionList } from './connections/ConnectionList'
import { useProfiles } from './connections/use-profiles'
import { ConsolePane } from './console/ConsolePane'
import { BringUpWorkspace } from './panels/ProcedureDock'
import { ClientWizard } from './client/ClientWizard'
import type { ConsoleStatus } from './console/terminal-controller'
import { SessionEvents } from './sessions/session-events'
import { useLeaveGuard } from './sessions/leave-guard'
import { TabPanel, TabStrip, type TabItem } from './sessions/TabStrip'
import { ConfirmDialog } from './dialog/ConfirmDialog'
import { loadConsoleSettings } from './console/console-settings'
import { shortcutOf } from './console/shortcuts'

interface Tab {
  key: string
  profile: ConnectionProfile
  status: ConsoleStatus
}

const stateLabel: Record<ConsoleStatus['state'], string> = {
  connecting: 'Connecting',
  connected: 'Connected',
  closed: 'Disconnected',
  failed: 'Failed',
}

let tabCounter = 0

/**
 * A console's tab is titled by the appliance its lunash prompt names (a serial console says so, beside the same
 * appliance's SSH console); until a prompt names one, by the session's own title or the profile's name. Once the
 * appliance printed its software version, the tab says it: "rack7-hsm · 6.2" (the era the steps are typed in).
 */
function tabLabel(tab: Tab): string {
  const { appliance, kind, title } = tab.status
  const name = appliance
    ? kind === 'serial'
      ? `${appliance} (serial)`
      : appliance
    : (title ?? tab.profile.name)
  const era = eraLabel(tab.status.software)
  return era ? `${name} · ${era}` : name
}

/** `6.2` from `6.2.2-5`; an era the profile pins: `6.x (pinned)`, or `7.0 (pinned 6.x)` when the appliance differs. */
function eraLabel(software: ConsoleStatus['software']): string | undefined {
  if (!software) return undefined
  const short = software.version === null ? undefined : /^(\d{1,2}\.\d{1,2})/.exec(software.version)?.[1]
  if (!software.pinned || software.era === null) return short
  const era = software.era === 4 ? '3.x/4.x' : `${software.era}.x`
  return short ? `${short} (pinned ${era})` : `${era} (pinned)`
}

export function App({ hostLost }: { hostLost?: string }) {
  const events = useMemo(() => new SessionEvents(window.rackside), [])
  const { profiles, error, version, host, reload } = useProfiles()
  const [tabs, setTabs] = useState<Tab[]>([])
  const [active, setActive] = useState<string>('home')
  /** The client-side wizard stays mounted (its state and tools console) once opened. */
  const [clientOpened, setClientOpened] = useState(false)

  const connect = useCallback((profile: ConnectionProfile) => {
    const key = `tab-${++tabCounter}`
    setTabs((t) => [...t, { key, profile, status: { state: 'connecting', message: 'Connecting…' } }])
    setActive(key)
  }, [])

  const updateStatus = useCallback((key: string, status: ConsoleStatus) => {
    setTabs((t) =>
      t.map((tab) =>
        tab.key === key ? { ...tab, status: { ...status, title: status.title ?? tab.status.title } } : tab,
      ),
    )
  }, [])

  const closeTab = useCallback((key: string) => {
    setTabs((t) => t.filter((tab) => tab.key !== key))
    setActive((a) => (a === key ? 'home' : a))
  }, [])

  const current = tabs.find((t) => t.key === active)
  const select = useCallback((key: string) => {
    if (key === 'client') setClientOpened(true)
    setActive(key)
  }, [])
  const strip: TabItem[] = [
    { key: 'home', label: 'Connections' },
    { key: 'client', label: 'Client side (CMS)' },
    ...tabs.map((tab) => ({
      key: tab.key,
      label: tabLabel(tab),
      title: tab.status.title ?? tab.profile.name,
      state: tab.status.state,
      closable: true,
    })),
  ]
  /** A console tab about to close while its session is live: asks first, since closing disconnects it. */
  const [closing, setClosing] = useState<Tab>()
  const requestClose = useCallback(
    (key: string) => {
      const tab = tabs.find((t) => t.key === key)
      if (!tab) return
      if (tab.status.state === 'connecting' || tab.status.state === 'connected') setClosing(tab)
      else closeTab(key)
    },
    [tabs, closeTab],
  )
  // The tab shortcuts work wherever the focus is (the console lets them through to here).
  const order = strip.map((t) => t.key).join(' ')
  useEffect(() => {
    const keys = order.split(' ')
    const onKey = (e: KeyboardEvent) => {
      const shortcut = e.type === 'keydown' ? shortcutOf(e) : undefined
      if (!shortcut || shortcut === 'find' || closing) return
      e.preventDefault()
      if (shortcut === 'close-tab') {
        if (active !== 'home' && active !== 'client') requestClose(active)
        return
      }
      const at = keys.indexOf(active)
      const step = shortcut === 'next-tab' ? 1 : -1
      select(keys[(at + step + keys.length) % keys.length]!)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [order, active, closing, requestClose, select])
  useEffect(() => {
    void loadConsoleSettings().catch(() => undefined)
  }, [])
  useLeaveGuard(tabs.filter((t) => t.status.state === 'connecting' || t.status.state === 'connected').length)
  const windowTitle = current
    ? `${tabLabel(current)} (${stateLabel[current.status.state]}) — Rackside`
    : 'Rackside'
  useEffect(() => {
    document.title = windowTitle
  }, [windowTitle])

  return (
    <div className="app">
      <header className="titlebar">
        <span className="brand" aria-label="Rackside">
          <span className="brand-mark" aria-hidden="true" />
          Rackside
        </span>
        <TabStrip tabs={strip} active={active} onSelect={select} onClose={requestClose} />
        <span
          className={`connection-state state-${current?.status.state ?? 'none'}`}
          aria-label="Connection state"
          title={current?.status.message}
        >
          {current ? `${stateLabel[current.status.state]} · ${tabLabel(current)}` : 'No console open'}
        </span>
      </header>
      {hostLost && (
        <p className="banner error" role="alert">
          {hostLost}
        </p>
      )}
      <main className="workspace">
        <TabPanel tabKey="home" active={active === 'home'}>
          {active === 'home' && (
            <ConnectionList profiles={profiles} error={error} onConnect={connect} onChanged={reload} />
          )}
        </TabPanel>
        {tabs.map((tab) => (
          // Guided procedures sit beside the console; the console stays visible.
          <TabPanel key={tab.key} tabKey={tab.key} active={active === tab.key}>
            <BringUpWorkspace profileId={tab.profile.id} active={active === tab.key}>
              <ConsolePane
                profileId={tab.profile.id}
                events={events}
                active={active === tab.key}
                onStatus={(s) => updateStatus(tab.key, s)}
                onClose={() => closeTab(tab.key)}
              />
            </BringUpWorkspace>
          </TabPanel>
        ))}
        <TabPanel tabKey="client" active={active === 'client'}>
          {clientOpened && <ClientWizard events={events} active={active === 'client'} />}
        </TabPanel>
      </main>
      {closing && (
        <ConfirmDialog
          title={`Close ${tabLabel(closing)}?`}
          role="dialog"
          confirmLabel="Disconnect and close"
          keepLabel="Cancel"
          onKeep={() => setClosing(undefined)}
          onConfirm={() => {
            setClosing(undefined)
            closeTab(closing.key)
          }}
        >
          <p>
            Closing the tab disconnects this console. A command still running on the appliance is cut off, and
            a serial login may stay open on the appliance: log out first.
          </p>
        </ConfirmDialog>
      )}
      <footer className="footer">
        {version ? `Rackside ${version}` : 'Rackside'}
        {host === 'web' && ' · browser host on 127.0.0.1'}
      </footer>
    </div>
  )
}
