import { useEffect, useMemo, useState, type ReactNode } from 'react'
import type { EventPayload, Result, RunnerResult } from '../../shared/api'
import { ConsolePane } from '../console/ConsolePane'
import type { SessionEvents } from '../sessions/session-events'
import { HaStep, haGroupFormed } from './HaStep'
import { useStep } from './use-step'
import { Field, Status, Step, StepAction } from './wizard-parts'
import './client.css'

/**
 * The client side of the HID procedure as a step list a newcomer can follow, beside the Luna client tools console
 * where Rackside runs vtl visibly. Every request goes to the host, which checks it; this view only collects the
 * operator's choices and shows the evidence. Passwords go to the keychain and never come back.
 */

type ApplianceConsole = EventPayload<'runner.attached'>
const SOFTHSM = '/usr/lib/softhsm/libsofthsm2.so'
const api = () => window.rackside

const runStatus = (r: RunnerResult): string =>
  r.status === 'done'
    ? `Done${r.readBack?.evidence ? ` — ${r.readBack.evidence}` : ''}`
    : `${r.status === 'unknown' ? 'Unknown' : 'Failed'}: ${r.reason}`

function TransferProgress({
  transfer,
  running,
}: {
  transfer: EventPayload<'client.transfer.progress'> | undefined
  running: boolean
}) {
  if (!transfer || !running) return null
  return <progress aria-label="Transfer progress" max={transfer.total || 1} value={transfer.transferred} />
}

export function ClientWizard({ events, active }: { events: SessionEvents; active: boolean }) {
  const [consoles, setConsoles] = useState<ApplianceConsole[]>([])
  const [sessionId, setSessionId] = useState<string>('')
  const [toolsKey, setToolsKey] = useState(0)
  const [clientName, setClientName] = useState('')
  const [registerName, setRegisterName] = useState('')

  useEffect(() => {
    const a = api()
    const refresh = () =>
      a.runner
        .sessions({})
        .then((list) => {
          setConsoles(list)
          // The demo's simulated client sits on the same computer: its defaults are the loopback address.
          if (list.at(-1)?.profileId.startsWith('demo')) {
            setClientName((v) => v || '127.0.0.1')
            setRegisterName((v) => v || 'cms-server-1')
          }
          setSessionId((current) =>
            list.some((s) => s.sessionId === current) ? current : (list.at(-1)?.sessionId ?? ''),
          )
        })
        .catch(() => undefined)
    void refresh()
    const offs = [
      a.on('runner.attached', () => void refresh()),
      // A console's prompt named its appliance: the list shows that name.
      a.on('session.appliance', () => void refresh()),
      a.on('session.status', (s) => {
        if (s.state === 'closed' || s.state === 'failed') void refresh()
      }),
    ]
    return () => offs.forEach((off) => off())
  }, [])

  const appliance = consoles.find((c) => c.sessionId === sessionId)
  const isDemo = appliance ? appliance.profileId.startsWith('demo') : false

  // Step 1: the Luna client.
  const [folder, setFolder] = useState('')
  const locate = useStep<Result<'client.locate'>>()
  // Step 2: server.pem.
  const [adminPassword, setAdminPassword] = useState('')
  const [adminKeptFor, setAdminKeptFor] = useState<{ profileId: string; kept: boolean; error?: string }>()
  const keepAdmin = useStep<Result<'vault.set'>>()
  const forgetAdmin = useStep<Result<'vault.delete'>>()
  /** The appliance whose kept admin password the operator chose to replace (changed on the appliance, say). */
  const [replacingFor, setReplacingFor] = useState<string>()
  const [reported, setReported] = useState('')
  const [transfer, setTransfer] = useState<EventPayload<'client.transfer.progress'>>()
  const pull = useStep<Result<'client.pullServerPem'>>()
  // Step 3: vtl.
  const [server, setServer] = useState('')
  const addServer = useStep<Result<'client.runVtl'>>()
  const createCert = useStep<Result<'client.runVtl'>>()
  const servers = useStep<Result<'client.runVtl'>>()
  // Step 4: push.
  const push = useStep<Result<'client.pushCert'>>()
  // Step 5: register + assign.
  const [partition, setPartition] = useState('')
  const register = useStep<RunnerResult>()
  const assign = useStep<RunnerResult>()
  // Step 6: NTL check.
  const probe = useStep<Result<'client.probe'>>()
  // Step 7: vtl verify.
  const verify = useStep<Result<'client.runVtl'>>()
  // Step 8: slots.
  const [library, setLibrary] = useState('')
  const slots = useStep<Result<'client.listSlots'>>()
  const [slotId, setSlotId] = useState<number | undefined>()
  const [by, setBy] = useState<'token-name' | 'slot-id'>('token-name')
  // Step 9: CMS files.
  const [iniPath, setIniPath] = useState('')
  const [cfgPath, setCfgPath] = useState('')
  const [cmsNote, setCmsNote] = useState('')
  const [createIni, setCreateIni] = useState(false)
  const [distribution, setDistribution] = useState('')
  const copy = useStep<Result<'client.cmsCopyFromDistribution'>>()
  const iniPreview = useStep<Result<'client.cmsPreview'>>()
  const cfgPreview = useStep<Result<'client.cmsPreview'>>()
  const iniApply = useStep<Result<'client.cmsApply'>>()
  const cfgApply = useStep<Result<'client.cmsApply'>>()
  // Step 10: keychain.
  const [partitionPassword, setPartitionPassword] = useState('')
  const keepPartition = useStep<Result<'vault.set'>>()
  // Step 11: High Availability.
  const [haGroups, setHaGroups] = useState<NonNullable<Result<'client.haAdmin'>['readBack']>['groups']>()

  useEffect(() => {
    const off = api().on('client.transfer.progress', setTransfer)
    api()
      .client.cmsDefaults({})
      .then((d) => {
        setIniPath((v) => v || d.cmsSlotIni)
        setCfgPath((v) => v || d.pkcs11Cfg)
        setCmsNote(d.note)
      })
      .catch(() => undefined)
    return off
  }, [])

  useEffect(() => {
    if (!appliance) return
    const profileId = appliance.profileId
    api()
      .vault.has({ account: { kind: 'appliance-admin', applianceId: profileId } })
      .then((r) => setAdminKeptFor({ profileId, kept: r.kept }))
      .catch((e: unknown) =>
        setAdminKeptFor({ profileId, kept: false, error: e instanceof Error ? e.message : String(e) }),
      )
  }, [appliance, keepAdmin.value, forgetAdmin.value])
  const replacingAdmin = appliance !== undefined && replacingFor === appliance.profileId
  const adminKept =
    appliance && adminKeptFor?.profileId === appliance.profileId ? adminKeptFor.kept : undefined
  const keychainError = adminKept === false ? adminKeptFor?.error : undefined

  const chosenSlot = slots.value?.slots.find((s) => s.slotId === slotId)
  const choice = useMemo(() => {
    if (!chosenSlot) return undefined
    const label = chosenSlot.token?.label
    return by === 'token-name' && label
      ? ({ by: 'token-name', tokenName: label } as const)
      : ({ by: 'slot-id', slotId: chosenSlot.slotId } as const)
  }, [chosenSlot, by])

  const visiblePartitions = useMemo(() => {
    const verified = verify.value?.ok ? verify.value.facts : undefined
    if (Array.isArray(verified)) return verified as { label: string; serial: string }[]
    return (probe.value?.partitions ?? []).map((p) => ({ label: p.name, serial: p.serial }))
  }, [verify.value, probe.value])

  const needConsole = !sessionId
  const lib = library.trim() || undefined

  type ApplianceFacts = {
    clientRegistered?: boolean
    registeredClientFingerprint?: string
    ipcheck?: boolean
  }
  const readFacts = async (): Promise<ApplianceFacts> => {
    // What the appliance says about this client sharpens the diagnosis; each read is optional.
    const facts: ApplianceFacts = {}
    const name = registerName.trim()
    const runner = api().runner
    const read = async (commandId: string, fields: Record<string, string>) =>
      runner.run({ sessionId, commandId, fields }).catch(() => undefined)
    if (name) {
      const show = await read('client.show', { client: name })
      if (show?.status === 'done') facts.clientRegistered = true
      else if (show && /does not exist/i.test(`${show.reason} ${show.transcript}`))
        facts.clientRegistered = false
      const fp = await read('client.fingerprint', { client: name })
      const value = (fp?.facts as { fingerprint?: string } | undefined)?.fingerprint
      if (value) facts.registeredClientFingerprint = value
    }
    const ip = await read('ntls.ipcheck.show', {})
    const enabled = (ip?.facts as { enabled?: boolean } | undefined)?.enabled
    if (enabled !== undefined) facts.ipcheck = enabled
    return facts
  }

  const stepsDone = [
    !!locate.value,
    !!pull.value,
    addServer.value?.ok === true && createCert.value?.ok === true,
    !!push.value,
    register.value?.status === 'done' && assign.value?.status === 'done',
    probe.value?.ok === true,
    verify.value?.ok === true,
    choice !== undefined,
    !!iniApply.value || !!cfgApply.value,
    !!keepPartition.value,
    haGroupFormed(haGroups),
  ]
  const titles = [
    'Locate the Luna client',
    'Pull server.pem from the appliance',
    'vtl addServer and createCert',
    'Push the client certificate',
    'Register the client and assign the partition',
    'Check the Network Trust Link',
    'vtl verify',
    'Pick the PKCS#11 slot',
    'cmsslot.ini and pkcs11.cfg',
    'Keep the client password in the keychain',
    'High Availability (optional)',
  ]
  const stepOf = (n: number) => ({ n, title: titles[n - 1]!, done: stepsDone[n - 1]! })

  return (
    <div className="client-wizard" hidden={!active}>
      <div className="client-steps" role="region" aria-label="Client-side setup">
        <header className="client-head">
          <h2>Client side: make the CMS server a trusted client</h2>
          <label className="field">
            <span>Appliance console</span>
            <select value={sessionId} onChange={(e) => setSessionId(e.target.value)}>
              {consoles.length === 0 && <option value="">No appliance console is connected</option>}
              {consoles.map((c) => (
                <option key={c.sessionId} value={c.sessionId}>
                  {c.title}
                </option>
              ))}
            </select>
          </label>
          {needConsole && (
            <p className="hint" role="note">
              Connect to the appliance first (Connections → Demo appliance, or your appliance over SSH): the
              wizard copies files over that console’s verified SSH connection and runs the appliance commands
              in it.
            </p>
          )}
          <ol className="step-list" aria-label="Steps">
            {titles.map((t, i) => (
              <li key={t} className={stepsDone[i] ? 'is-done' : ''}>
                <span aria-hidden="true">{stepsDone[i] ? '✓' : i + 1}</span> {t}
                <span className="sr-only">{stepsDone[i] ? ' (done)' : ' (not done)'}</span>
              </li>
            ))}
          </ol>
        </header>

        <Step
          {...stepOf(1)}
          guide="Rackside runs the Luna client’s vtl and reads its Chrystoki.conf. Give its folder, or leave it empty to look in the default places (/usr/safenet/lunaclient, C:\Program Files\SafeNet\LunaClient)."
        >
          <StepAction
            step={locate}
            label="Locate the Luna client"
            request={() => api().client.locate(folder.trim() ? { folder: folder.trim() } : {})}
            extra={
              isDemo && (
                <button
                  type="button"
                  onClick={() => void locate.run(() => api().client.locate({ demo: true, sessionId }))}
                >
                  Use the demo appliance’s client
                </button>
              )
            }
            done={(v) => (
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
                <dd>{v.cryptokiLibrary ?? 'not found (see step 8)'}</dd>
              </dl>
            )}
          >
            <Field
              label="Luna client folder"
              value={folder}
              onChange={setFolder}
              placeholder="/usr/safenet/lunaclient"
            />
          </StepAction>
        </Step>

        <Step
          {...stepOf(2)}
          guide="server.pem is the appliance’s NTLS certificate. Rackside copies it over SCP (SFTP on 7.9+) with the SSH host key this console verified, keeps it for this appliance only, and checks it is the certificate the appliance presents on its NTLS port."
        >
          <p className="kept" aria-label="Admin password">
            {keychainError
              ? keychainError
              : adminKept === true
                ? 'The appliance admin password is kept in the keychain.'
                : adminKept === false
                  ? 'The appliance admin password is not in the keychain yet: enter it once.'
                  : ''}
          </p>
          {adminKept === true && !replacingAdmin && appliance && (
            <div className="row">
              <button
                type="button"
                onClick={() => {
                  keepAdmin.reset()
                  forgetAdmin.reset()
                  setReplacingFor(appliance.profileId)
                }}
              >
                Replace the kept password
              </button>
              <button
                type="button"
                onClick={() => {
                  if (
                    !window.confirm(
                      `Forget the admin password kept for ${appliance.title}? Its consoles and steps will ask for it again.`,
                    )
                  )
                    return
                  keepAdmin.reset()
                  void forgetAdmin.run(() =>
                    api().vault.delete({
                      account: { kind: 'appliance-admin', applianceId: appliance.profileId },
                    }),
                  )
                }}
              >
                Forget the kept password
              </button>
            </div>
          )}
          <Status step={forgetAdmin.status} done={() => 'Forgotten: the keychain no longer keeps it.'} />
          <StepAction
            step={keepAdmin}
            label="Keep the admin password in the keychain"
            hideControls={(adminKept !== false && !replacingAdmin) || !!keychainError}
            disabled={!adminPassword || !appliance}
            request={() =>
              api().vault.set({
                account: { kind: 'appliance-admin', applianceId: appliance!.profileId },
                secret: adminPassword,
              })
            }
            onDone={() => {
              setAdminPassword('')
              setReplacingFor(undefined)
              forgetAdmin.reset()
            }}
            done={() => 'Kept in the OS keychain.'}
            extra={
              replacingAdmin && (
                <button
                  type="button"
                  onClick={() => {
                    setAdminPassword('')
                    setReplacingFor(undefined)
                  }}
                >
                  Cancel
                </button>
              )
            }
          >
            <Field
              label="Appliance admin password"
              type="password"
              value={adminPassword}
              onChange={setAdminPassword}
            />
          </StepAction>
          <StepAction
            step={pull}
            label="Pull server.pem"
            disabled={needConsole}
            request={() =>
              api().client.pullServerPem({
                sessionId,
                ...(reported.trim() ? { reportedFingerprint: reported.trim() } : {}),
              })
            }
            between={<TransferProgress transfer={transfer} running={pull.status.state === 'running'} />}
            done={(v) => (
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
                <dd className={v.ntls.matches === false ? 'bad' : ''}>
                  {v.ntls.matches === true
                    ? `The appliance presents this certificate on ${v.ntls.endpoint}.`
                    : v.ntls.matches === false
                      ? `The appliance presents ANOTHER certificate on ${v.ntls.endpoint} (${v.ntls.presentedSha256}). Restart NTLS on the appliance (service restart ntls) and pull again.`
                      : `NTLS on ${v.ntls.endpoint} did not answer; the certificate could not be compared.`}
                </dd>
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
            )}
          >
            <Field
              label="Server certificate fingerprint the appliance shows (optional)"
              value={reported}
              onChange={setReported}
              placeholder="SHA256, SHA1 or MD5"
            />
          </StepAction>
        </Step>

        <Step
          {...stepOf(3)}
          guide="vtl addServer registers the appliance with its server.pem; vtl createCert makes this computer’s client certificate. Use the FQDN with DNS (Rackside checks it resolves to the appliance, or to this computer), else the IP address. Both run in the Luna client tools console on the right."
        >
          <StepAction
            step={addServer}
            label="Run vtl addServer"
            disabled={needConsole}
            request={() =>
              api().client.runVtl({
                action: 'addServer',
                sessionId,
                ...(server.trim() ? { server: server.trim() } : {}),
              })
            }
            done={vtlEvidence}
            bad={vtlFailed}
          >
            <Field
              label="Appliance name for vtl"
              value={server}
              onChange={setServer}
              placeholder="the console’s address"
            />
          </StepAction>
          <StepAction
            step={servers}
            label="Run vtl listServers"
            request={() => api().client.runVtl({ action: 'listServers' })}
            extra={
              <button
                type="button"
                disabled={needConsole && !server.trim()}
                title="After the appliance's certificate was regenerated: remove the old entry, then add the server again."
                onClick={() =>
                  void servers.run(() =>
                    api().client.runVtl({
                      action: 'deleteServer',
                      ...(sessionId ? { sessionId } : {}),
                      ...(server.trim() ? { server: server.trim() } : {}),
                    }),
                  )
                }
              >
                Run vtl deleteServer
              </button>
            }
            done={vtlEvidence}
            bad={vtlFailed}
          />
          <StepAction
            step={createCert}
            label="Run vtl createCert"
            disabled={!clientName.trim()}
            request={() =>
              api().client.runVtl({
                action: 'createCert',
                clientName: clientName.trim(),
                // With the console, the name is also checked to be one the appliance can reach.
                ...(sessionId ? { sessionId } : {}),
              })
            }
            done={vtlEvidence}
            bad={vtlFailed}
          >
            <Field
              label="This computer’s name or IP (client certificate)"
              value={clientName}
              onChange={setClientName}
              placeholder="cms01.example.com or 192.168.5.174"
            />
          </StepAction>
        </Step>

        <Step
          {...stepOf(4)}
          guide="The certificate (never the key) goes to the appliance admin’s home as <name>.pem, where client register reads it."
        >
          <StepAction
            step={push}
            label="Push the client certificate"
            row={false}
            disabled={needConsole || !clientName.trim()}
            request={() => api().client.pushCert({ sessionId, clientName: clientName.trim() })}
            between={<TransferProgress transfer={transfer} running={push.status.state === 'running'} />}
            done={(v) => `${v.remoteName} sent by ${v.via.toUpperCase()} (SHA-256 ${v.fingerprints.sha256}).`}
          />
        </Step>

        <Step
          {...stepOf(5)}
          guide="On the appliance: client register (by hostname or IP, as in the certificate) and client assignPartition. Rackside types them in the appliance console and reads the result back."
        >
          <StepAction
            step={register}
            label="Register the client"
            disabled={needConsole || !registerName.trim() || !clientName.trim()}
            request={() =>
              api().runner.run({
                sessionId,
                commandId: 'client.register',
                fields: { client: registerName.trim(), address: clientName.trim() },
              })
            }
            done={runStatus}
          >
            <Field
              label="Client name on the appliance"
              value={registerName}
              onChange={setRegisterName}
              placeholder="cms-server-1"
            />
          </StepAction>
          <StepAction
            step={assign}
            label="Assign the partition"
            disabled={needConsole || !registerName.trim() || !partition.trim()}
            request={() =>
              api().runner.run({
                sessionId,
                commandId: 'client.assignPartition',
                fields: { client: registerName.trim(), partition: partition.trim() },
              })
            }
            done={runStatus}
          >
            <Field label="Partition" value={partition} onChange={setPartition} placeholder="cms" />
          </StepAction>
        </Step>

        <Step
          {...stepOf(6)}
          guide="A real TLS handshake to the appliance’s NTLS port with the client certificate, checking the server presents the pulled server.pem. When it fails, Rackside reads client show, client fingerprint and ntls ipcheck show to name the cause."
        >
          <StepAction
            step={probe}
            label="Check the trust link"
            row={false}
            primary
            disabled={needConsole}
            request={async () => {
              const first = await api().client.probe({ sessionId })
              if (first.ok) return first
              const appliance = await readFacts()
              return api().client.probe({ sessionId, appliance })
            }}
            bad={(v) => !v.ok}
            done={(v) =>
              v.ok ? (
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
          />
        </Step>

        <Step {...stepOf(7)} guide="The Luna client’s own check: the slots and partitions it can reach.">
          <StepAction
            step={verify}
            label="Run vtl verify"
            row={false}
            request={() => api().client.runVtl({ action: 'verify' })}
            done={vtlEvidence}
            bad={vtlFailed}
          />
        </Step>

        <Step
          {...stepOf(8)}
          guide="Rackside loads the Luna cryptoki library named in Chrystoki.conf and lists its PKCS#11 slots; pick the one CMS uses (a physical partition or an HA virtual slot)."
        >
          {(isDemo || locate.value?.demo) && (
            <p className="hint" role="note">
              The demo appliance has no Luna cryptoki library. Point Rackside at another PKCS#11 library to
              try this step — for example SoftHSM2 at {SOFTHSM}.{' '}
              <button type="button" className="link" onClick={() => setLibrary(SOFTHSM)}>
                Use SoftHSM2
              </button>
            </p>
          )}
          <StepAction
            step={slots}
            label="List the slots"
            request={() => api().client.listSlots(lib ? { library: lib } : {})}
            done={(v) => (
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
                            checked={slotId === s.slotId}
                            onChange={() => setSlotId(s.slotId)}
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
            )}
          >
            <Field
              label="PKCS#11 library (empty: the Luna client’s)"
              value={library}
              onChange={setLibrary}
              placeholder="/usr/safenet/lunaclient/libs/64/libCryptoki2_64.so"
            />
          </StepAction>
          {chosenSlot && (
            <div className="row" role="radiogroup" aria-label="cmsslot.ini names the slot by">
              <label>
                <input type="radio" checked={by === 'token-name'} onChange={() => setBy('token-name')} />{' '}
                Token name ({chosenSlot.token?.label})
              </label>
              <label>
                <input type="radio" checked={by === 'slot-id'} onChange={() => setBy('slot-id')} /> Slot ID (
                {chosenSlot.slotId})
              </label>
            </div>
          )}
        </Step>

        <Step
          {...stepOf(9)}
          guide="ActivID CMS reads the slot from cmsslot.ini (TokenName or SlotID) and pkcs11.cfg (slot=). Review the diff, then Apply: Rackside checks the file did not change and the slot exists, keeps a timestamped backup and replaces the file atomically."
        >
          {cmsNote && <p className="hint">{cmsNote}</p>}
          <div className="row">
            <Field label="cmsslot.ini path" value={iniPath} onChange={setIniPath} />
            <label className="check">
              <input type="checkbox" checked={createIni} onChange={(e) => setCreateIni(e.target.checked)} />
              Create it if it is missing
            </label>
          </div>
          <StepAction
            step={copy}
            label="Copy cmsslot.ini from the distribution"
            disabled={!distribution.trim() || !iniPath.trim()}
            request={() =>
              api().client.cmsCopyFromDistribution({
                path: iniPath.trim(),
                distributionFolder: distribution.trim(),
              })
            }
            done={(v) =>
              v.source === 'existing'
                ? `${v.path} already exists; it was left as it is.`
                : `Copied from ${v.copiedFrom}.`
            }
          >
            <Field
              label="ActivID CMS distribution folder (optional)"
              value={distribution}
              onChange={setDistribution}
            />
          </StepAction>
          <StepAction
            step={iniPreview}
            label="Preview cmsslot.ini"
            disabled={!choice || !iniPath.trim()}
            request={() => {
              iniApply.reset()
              return api().client.cmsPreview({
                file: 'cmsslot.ini',
                path: iniPath.trim(),
                choice: choice!,
                ...(createIni ? { createIfMissing: true } : {}),
                ...(lib ? { library: lib } : {}),
              })
            }}
            done={(v) => <CmsPreview preview={v} apply={iniApply} name="cmsslot.ini" />}
          />
          <StepAction
            step={cfgPreview}
            label="Preview pkcs11.cfg"
            disabled={!chosenSlot || !cfgPath.trim()}
            request={() => {
              cfgApply.reset()
              return api().client.cmsPreview({
                file: 'pkcs11.cfg',
                path: cfgPath.trim(),
                choice: { by: 'slot-id', slotId: chosenSlot!.slotId },
                ...(lib ? { library: lib } : {}),
              })
            }}
            done={(v) => <CmsPreview preview={v} apply={cfgApply} name="pkcs11.cfg" />}
          >
            <Field label="pkcs11.cfg path" value={cfgPath} onChange={setCfgPath} />
          </StepAction>
          {!choice && <p className="hint">Pick a slot in step 8 first.</p>}
        </Step>

        <Step
          {...stepOf(10)}
          guide="The partition’s client password (the one the PED showed, or the one you set) is kept in the OS keychain under this appliance and partition. It is never written to a file, a log or a transcript."
        >
          <StepAction
            step={keepPartition}
            label="Save in the keychain"
            disabled={!partitionPassword || !partition.trim() || !appliance}
            request={() =>
              api().vault.set({
                account: {
                  kind: 'partition',
                  applianceId: appliance!.profileId,
                  partition: partition.trim(),
                },
                secret: partitionPassword,
              })
            }
            onDone={() => setPartitionPassword('')}
            between={!partition.trim() && <p className="hint">Name the partition in step 5 first.</p>}
            done={() => `Kept in the OS keychain for partition ${partition.trim()}.`}
          >
            <Field
              label="Partition (client) password"
              type="password"
              value={partitionPassword}
              onChange={setPartitionPassword}
            />
          </StepAction>
        </Step>

        <HaStep
          n={11}
          applianceId={appliance?.profileId}
          partition={partition}
          visible={visiblePartitions}
          onGroups={setHaGroups}
        />
      </div>

      <aside className="client-tools" aria-label="Luna client tools">
        <h3>Luna client tools console</h3>
        <ConsolePane
          key={toolsKey}
          profileId="client-tools"
          events={events}
          active={active}
          onStatus={() => undefined}
          onClose={() => setToolsKey((k) => k + 1)}
        />
      </aside>
    </div>
  )
}

const vtlFailed = (v: Result<'client.runVtl'>): boolean => !v.ok

/** What a vtl run shows: the command, whether it worked, and the facts read from its output. */
function vtlEvidence(v: Result<'client.runVtl'>): ReactNode {
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

/** A CMS file's preview: the changes and the diff the operator reviews, and Apply. */
function CmsPreview({
  preview: v,
  apply,
  name,
}: {
  preview: Result<'client.cmsPreview'>
  apply: ReturnType<typeof useStep<Result<'client.cmsApply'>>>
  name: string
}) {
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
      <StepAction
        step={apply}
        label={`Apply ${name}`}
        row={false}
        primary
        disabled={apply.status.state === 'running' || apply.status.state === 'done'}
        request={() => api().client.cmsApply({ previewId: v.previewId })}
        done={(r) =>
          r.written
            ? `Written to ${r.path}${r.backupPath ? `; the previous file is kept as ${r.backupPath}` : ''}.`
            : `${r.path} already said this; nothing was written.`
        }
      />
    </div>
  )
}
