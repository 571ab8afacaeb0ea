/**
 * Chrystoki.conf in the Unix syntax of the Luna client:
 *
 *   LunaSA Client = {
 *      ServerName00 = 10.121.229.201;
 *   }
 *
 * Sections and keys keep their order, so a file round-trips unchanged apart from what was edited.
 */

export interface ConfSection {
  name: string
  entries: [key: string, value: string][]
}

export class ChrystokiConf {
  constructor(readonly sections: ConfSection[]) {}

  static parse(text: string): ChrystokiConf {
    const sections: ConfSection[] = []
    let current: ConfSection | undefined
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim()
      if (line === '' || line.startsWith('#')) continue
      const open = /^(.+?)\s*=\s*\{\s*(.*)$/.exec(line)
      if (open && !current) {
        current = { name: open[1] as string, entries: [] }
        sections.push(current)
        // `CardReader = { RemoteCommand = 1; }` on one line
        const rest = (open[2] as string).replace(/\}\s*$/, '')
        for (const entry of rest.split(';')) addEntry(current, entry)
        if (/\}\s*$/.test(open[2] as string)) current = undefined
        continue
      }
      if (line.startsWith('}')) {
        current = undefined
        continue
      }
      if (current) addEntry(current, line.replace(/;\s*$/, ''))
    }
    return new ChrystokiConf(sections)
  }

  toString(): string {
    return this.sections
      .map((section) => {
        const body = section.entries.map(([key, value]) => `   ${key} = ${value};`).join('\n')
        return `${section.name} = {\n${body}${body ? '\n' : ''}}\n`
      })
      .join('')
  }

  section(name: string, create = true): ConfSection | undefined {
    let found = this.sections.find((section) => section.name.toLowerCase() === name.toLowerCase())
    if (!found && create) {
      found = { name, entries: [] }
      this.sections.push(found)
    }
    return found
  }

  get(sectionName: string, key: string): string | undefined {
    const section = this.section(sectionName, false)
    return section?.entries.find(([name]) => name.toLowerCase() === key.toLowerCase())?.[1]
  }

  set(sectionName: string, key: string, value: string): void {
    const section = this.section(sectionName) as ConfSection
    const entry = section.entries.find(([name]) => name.toLowerCase() === key.toLowerCase())
    if (entry) entry[1] = value
    else section.entries.push([key, value])
  }

  delete(sectionName: string, key: string): void {
    const section = this.section(sectionName, false)
    if (section)
      section.entries = section.entries.filter(([name]) => name.toLowerCase() !== key.toLowerCase())
  }

  removeSection(name: string): void {
    const index = this.sections.findIndex((section) => section.name.toLowerCase() === name.toLowerCase())
    if (index >= 0) this.sections.splice(index, 1)
  }
}

function addEntry(section: ConfSection, text: string): void {
  const match = /^\s*([^=]+?)\s*=\s*(.*?)\s*$/.exec(text)
  if (match) section.entries.push([match[1] as string, match[2] as string])
}

export const CLIENT_SECTION = 'LunaSA Client'

export interface ServerEntry {
  index: string
  name: string
  port: number
  htl: boolean
}

/** Registered servers; blanked entries (left by deleteServer) are skipped. */
export function listServers(conf: ChrystokiConf): ServerEntry[] {
  const section = conf.section(CLIENT_SECTION, false)
  if (!section) return []
  const servers: ServerEntry[] = []
  for (const [key, value] of section.entries) {
    const match = /^ServerName(\d\d)$/i.exec(key)
    if (!match || value === '') continue
    const index = match[1] as string
    const port = Number(conf.get(CLIENT_SECTION, `ServerPort${index}`) || 1792)
    servers.push({ index, name: value, port, htl: conf.get(CLIENT_SECTION, `ServerHtl${index}`) === '1' })
  }
  return servers.sort((a, b) => a.index.localeCompare(b.index))
}

/** The first unused or blank two-digit index from 00, as vtl picks it. */
export function firstFreeIndex(conf: ChrystokiConf): string {
  for (let n = 0; n < 100; n++) {
    const index = String(n).padStart(2, '0')
    const value = conf.get(CLIENT_SECTION, `ServerName${index}`)
    if (value === undefined || value === '') return index
  }
  throw new Error('Chrystoki.conf has no free server slot (00-99).')
}

export function addServerEntry(conf: ChrystokiConf, name: string, port: number, htl: boolean): string {
  const index = firstFreeIndex(conf)
  conf.set(CLIENT_SECTION, `ServerName${index}`, name)
  conf.set(CLIENT_SECTION, `ServerPort${index}`, String(port))
  conf.set(CLIENT_SECTION, `ServerHtl${index}`, htl ? '1' : '0')
  return index
}

/** Blanks the entries rather than renumbering, so the other servers keep their indexes. */
export function blankServerEntry(conf: ChrystokiConf, index: string): void {
  for (const key of ['ServerName', 'ServerPort', 'ServerHtl']) conf.set(CLIENT_SECTION, `${key}${index}`, '')
}
