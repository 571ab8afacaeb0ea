/**
 * The client wizard's state in one place: the appliance consoles, what the operator typed, each action's request
 * state, the picked slot and the HA groups read back. The steps (steps/) read it as a WizardContext.
 */
import { useCallback, useEffect, useState } from 'react'
import type { EventPayload } from '../../shared/api'
import { errorCodeOf } from '../../shared/errors'
import {
  emptyValues,
  type ActionId,
  type ApplianceConsole,
  type FieldName,
  type HaGroup,
  type WizardContext,
} from './steps'
import type { StepState } from './use-step'

const api = () => window.rackside

/** One action's request state and how to run it: the shape StepAction takes. */
export interface ActionHandle {
  status: StepState<unknown>
  run(request: () => Promise<unknown>): Promise<unknown>
  reset(): void
  value: unknown
}

export interface Wizard {
  ctx: WizardContext
  consoles: ApplianceConsole[]
  setSessionId(id: string): void
  set(name: FieldName, value: string): void
  handle(id: ActionId): ActionHandle
  keep(kept: Partial<Pick<WizardContext, 'haGroups'>> | undefined): void
  slotId: number | undefined
  setSlotId(id: number): void
  by: 'token-name' | 'slot-id'
  setBy(by: 'token-name' | 'slot-id'): void
  transfer: EventPayload<'client.transfer.progress'> | undefined
}

export function useWizard(): Wizard {
  const [consoles, setConsoles] = useState<ApplianceConsole[]>([])
  const [sessionId, setSessionId] = useState('')
  const [values, setValues] = useState(emptyValues)
  const [statuses, setStatuses] = useState<Partial<Record<ActionId, StepState<unknown>>>>({})
  const [haGroups, setHaGroups] = useState<HaGroup[]>()
  const [slotId, setSlotId] = useState<number>()
  const [by, setBy] = useState<'token-name' | 'slot-id'>('token-name')
  const [cmsNote, setCmsNote] = useState('')
  const [transfer, setTransfer] = useState<EventPayload<'client.transfer.progress'>>()

  useEffect(() => {
    const a = api()
    const refresh = () =>
      a.runner
        .sessions({})
        .then((list) => {
          setConsoles(list)
          // The demo's simulated client sits on the same computer: its defaults are the loopback address.
          if (list.at(-1)?.profileId.startsWith('demo'))
            setValues((v) => ({
              ...v,
              clientName: v.clientName || '127.0.0.1',
              registerName: v.registerName || 'cms-server-1',
            }))
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

  useEffect(() => {
    const off = api().on('client.transfer.progress', setTransfer)
    api()
      .client.cmsDefaults({})
      .then((d) => {
        setValues((v) => ({ ...v, iniPath: v.iniPath || d.cmsSlotIni, cfgPath: v.cfgPath || d.pkcs11Cfg }))
        setCmsNote(d.note)
      })
      .catch(() => undefined)
    return off
  }, [])

  const set = useCallback((name: FieldName, value: string) => setValues((v) => ({ ...v, [name]: value })), [])
  const setStatus = useCallback(
    (id: ActionId, status: StepState<unknown>) => setStatuses((s) => ({ ...s, [id]: status })),
    [],
  )
  const handle = (id: ActionId): ActionHandle => {
    const status = statuses[id] ?? { state: 'idle' }
    return {
      status,
      value: status.state === 'done' ? status.value : undefined,
      reset: () => setStatus(id, { state: 'idle' }),
      run: async (request) => {
        setStatus(id, { state: 'running' })
        try {
          const value = await request()
          setStatus(id, { state: 'done', value })
          return value
        } catch (error) {
          const code = errorCodeOf(error)
          setStatus(id, {
            state: 'failed',
            message: error instanceof Error ? error.message : String(error),
            ...(code ? { code } : {}),
          })
          return undefined
        }
      },
    }
  }

  const results = Object.fromEntries(
    Object.entries(statuses).flatMap(([id, s]) => (s.state === 'done' ? [[id, s.value]] : [])),
  ) as WizardContext['results']
  const appliance = consoles.find((c) => c.sessionId === sessionId)
  const slot = results.slots?.slots.find((s) => s.slotId === slotId)
  const label = slot?.token?.label
  const choice = !slot
    ? undefined
    : by === 'token-name' && label
      ? ({ by: 'token-name', tokenName: label } as const)
      : ({ by: 'slot-id', slotId: slot.slotId } as const)

  return {
    ctx: {
      values,
      sessionId,
      appliance,
      isDemo: appliance ? appliance.profileId.startsWith('demo') : false,
      results,
      slot,
      choice,
      haGroups,
      cmsNote,
    },
    consoles,
    setSessionId,
    set,
    handle,
    keep: (kept) => {
      if (kept?.haGroups) setHaGroups(kept.haGroups)
    },
    slotId,
    setSlotId,
    by,
    setBy,
    transfer,
  }
}
