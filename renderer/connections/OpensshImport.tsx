import { useState } from 'react'
import type { Result } from '../../shared/api'

type Found = Result<'hostKeys.opensshList'>

const describe = (e: unknown) => (e instanceof Error ? e.message : String(e))
const id = (k: { host: string; port: number; fingerprint: string }) => `${k.host}:${k.port} ${k.fingerprint}`

/** What the file holds that cannot be listed, in words. */
function unlisted(found: Found): string[] {
  const out: string[] = []
  if (found.hashed)
    out.push(
      `${found.hashed} hashed entr${found.hashed === 1 ? 'y' : 'ies'} (ssh-keygen -H) cannot be listed, only matched: they are still checked whenever Rackside connects.`,
    )
  if (found.patterns)
    out.push(`${found.patterns} wildcard or negated pattern(s) are checked when connecting, not imported.`)
  if (found.certAuthorities)
    out.push(
      `${found.certAuthorities} @cert-authority line(s) are ignored: Rackside does not check host certificates.`,
    )
  if (found.revoked)
    out.push(`${found.revoked} @revoked key(s): never imported, and refused when an appliance offers one.`)
  return out
}

/**
 * "Import from ~/.ssh/known_hosts": lists the keys OpenSSH keeps under a plain host name, ticked unless Rackside
 * already has them, and remembers the ones chosen. The host re-reads the file, so only keys it lists are taken.
 */
export function OpensshImport({ onImported }: { onImported(): void }) {
  const [found, setFound] = useState<Found>()
  const [chosen, setChosen] = useState<Set<string>>(new Set())
  const [message, setMessage] = useState<string>()
  const [problem, setProblem] = useState<string>()

  const look = async () => {
    setMessage(undefined)
    try {
      const list = await window.rackside.hostKeys.opensshList({})
      setFound(list)
      setProblem(list.problem)
      setChosen(new Set(list.keys.filter((k) => !k.known).map(id)))
    } catch (e) {
      setProblem(describe(e))
    }
  }

  const importChosen = async () => {
    if (!found) return
    const keys = found.keys
      .filter((k) => chosen.has(id(k)))
      .map(({ host, port, fingerprint }) => ({ host, port, fingerprint }))
    if (keys.length === 0) return
    try {
      const r = await window.rackside.hostKeys.importOpenssh({ keys })
      setMessage(
        [`Imported ${r.imported} key${r.imported === 1 ? '' : 's'} from ${found.file}.`, ...r.refused].join(
          ' ',
        ),
      )
      setFound(undefined)
      onImported()
    } catch (e) {
      setProblem(describe(e))
    }
  }

  return (
    <div className="openssh-import">
      <button type="button" onClick={() => void look()}>
        Import from ~/.ssh/known_hosts
      </button>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {message && (
        <p className="hint" role="status" aria-label="Import result">
          {message}
        </p>
      )}
      {found && (
        <div role="group" aria-label={`Keys in ${found.file}`}>
          {found.keys.length === 0 && (
            <p className="hint">{found.file} lists no key under a plain host name.</p>
          )}
          {found.keys.length > 0 && (
            <ul className="openssh-keys">
              {found.keys.map((k) => (
                <li key={id(k)}>
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={chosen.has(id(k))}
                      disabled={k.known}
                      onChange={(e) =>
                        setChosen((s) => {
                          const next = new Set(s)
                          if (e.target.checked) next.add(id(k))
                          else next.delete(id(k))
                          return next
                        })
                      }
                    />
                    {`${k.host}:${k.port}`} {k.keyType} <code>{k.fingerprint}</code>
                    {k.known ? ' (already known)' : ''}
                  </label>
                </li>
              ))}
            </ul>
          )}
          {unlisted(found).map((line) => (
            <p key={line} className="hint">
              {line}
            </p>
          ))}
          <div className="form-buttons">
            <button
              type="button"
              className="primary"
              disabled={chosen.size === 0}
              onClick={() => void importChosen()}
            >
              Import selected
            </button>
            <button type="button" onClick={() => setFound(undefined)}>
              Close
            </button>
          </div>
        </div>
      )}
    </div>
  )
}
