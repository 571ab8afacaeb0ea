/**
 * Reads the Luna client configuration: the Unix `Chrystoki.conf` (`Section = { Key = value; }`) and the Windows
 * `crystoki.ini` (`[Section]` / `Key=value`). Only what Rackside needs: the cryptoki library path, the client
 * certificate and key, and the registered servers (reference/luna-lunash-vtl.md §3.9).
 */

export type ChrystokiSections = Map<string, Map<string, string>>

export class ChrystokiParseError extends Error {
  constructor(line: number, reason: string) {
    super(
      `The Luna client configuration cannot be read: line ${line} ${reason}. ` +
        'Check Chrystoki.conf (or crystoki.ini on Windows), or point Rackside at the cryptoki library directly.',
    )
    this.name = 'ChrystokiParseError'
  }
}

/** Section and key names are matched case-insensitively (stored lower-case); values keep their case. */
export function parseChrystoki(text: string): ChrystokiSections {
  const sections: ChrystokiSections = new Map()
  let current: Map<string, string> | undefined
  let braces = false
  const open = (name: string): Map<string, string> => {
    const key = name.trim().toLowerCase()
    const existing = sections.get(key)
    if (existing) return existing
    const m = new Map<string, string>()
    sections.set(key, m)
    return m
  }
  text.split(/\r\n|\n|\r/).forEach((raw, i) => {
    const line = raw.replace(/^\uFEFF/, '').trim()
    const n = i + 1
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return
    let m: RegExpExecArray | null
    if ((m = /^([^=[{}]+?)\s*=\s*\{\s*(?:#.*)?$/.exec(line))) {
      current = open(m[1]!)
      braces = true
    } else if ((m = /^([^=[{}]+?)\s*=\s*\{(.*)\}\s*;?$/.exec(line))) {
      // A whole section on one line: `CardReader = { RemoteCommand = 1; }`
      const section = open(m[1]!)
      for (const entry of m[2]!.split(';')) {
        const kv = /^\s*([^=]+?)\s*=\s*(.*?)\s*$/.exec(entry)
        if (kv) section.set(kv[1]!.toLowerCase(), kv[2]!)
      }
    } else if (line === '}' || line === '};') {
      if (!braces) throw new ChrystokiParseError(n, 'closes a section that was never opened')
      current = undefined
      braces = false
    } else if ((m = /^\[([^\]]+)\]$/.exec(line))) {
      current = open(m[1]!)
      braces = false
    } else if ((m = /^([^=]+?)\s*=\s*(.*?)\s*;?\s*$/.exec(line))) {
      if (!current) throw new ChrystokiParseError(n, 'sets a value outside any section')
      current.set(m[1]!.toLowerCase(), m[2]!)
    } else throw new ChrystokiParseError(n, 'is not a section, a Key = value; line or a comment')
  })
  if (braces)
    throw new ChrystokiParseError(
      text.split(/\r\n|\n|\r/).length,
      'ends inside a section that is never closed',
    )
  return sections
}

export function chrystokiValue(
  sections: ChrystokiSections,
  section: string,
  key: string,
): string | undefined {
  return sections.get(section.toLowerCase())?.get(key.toLowerCase())
}

/** The cryptoki library the client configuration names for this platform, if any. */
export function cryptokiLibraryFromChrystoki(
  sections: ChrystokiSections,
  platform: string,
): string | undefined {
  const keys = platform === 'win32' ? ['LibNT'] : ['LibUNIX64', 'LibUNIX']
  for (const k of keys) {
    const v = chrystokiValue(sections, 'Chrystoki2', k)
    if (v) return v
  }
  return undefined
}

export interface LunaClientSettings {
  clientCertFile?: string
  clientPrivKeyFile?: string
  serverCaFile?: string
  servers: { index: string; name: string; port: number }[]
}

/** The `LunaSA Client` section: client certificate, key, and the servers added with `vtl addServer`. */
export function lunaClientSettings(sections: ChrystokiSections): LunaClientSettings {
  const s = sections.get('lunasa client') ?? new Map<string, string>()
  const servers: LunaClientSettings['servers'] = []
  for (const [k, v] of s) {
    const m = /^servername(\d+)$/.exec(k)
    if (!m || !v) continue
    const port = Number(s.get(`serverport${m[1]}`) ?? '1792')
    servers.push({ index: m[1]!, name: v, port: Number.isInteger(port) && port > 0 ? port : 1792 })
  }
  servers.sort((a, b) => Number(a.index) - Number(b.index))
  return {
    clientCertFile: s.get('clientcertfile') || undefined,
    clientPrivKeyFile: s.get('clientprivkeyfile') || undefined,
    serverCaFile: s.get('servercafile') || undefined,
    servers,
  }
}
