/**
 * The one component every client-side step is rendered by: the numbered frame with its guide, then the step's
 * body as steps/ describes it (actions with their fields and evidence, rows of fields, hints, custom parts).
 */
import type { ReactNode } from 'react'
import { Evidence } from './evidence'
import { PARTS, TransferProgress } from './parts'
import {
  callHost,
  FIELDS,
  stepNumber,
  withStepNumbers,
  type AnyAction,
  type BodyItem,
  type FieldName,
  type Hint,
  type StepDef,
} from './steps'
import type { Wizard } from './use-wizard'
import { PathField } from '../files/PathField'
import { Field, Step, StepAction } from './wizard-parts'

function FieldInput({ name, wizard }: { name: FieldName; wizard: Wizard }) {
  const field = FIELDS[name]
  const value = wizard.ctx.values[name]
  if (field.kind === 'checkbox')
    return (
      <label className="check">
        <input
          type="checkbox"
          checked={value !== ''}
          onChange={(e) => wizard.set(name, e.target.checked ? 'on' : '')}
        />
        {field.label}
      </label>
    )
  const placeholder =
    typeof field.placeholder === 'function' ? field.placeholder(wizard.ctx.values) : field.placeholder
  if (field.path)
    return (
      <div className="field">
        <span aria-hidden="true">{field.label}</span>
        <PathField
          label={field.label}
          purpose={field.path.purpose}
          {...(field.path.kind ? { kind: field.path.kind } : {})}
          {...(field.path.filters ? { filters: field.path.filters } : {})}
          {...(placeholder ? { placeholder } : {})}
          value={value}
          onChange={(v) => wizard.set(name, v)}
        />
      </div>
    )
  return (
    <Field
      label={field.label}
      value={value}
      onChange={(v) => wizard.set(name, v)}
      placeholder={placeholder}
      type={field.kind === 'password' ? 'password' : 'text'}
    />
  )
}

function HintView({ hint, wizard }: { hint: Hint; wizard: Wizard }) {
  const { ctx } = wizard
  if (hint.when && !hint.when(ctx)) return null
  const text = withStepNumbers(typeof hint.text === 'function' ? hint.text(ctx) : hint.text)
  if (!text) return null
  const fill = hint.fill
  return (
    <p className="hint" role={hint.note ? 'note' : undefined}>
      {text}
      {fill && (
        <>
          {' '}
          <button type="button" className="link" onClick={() => wizard.set(fill.field, fill.value)}>
            {fill.label}
          </button>
        </>
      )}
    </p>
  )
}

/** One action: its fields, its button (and any other request of the same action), and what came back. */
function ActionView({ def, wizard }: { def: AnyAction; wizard: Wizard }) {
  const { ctx } = wizard
  const handle = wizard.handle(def.id)
  const host = window.rackside
  /** A request whose answer the wizard keeps what it needs from (the HA groups read back). */
  const keeping = (request: () => Promise<unknown>) => async () => {
    const value = await request()
    wizard.keep(def.keeps?.(value))
    return value
  }
  const request = keeping(() => {
    for (const id of def.resets ?? []) wizard.handle(id).reset()
    return def.request ? def.request(ctx, host) : callHost(host, def.method, def.params(ctx))
  })
  const running = handle.status.state === 'running'
  const evidence = def.evidence
  const between = (
    <>
      {def.progress && <TransferProgress transfer={wizard.transfer} running={running} />}
      {def.hint && <HintView hint={def.hint} wizard={wizard} />}
    </>
  )
  return (
    <StepAction
      step={handle}
      label={def.label}
      request={request}
      row={!def.lone}
      {...(def.primary ? { primary: true } : {})}
      disabled={
        (def.ready ? !def.ready(ctx) : false) ||
        (def.once === true && (running || handle.status.state === 'done'))
      }
      {...(def.bad ? { bad: def.bad } : {})}
      onDone={() => {
        for (const name of def.clears ?? []) wizard.set(name, '')
      }}
      between={between}
      done={(value) =>
        typeof evidence === 'function' ? (
          evidence(value, ctx)
        ) : (
          <Evidence
            kind={evidence}
            value={value}
            wizard={wizard}
            then={def.then && <ActionView def={def.then} wizard={wizard} />}
          />
        )
      }
      extra={def.also
        ?.filter((other) => !other.when || other.when(ctx))
        .map((other) => (
          <button
            key={other.label}
            type="button"
            disabled={other.ready ? !other.ready(ctx) : undefined}
            title={other.title}
            onClick={() => void handle.run(keeping(() => callHost(host, def.method, other.params(ctx))))}
          >
            {other.label}
          </button>
        ))}
    >
      {def.fields?.map((name) => (
        <FieldInput key={name} name={name} wizard={wizard} />
      ))}
    </StepAction>
  )
}

function BodyView({ item, wizard }: { item: BodyItem; wizard: Wizard }): ReactNode {
  if ('action' in item) return <ActionView def={item.action} wizard={wizard} />
  if ('hint' in item) return <HintView hint={item.hint} wizard={wizard} />
  if ('row' in item)
    return (
      <div className="row">
        {item.row.map((name) => (
          <FieldInput key={name} name={name} wizard={wizard} />
        ))}
      </div>
    )
  const Part = PARTS[item.part]
  return <Part wizard={wizard} />
}

export function StepView({ def, wizard }: { def: StepDef; wizard: Wizard }) {
  return (
    <Step
      n={stepNumber(def.id)}
      title={def.title}
      guide={withStepNumbers(def.guide)}
      done={def.done(wizard.ctx)}
    >
      {def.body.map((item, i) => (
        <BodyView key={i} item={item} wizard={wizard} />
      ))}
    </Step>
  )
}
