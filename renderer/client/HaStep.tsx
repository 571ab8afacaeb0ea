import { useState, type ReactNode } from 'react'
import type { Params, Result } from '../../shared/api'
import { useStep } from './use-step'
import { Field, Step, StepAction } from './wizard-parts'

/**
 * High Availability on the client (HID: "About High Availability Mode"): one virtual slot over a partition on
 * each appliance. Rackside runs `vtl haAdmin` in the tools console and reads `vtl haAdmin show` back after
 * every change; the partition password is the one kept in the keychain, which the host reads itself.
 */

type HaResult = Result<'client.haAdmin'>
type HaGroup = NonNullable<HaResult['readBack']>['groups'][number]
const api = () => window.rackside

/** An HA group is worth having once it spans two partitions. */
export const haGroupFormed = (groups: readonly HaGroup[] | undefined): boolean =>
  (groups ?? []).some((g) => g.members.length >= 2)

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

function haEvidence(v: HaResult): ReactNode {
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
const haFailed = (v: HaResult) => !v.ok

export function HaStep({
  n,
  applianceId,
  partition,
  visible,
  onGroups,
}: {
  n: number
  /** The appliance whose kept partition password vtl uses. */
  applianceId: string | undefined
  /** The partition named in step 5: its kept password is the group's. */
  partition: string
  /** Partitions this client reaches (vtl verify, or the trust link check), as hints for the serials. */
  visible: readonly { label: string; serial: string }[]
  onGroups(groups: HaGroup[]): void
}) {
  const [label, setLabel] = useState('')
  const [first, setFirst] = useState('')
  const [group, setGroup] = useState('')
  const [member, setMember] = useState('')
  const show = useStep<HaResult>()
  const create = useStep<HaResult>()
  const add = useStep<HaResult>()
  const only = useStep<HaResult>()
  const sync = useStep<HaResult>()
  const [groups, setGroups] = useState<HaGroup[]>()

  const haAdmin = async (params: Params<'client.haAdmin'>) => {
    const result = await api().client.haAdmin(params)
    if (result.readBack) {
      setGroups(result.readBack.groups)
      onGroups(result.readBack.groups)
    }
    return result
  }
  const password = applianceId && partition.trim() ? { applianceId, partition: partition.trim() } : undefined
  const groupName = group.trim() || label.trim()

  return (
    <Step
      n={n}
      title="High Availability (optional)"
      done={haGroupFormed(groups)}
      guide="With more than one appliance, one HA group makes their partitions a single virtual slot. Each appliance needs its partition, assigned to this client, with the same password; pick the group’s virtual slot in step 8 afterwards. vtl uses the partition password kept in step 10."
    >
      {visible.length > 0 && (
        <p className="hint" role="note">
          Partitions this client reaches: {visible.map((p) => `${p.label} (${p.serial})`).join(', ')}.
        </p>
      )}
      {!password && (
        <p className="hint" role="note">
          Name the partition in step 5 and keep its password in step 10 first.
        </p>
      )}
      <StepAction
        step={show}
        label="Show the HA configuration"
        row={false}
        request={() => haAdmin({ action: 'show' })}
        done={haEvidence}
        bad={haFailed}
      />
      <StepAction
        step={create}
        label="Create the HA group"
        disabled={!password || !label.trim() || !first.trim()}
        request={() =>
          haAdmin({ action: 'newGroup', label: label.trim(), serial: first.trim(), password: password! })
        }
        done={haEvidence}
        bad={haFailed}
      >
        <Field label="HA group label" value={label} onChange={setLabel} placeholder="cms_ha" />
        <Field label="First member (partition serial)" value={first} onChange={setFirst} />
      </StepAction>
      <StepAction
        step={add}
        label="Add the member"
        disabled={!password || !groupName || !member.trim()}
        request={() =>
          haAdmin({ action: 'addMember', group: groupName, serial: member.trim(), password: password! })
        }
        done={haEvidence}
        bad={haFailed}
      >
        <Field label="Group (label or number)" value={group} onChange={setGroup} placeholder={label.trim()} />
        <Field label="Member (partition serial)" value={member} onChange={setMember} />
      </StepAction>
      <StepAction
        step={only}
        label="Show only HA slots"
        request={() => haAdmin({ action: 'haOnly', enable: true })}
        between={
          <p className="hint">
            HA only hides the partitions’ own slots from applications: point cmsslot.ini and pkcs11.cfg (step
            9) at the group’s virtual slot first, or CMS loses its slot.
          </p>
        }
        done={haEvidence}
        bad={haFailed}
        extra={
          <button
            type="button"
            onClick={() => void only.run(() => haAdmin({ action: 'haOnly', enable: false }))}
          >
            Show all slots
          </button>
        }
      />
      <StepAction
        step={sync}
        label="Synchronize the group"
        row={false}
        disabled={!groupName}
        request={() => haAdmin({ action: 'synchronize', group: groupName })}
        done={haEvidence}
        bad={haFailed}
      />
    </Step>
  )
}
