/**
 * How each client-side answer reads back: the views a step's action names as its evidence (steps/model.ts,
 * EvidenceViews). Each shows what the host found, never what was merely sent.
 */
import type { ReactNode } from 'react'
import { stepNumber, type EvidenceKind, type EvidenceViews, type HaGroup } from './steps'
import type { Wizard } from './use-wizard'

interface ViewProps<K extends EvidenceKind> {
  value: EvidenceViews[K]
  wizard: Wizard
  /** The follow-up action shown inside this answer (Apply under its preview). */
  then: ReactNode
}

function LunaClient({ value: v }: ViewProps<'luna-client'>) {
  return (
    <dl aria-label="Luna client">
      <dt>Folder</dt>
      <dd>{v.folder}</dd>
      <dt>vtl</dt>
      <dd>{v.vtlPath}</dd>
      <dt>Version</dt>
      <dd>{v.version ?? v.versionNote}</dd>
      <dt>Configuration</dt>
      <dd>{v.configPath ?? 'none yet (vtl createCert writes it)'}</dd>
      <dt>Cryptoki library</dt>
      <dd>{v.cryptokiLibrary ?? `not found (see step ${stepNumber('slot')})`}</dd>
    </dl>
  )
}

function ntlsCheck(v: EvidenceViews['server-pem']['ntls']): string {
  if (v.matches === true) return `The appliance presents this certificate on ${v.endpoint}.`
  if (v.matches === false)
    return `The appliance presents ANOTHER certificate on ${v.endpoint} (${v.presentedSha256}). Restart NTLS on the appliance (service restart ntls) and pull again.`
  return `NTLS on ${v.endpoint} did not answer; the certificate could not be compared.`
}

function ServerPem({ value: v }: ViewProps<'server-pem'>) {
  return (
    <dl aria-label="server.pem">
      <dt>Kept at</dt>
      <dd>{v.path}</dd>
      <dt>Copied by</dt>
      <dd>{v.via.toUpperCase()}</dd>
      <dt>SHA-256</dt>
      <dd className="mono">{v.fingerprints.sha256}</dd>
      <dt>MD5</dt>
      <dd className="mono">{v.fingerprints.md5}</dd>
      <dt>Subject</dt>
      <dd>{v.subject.replace(/\n/g, ', ')}</dd>
      <dt>Valid</dt>
      <dd>
        {v.validFrom} — {v.validTo}
      </dd>
      <dt>NTLS check</dt>
      <dd className={v.ntls.matches === false ? 'bad' : ''}>{ntlsCheck(v.ntls)}</dd>
      {v.reportedMatches !== undefined && (
        <>
          <dt>Your fingerprint</dt>
          <dd className={v.reportedMatches ? '' : 'bad'}>
            {v.reportedMatches ? 'matches' : 'does NOT match — do not trust this file'}
          </dd>
        </>
      )}
      {v.replacedSha256 && (
        <>
          <dt>Replaced</dt>
          <dd>an older server.pem ({v.replacedSha256}): run vtl deleteServer, then addServer</dd>
        </>
      )}
    </dl>
  )
}

/** What a vtl run shows: the command, whether it worked, and the facts read from its output. */
function Vtl({ value: v }: ViewProps<'vtl'>) {
  const facts = v.facts as
    | { server?: string; certPath?: string; keyPath?: string }
    | { slot: number; serial: string; label: string }[]
    | undefined
  if (v.action === 'listServers' && Array.isArray(v.facts)) {
    const list = v.facts as { server: string; htlRequired: boolean }[]
    return (
      <div aria-label={`Result of ${v.command}`}>
        <code>{v.command}</code> —{' '}
        {list.length === 0
          ? 'no servers are registered.'
          : `registered: ${list.map((x) => `${x.server}${x.htlRequired ? ' (HTL)' : ''}`).join(', ')}`}
      </div>
    )
  }
  return (
    <div aria-label={`Result of ${v.command}`} className={v.ok ? '' : 'bad'}>
      <code>{v.command}</code> — {v.ok ? 'done' : `failed (exit status ${v.exitCode})`}
      {v.problem && <p>{v.problem}</p>}
      {v.warnings?.map((w) => (
        <p key={w} className="warning" role="alert">
          {w}
        </p>
      ))}
      {Array.isArray(facts) ? (
        <table aria-label="Slots vtl verify found">
          <thead>
            <tr>
              <th>Slot</th>
              <th>Serial #</th>
              <th>Label</th>
            </tr>
          </thead>
          <tbody>
            {facts.map((s) => (
              <tr key={`${s.slot}-${s.serial}`}>
                <td className="mono">{s.slot}</td>
                <td className="mono">{s.serial}</td>
                <td>{s.label}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : facts?.certPath ? (
        <p>
          Certificate {facts.certPath}; key {facts.keyPath}
        </p>
      ) : facts?.server ? (
        <p>Server {facts.server} is in the client’s server list.</p>
      ) : null}
    </div>
  )
}

function TrustLink({ value: v }: ViewProps<'trust-link'>) {
  return v.ok ? (
    <div aria-label="Trust link">
      <strong>The trust link is up</strong> ({v.endpoint}, {v.tlsVersion})
      {v.client ? `; the appliance knows this client as ${v.client}` : ''}.
      {v.partitions && (
        <span> Partitions: {v.partitions.map((p) => `${p.name} (${p.serial})`).join(', ')}.</span>
      )}
      {v.warnings.map((w) => (
        <p key={w} className="warning">
          {w}
        </p>
      ))}
    </div>
  ) : (
    <div aria-label="Trust link" className="bad">
      <strong>Diagnosis: {v.problem}</strong>
      <p>{v.message}</p>
      {v.advice && <p className="advice">What to do: {v.advice}</p>}
    </div>
  )
}

/** The slots with a radio each: the one picked is the slot the CMS files name. */
function Slots({ value: v, wizard }: ViewProps<'slots'>) {
  return (
    <fieldset className="slots">
      <legend>
        Slots of {v.module.description || v.library} ({v.source})
      </legend>
      <table aria-label="PKCS#11 slots">
        <thead>
          <tr>
            <th>Use</th>
            <th>Slot ID</th>
            <th>Token label</th>
            <th>Serial</th>
            <th>Description</th>
          </tr>
        </thead>
        <tbody>
          {v.slots.map((s) => (
            <tr key={s.slotId}>
              <td>
                <input
                  type="radio"
                  name="slot"
                  disabled={!s.token}
                  aria-label={`Use slot ${s.slotId}${s.token ? ` (${s.token.label})` : ''}`}
                  checked={wizard.slotId === s.slotId}
                  onChange={() => wizard.setSlotId(s.slotId)}
                />
              </td>
              <td className="mono">{s.slotId}</td>
              <td>{s.token?.label ?? '—'}</td>
              <td className="mono">{s.token?.serial ?? '—'}</td>
              <td>{s.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </fieldset>
  )
}

/** A CMS file's preview: the changes and the diff the operator reviews, and Apply. */
function CmsPreview({ value: v, then }: ViewProps<'cms-preview'>) {
  const name = v.file
  return (
    <div className="cms-preview" aria-label={`Preview of ${name}`}>
      <p>
        {v.path} ({v.existed ? `${v.encoding}${v.bom ? ' with BOM' : ''}` : 'new file'})
        {v.changed ? '' : ' already says this: nothing to write.'}
      </p>
      {v.changes.length > 0 && (
        <ul aria-label={`Changes to ${name}`}>
          {v.changes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      )}
      {v.warnings.map((w) => (
        <p className="warning" key={w}>
          {w}
        </p>
      ))}
      {v.diff && (
        <pre className="diff" aria-label={`Diff of ${name}`}>
          {v.diff}
        </pre>
      )}
      {then}
    </div>
  )
}

function HaGroups({ groups, haOnly }: { groups: HaGroup[]; haOnly: boolean | undefined }) {
  if (groups.length === 0) return <p>No HA group is configured on this client.</p>
  return (
    <>
      {groups.map((g) => (
        <table key={g.number} aria-label={`HA group ${g.label}`}>
          <caption>
            {g.label} (group {g.number}
            {g.slot !== undefined ? `, virtual slot ${g.slot}` : ''})
          </caption>
          <thead>
            <tr>
              <th>Member serial</th>
              <th>Label</th>
              <th>Slot</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {g.members.map((serial) => {
              const row = g.memberRows.find((r) => r.serial === serial)
              return (
                <tr key={serial}>
                  <td>{serial}</td>
                  <td>{row?.label ?? '—'}</td>
                  <td>{row?.slot ?? '—'}</td>
                  <td>{row?.status ?? 'not listed'}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      ))}
      <p>HA only (applications see only the virtual slots): {haOnly ? 'on' : 'off'}.</p>
    </>
  )
}

function Ha({ value: v }: ViewProps<'ha'>) {
  return (
    <div aria-label={`Result of ${v.command}`}>
      <code>{v.command}</code> —{' '}
      {!v.ok
        ? `not done: ${v.problem}`
        : v.action === 'show'
          ? 'read'
          : 'done, read back from vtl haAdmin show'}
      {v.readBack && <HaGroups groups={v.readBack.groups} haOnly={v.readBack.haOnly} />}
    </div>
  )
}

const VIEWS: { [K in EvidenceKind]: (props: ViewProps<K>) => ReactNode } = {
  'luna-client': LunaClient,
  'server-pem': ServerPem,
  vtl: Vtl,
  'trust-link': TrustLink,
  slots: Slots,
  'cms-preview': CmsPreview,
  ha: Ha,
}

/** The answer `value` as the view `kind` shows it. */
export function Evidence({
  kind,
  value,
  wizard,
  then,
}: {
  kind: EvidenceKind
  value: unknown
  wizard: Wizard
  then: ReactNode
}) {
  const View = VIEWS[kind] as (props: ViewProps<EvidenceKind>) => ReactNode
  return <View value={value as EvidenceViews[EvidenceKind]} wizard={wizard} then={then} />
}
