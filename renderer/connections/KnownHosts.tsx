import { useEffect, useState } from 'react'
import type { KnownHostEntry } from '../../shared/api'
import { ConfirmDialog } from '../dialog/ConfirmDialog'
import './known-hosts.css'
import { OpensshImport } from './OpensshImport'

const describe = (e: unknown) => (e instanceof Error ? e.message : String(e))

const learned: Record<KnownHostEntry['source'], string> = {
  accepted: 'Accepted in Rackside',
  'serial-console': 'Pinned from the serial console',
  pinned: 'Pinned',
  openssh: 'Imported from ~/.ssh/known_hosts',
}

/** `2026-11-28T19:26:58.123Z` → `2026-11-28 19:26 UTC`: the store keeps UTC, and so does the list. */
const when = (iso: string) =>
  /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(iso) ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : iso

/**
 * The SSH host keys Rackside remembers (its own store; ~/.ssh/known_hosts is consulted too, and can be imported
 * from): where each came from, and a
 * way to forget one, after a confirmation, so that the next connection there is a first contact again.
 */
export function KnownHosts() {
  const [hosts, setHosts] = useState<KnownHostEntry[]>()
  const [problem, setProblem] = useState<string>()
  const [confirming, setConfirming] = useState<KnownHostEntry>()
  const [done, setDone] = useState<string>()

  /** Bumped to read the list again (after a forget). */
  const [generation, setGeneration] = useState(0)
  useEffect(() => {
    let cancelled = false
    window.rackside.hostKeys
      .list({})
      .then((list) => !cancelled && setHosts(list))
      .catch((e: unknown) => !cancelled && setProblem(describe(e)))
    return () => {
      cancelled = true
    }
  }, [generation])

  const forget = async (entry: KnownHostEntry) => {
    setConfirming(undefined)
    try {
      await window.rackside.hostKeys.forget({
        host: entry.host,
        port: entry.port,
        fingerprint: entry.fingerprint,
      })
      setDone(
        `Forgot the key of ${entry.host}:${entry.port}. The next connection there shows its fingerprint and asks again.`,
      )
      setProblem(undefined)
    } catch (e) {
      setDone(undefined)
      setProblem(describe(e))
    }
    setGeneration((g) => g + 1)
  }

  return (
    <section className="known-hosts" aria-labelledby="known-hosts-heading">
      <h2 id="known-hosts-heading">Known SSH host keys</h2>
      <p className="hint">
        Rackside connects over SSH only to an appliance whose key it knows: accepted with “remember”, or
        pinned from the serial console. A changed key is always refused. Forget a key after an appliance was
        re-imaged or re-keyed, then check the new one on first contact. A key in ~/.ssh/known_hosts counts as
        known too (a key marked @revoked there is always refused); import it to keep it here.
      </p>
      <OpensshImport onImported={() => setGeneration((g) => g + 1)} />
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {done && (
        <p className="hint" role="status" aria-label="Known hosts">
          {done}
        </p>
      )}
      {hosts && hosts.length === 0 && <p className="hint">Rackside remembers no host keys yet.</p>}
      {hosts && hosts.length > 0 && (
        <table aria-label="Remembered host keys">
          <thead>
            <tr>
              <th scope="col">Appliance</th>
              <th scope="col">SHA-256 fingerprint</th>
              <th scope="col">Learned</th>
              <th scope="col">Since</th>
              <th scope="col">
                <span className="known-hosts-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {hosts.map((entry) => {
              const where = `${entry.host}:${entry.port}`
              return (
                <tr key={where} aria-label={where}>
                  <td>{where}</td>
                  <td className="fingerprint">
                    {entry.fingerprint}
                    {entry.alternates?.map((alt) => (
                      <span key={alt} className="alternate">
                        {alt}
                      </span>
                    ))}
                  </td>
                  <td>{learned[entry.source]}</td>
                  <td>{when(entry.addedAt)}</td>
                  <td>
                    <button type="button" aria-label={`Forget ${where}`} onClick={() => setConfirming(entry)}>
                      Forget…
                    </button>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
      {confirming && (
        <ConfirmDialog
          title="Forget host key?"
          confirmLabel="Forget key"
          keepLabel="Keep it"
          onConfirm={() => void forget(confirming)}
          onKeep={() => setConfirming(undefined)}
        >
          <p>
            Forget the key of <strong>{`${confirming.host}:${confirming.port}`}</strong> (
            <code>{confirming.fingerprint}</code>)? The next connection there is a first contact: Rackside
            shows the key it is offered and asks you to check it against <code>sysconf fingerprint ssh</code>{' '}
            on the serial console.
          </p>
        </ConfirmDialog>
      )}
    </section>
  )
}
