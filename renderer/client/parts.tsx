/**
 * The parts of client-side steps that data cannot say: the kept admin password (keep, replace, forget, each
 * asking the keychain), the way cmsslot.ini names the picked slot, and a transfer's progress bar.
 */
import { useEffect, useState, type ReactNode } from 'react'
import type { EventPayload, Result } from '../../shared/api'
import { ConfirmDialog } from '../dialog/ConfirmDialog'
import type { ApplianceConsole, PartId } from './steps'
import { useStep } from './use-step'
import type { Wizard } from './use-wizard'
import { Field, Status, StepAction } from './wizard-parts'

const api = () => window.rackside

export function TransferProgress({
  transfer,
  running,
}: {
  transfer: EventPayload<'client.transfer.progress'> | undefined
  running: boolean
}) {
  if (!transfer || !running) return null
  return <progress aria-label="Transfer progress" max={transfer.total || 1} value={transfer.transferred} />
}

/**
 * The appliance admin password the SCP copies log in with: whether the keychain keeps it for this appliance,
 * keep it once, replace it (changed on the appliance, say) or forget it. It goes to the keychain and never back.
 */
function AdminPassword({ appliance }: { appliance: ApplianceConsole | undefined }) {
  const [password, setPassword] = useState('')
  const [keptFor, setKeptFor] = useState<{ profileId: string; kept: boolean; error?: string }>()
  const keep = useStep<Result<'vault.set'>>()
  const forget = useStep<Result<'vault.delete'>>()
  /** The appliance whose kept admin password the operator chose to replace. */
  const [replacingFor, setReplacingFor] = useState<string>()
  const [confirmingForget, setConfirmingForget] = useState(false)

  useEffect(() => {
    if (!appliance) return
    const profileId = appliance.profileId
    api()
      .vault.has({ account: { kind: 'appliance-admin', applianceId: profileId } })
      .then((r) => setKeptFor({ profileId, kept: r.kept }))
      .catch((e: unknown) =>
        setKeptFor({ profileId, kept: false, error: e instanceof Error ? e.message : String(e) }),
      )
  }, [appliance, keep.value, forget.value])
  const replacing = appliance !== undefined && replacingFor === appliance.profileId
  const kept = appliance && keptFor?.profileId === appliance.profileId ? keptFor.kept : undefined
  const keychainError = kept === false ? keptFor?.error : undefined

  return (
    <>
      <p className="kept" aria-label="Admin password">
        {keychainError
          ? keychainError
          : kept === true
            ? 'The appliance admin password is kept in the keychain.'
            : kept === false
              ? 'The appliance admin password is not in the keychain yet: enter it once.'
              : ''}
      </p>
      {kept === true && !replacing && appliance && (
        <div className="row">
          <button
            type="button"
            onClick={() => {
              keep.reset()
              forget.reset()
              setReplacingFor(appliance.profileId)
            }}
          >
            Replace the kept password
          </button>
          <button type="button" onClick={() => setConfirmingForget(true)}>
            Forget the kept password
          </button>
        </div>
      )}
      {confirmingForget && appliance && (
        <ConfirmDialog
          title="Forget the kept password?"
          confirmLabel="Forget it"
          keepLabel="Keep it"
          onKeep={() => setConfirmingForget(false)}
          onConfirm={() => {
            setConfirmingForget(false)
            keep.reset()
            void forget.run(() =>
              api().vault.delete({
                account: { kind: 'appliance-admin', applianceId: appliance.profileId },
              }),
            )
          }}
        >
          <p>
            The admin password kept for {appliance.title} leaves the keychain. Its consoles and steps will ask
            for it again.
          </p>
        </ConfirmDialog>
      )}
      <Status step={forget.status} done={() => 'Forgotten: the keychain no longer keeps it.'} />
      <StepAction
        step={keep}
        label="Keep the admin password in the keychain"
        hideControls={(kept !== false && !replacing) || !!keychainError}
        disabled={!password || !appliance}
        request={() =>
          api().vault.set({
            account: { kind: 'appliance-admin', applianceId: appliance!.profileId },
            secret: password,
          })
        }
        onDone={() => {
          setPassword('')
          setReplacingFor(undefined)
          forget.reset()
        }}
        done={() => 'Kept in the OS keychain.'}
        extra={
          replacing && (
            <button
              type="button"
              onClick={() => {
                setPassword('')
                setReplacingFor(undefined)
              }}
            >
              Cancel
            </button>
          )
        }
      >
        <Field label="Appliance admin password" type="password" value={password} onChange={setPassword} />
      </StepAction>
    </>
  )
}

/** Once a slot is picked: cmsslot.ini names it by its token's label or by its slot ID. */
function SlotChoice({ wizard }: { wizard: Wizard }) {
  const slot = wizard.ctx.slot
  if (!slot) return null
  return (
    <div className="row" role="radiogroup" aria-label="cmsslot.ini names the slot by">
      <label>
        <input
          type="radio"
          checked={wizard.by === 'token-name'}
          onChange={() => wizard.setBy('token-name')}
        />{' '}
        Token name ({slot.token?.label})
      </label>
      <label>
        <input type="radio" checked={wizard.by === 'slot-id'} onChange={() => wizard.setBy('slot-id')} /> Slot
        ID ({slot.slotId})
      </label>
    </div>
  )
}

export const PARTS: Record<PartId, (props: { wizard: Wizard }) => ReactNode> = {
  'admin-password': ({ wizard }) => <AdminPassword appliance={wizard.ctx.appliance} />,
  'slot-choice': SlotChoice,
}
