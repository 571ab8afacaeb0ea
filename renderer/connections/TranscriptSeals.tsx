import { useState } from 'react'
import type { Result } from '../../shared/api'
import './known-hosts.css'

type Checked = Result<'transcripts.verify'>
type Verdict = Checked['transcripts'][number]

const describe = (e: unknown) => (e instanceof Error ? e.message : String(e))

const verdictWords: Record<Verdict['verdict'], string> = {
  sealed: 'Sealed',
  unsealed: 'Unsealed lines',
  altered: 'ALTERED',
}

function details(t: Verdict): string {
  if (t.broken) return `Lines ${t.broken.from}–${t.broken.line}: ${t.broken.reason}.`
  if (t.seals === 0) return 'No seal: written before Rackside sealed transcripts, or never closed.'
  const after = t.unsealedLines ? `${t.unsealedLines} lines after the last seal (open, or a crash). ` : ''
  return `${after}${t.seals} seals hold; the last at ${t.lastSeal?.at ?? '?'}:`
}

/**
 * Checks the seals of every transcript (electron/sessions/transcript-seal.ts) and lists the verdicts, with the
 * last seal's digest: the value an auditor compares with the copy kept at the end of the bring-up.
 */
export function TranscriptSeals() {
  const [checked, setChecked] = useState<Checked>()
  const [problem, setProblem] = useState<string>()
  const check = async () => {
    setProblem(undefined)
    try {
      setChecked(await window.rackside.transcripts.verify({}))
    } catch (e) {
      setProblem(describe(e))
    }
  }
  const altered = checked?.transcripts.filter((t) => t.verdict === 'altered').length ?? 0
  return (
    <section className="known-hosts transcript-seals" aria-label="Transcript seals">
      <h2>Transcript seals</h2>
      <p className="hint">
        Each transcript is sealed as it is written: a seal line holds the SHA-256 of everything above it, so a
        changed line breaks the seals after it. Keep the last digest of a bring-up&apos;s transcript with its
        record; the same check runs headless as <code>rackside transcript verify</code>.
      </p>
      <button type="button" onClick={() => void check()}>
        Check transcript seals
      </button>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {checked && (
        <p className="hint" role="status" aria-label="Seal check">
          {checked.transcripts.length === 0
            ? `No transcripts in ${checked.path} yet.`
            : `${checked.transcripts.length} transcript${checked.transcripts.length === 1 ? '' : 's'} in ${checked.path}: ${altered ? `${altered} ALTERED` : 'none altered'}.`}
          {checked.unreadable.map((u) => ` Cannot read ${u}.`).join('')}
        </p>
      )}
      {checked && checked.transcripts.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>Transcript</th>
              <th>Verdict</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {checked.transcripts.map((t) => (
              <tr key={t.name} className={`verdict-${t.verdict}`}>
                <td className="fingerprint">{t.name}</td>
                <td>{verdictWords[t.verdict]}</td>
                <td>
                  {details(t)}
                  {!t.broken && t.lastSeal && (
                    <span className="alternate fingerprint">sha256:{t.lastSeal.digest}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
