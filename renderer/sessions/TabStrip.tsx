import { useRef, type KeyboardEvent, type ReactNode } from 'react'
import type { SessionState } from '../../shared/api'
import './tabs.css'

export interface TabItem {
  key: string
  label: string
  /** The tooltip (the session's full title). */
  title?: string
  /** A console's state: colours its dot. */
  state?: SessionState
  /** Console tabs close; Connections and Client side stay. */
  closable?: boolean
}

export const tabId = (key: string) => `tab-${key}`
export const panelId = (key: string) => `panel-${key}`

/**
 * The tab strip, as the ARIA tabs pattern has it: one tab stop (the selected tab); Left/Right and Home/End move the
 * focus between tabs and Enter or Space opens one (opening a console hands it the focus, so the arrows only move);
 * Delete closes a console's tab. Each console tab has a close button beside it for the mouse; the keyboard has
 * Delete and Ctrl+Shift+W.
 */
export function TabStrip(props: {
  tabs: TabItem[]
  active: string
  onSelect(key: string): void
  onClose(key: string): void
}) {
  const { tabs, active, onSelect, onClose } = props
  const strip = useRef<HTMLDivElement>(null)

  const focusTab = (key: string) =>
    strip.current?.querySelector<HTMLElement>(`#${CSS.escape(tabId(key))}`)?.focus()
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // The tab with the focus, which the arrows may have moved away from the selected one.
    const focused = tabs.findIndex((t) => tabId(t.key) === (e.target as HTMLElement).id)
    if (focused < 0) return
    const to = (i: number) => tabs[(i + tabs.length) % tabs.length]!.key
    let next: string | undefined
    if (e.key === 'ArrowRight') next = to(focused + 1)
    else if (e.key === 'ArrowLeft') next = to(focused - 1)
    else if (e.key === 'Home') next = to(0)
    else if (e.key === 'End') next = to(tabs.length - 1)
    else if (e.key === 'Delete' && tabs[focused]!.closable) {
      e.preventDefault()
      onClose(tabs[focused]!.key)
      return
    }
    if (next === undefined) return
    e.preventDefault()
    focusTab(next)
  }

  return (
    <div className="tabs" role="tablist" aria-label="Open consoles" ref={strip} onKeyDown={onKeyDown}>
      {tabs.map((tab) => (
        <span key={tab.key} className="tab-item" role="presentation">
          <button
            role="tab"
            type="button"
            id={tabId(tab.key)}
            aria-selected={active === tab.key}
            aria-controls={panelId(tab.key)}
            tabIndex={active === tab.key ? 0 : -1}
            className={tab.state ? `state-${tab.state}` : undefined}
            onClick={() => onSelect(tab.key)}
            title={tab.title}
            {...(tab.closable ? { 'aria-keyshortcuts': 'Delete Control+Shift+W' } : {})}
          >
            {tab.state && <span className="dot" aria-hidden="true" />}
            {tab.label}
          </button>
          {tab.closable && (
            <button
              type="button"
              className="tab-close"
              tabIndex={-1}
              aria-label={`Close ${tab.label}`}
              title={`Close ${tab.label} (Ctrl+Shift+W)`}
              onClick={() => onClose(tab.key)}
            >
              ×
            </button>
          )}
        </span>
      ))}
    </div>
  )
}

/** The panel a tab shows; hidden (and out of the accessibility tree) while another tab is selected. */
export function TabPanel({
  tabKey,
  active,
  children,
}: {
  tabKey: string
  active: boolean
  children: ReactNode
}) {
  return (
    <div
      className="tab-panel"
      role="tabpanel"
      id={panelId(tabKey)}
      aria-labelledby={tabId(tabKey)}
      hidden={!active}
    >
      {children}
    </div>
  )
}
