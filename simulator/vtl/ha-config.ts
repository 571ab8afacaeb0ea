import type { ChrystokiConf } from './chrystoki'

/**
 * HA groups live in Chrystoki.conf as in the client's own files (S17 shows the Windows INI form):
 * VirtualToken { VirtualTokenNNLabel, VirtualTokenNNSN, VirtualTokenNNMembers }, HASynchronize { <label> = 1 },
 * HAConfiguration { HAOnly, reconnAtt, AutoReconnectInterval }.
 */

export interface HaGroup {
  label: string
  /** `1` + the first member's serial (S8, S11). */
  number: string
  members: string[]
}

const VT = 'VirtualToken'

export function haGroups(conf: ChrystokiConf): HaGroup[] {
  const section = conf.section(VT, false)
  if (!section) return []
  const groups: HaGroup[] = []
  for (const [key, value] of section.entries) {
    const match = /^VirtualToken(\d\d)Label$/i.exec(key)
    if (!match || value === '') continue
    const index = match[1] as string
    groups.push({
      label: value,
      number: conf.get(VT, `VirtualToken${index}SN`) ?? '',
      members: (conf.get(VT, `VirtualToken${index}Members`) ?? '').split(',').filter(Boolean),
    })
  }
  return groups
}

export function saveHaGroups(conf: ChrystokiConf, groups: HaGroup[]): void {
  conf.removeSection(VT)
  const sync = conf.section('HASynchronize', false)
  const syncValues = new Map(sync?.entries.map(([key, value]) => [key, value]) ?? [])
  conf.removeSection('HASynchronize')
  if (groups.length === 0) return
  groups.forEach((group, n) => {
    const index = String(n).padStart(2, '0')
    conf.set(VT, `VirtualToken${index}Label`, group.label)
    conf.set(VT, `VirtualToken${index}SN`, group.number)
    conf.set(VT, `VirtualToken${index}Members`, group.members.join(','))
  })
  for (const group of groups) conf.set('HASynchronize', group.label, syncValues.get(group.label) ?? '1')
  if (!conf.get('HAConfiguration', 'reconnAtt')) conf.set('HAConfiguration', 'reconnAtt', '-1')
  if (!conf.get('HAConfiguration', 'AutoReconnectInterval'))
    conf.set('HAConfiguration', 'AutoReconnectInterval', '60')
}

export function haOnly(conf: ChrystokiConf): boolean {
  return conf.get('HAConfiguration', 'HAOnly') === '1'
}

export function setHaOnly(conf: ChrystokiConf, enabled: boolean): void {
  conf.set('HAConfiguration', 'HAOnly', enabled ? '1' : '0')
}

export function syncEnabled(conf: ChrystokiConf, label: string): boolean {
  return conf.get('HASynchronize', label) !== '0'
}
